/**
 * The simulated "air": which devices are in range and advertising, which central (TCP connection) holds
 * a link to which device, and which characteristics each link has subscribed to. It runs the advertising,
 * tick and measurement timers and the devices' transmissions, and turns protocol requests into results.
 * One central per device at a time, like a BLE peripheral that accepts a single connection; a connected
 * device stops advertising. Indications travel exactly like notifications (`notification` events).
 */
import { toHex, type RadioErrorCode, type RadioRequest } from '@openward/sim-radio';
import type { Logger } from 'pino';
import { SimClock, realClock } from './clock.js';
import type { Overrides, SimDevice } from './devices/device.js';
import type { FaultRequest } from './devices/faults.js';
import { GlucoseMeter } from './devices/glucose-meter.js';
import {
  HEART_RATE_MEASUREMENT,
  HeartRateStrap,
  type ManualMeasurement,
} from './devices/heart-rate-strap.js';
import type { GlucoseRecord } from './devices/racp-server.js';
import { UUID } from './gatt/layout.js';
import type { ScenarioName } from './physiology/scenarios.js';
import { LinkTable, subscriptionKey as key, type Central, type Link } from './links.js';

export type { Central } from './links.js';

export type OpResult =
  { ok: true; result: Record<string, unknown> } | { ok: false; code: RadioErrorCode; message: string };

export type NotifyNowResult =
  | { ok: true; emittedAt: number; hex: string }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_SUBSCRIBED' | 'OUT_OF_RANGE' | 'NOT_SUPPORTED'; message: string };

export type ControlFailure = {
  ok: false;
  code: 'NOT_FOUND' | 'NOT_SUPPORTED' | 'BAD_REQUEST' | 'BUSY';
  message: string;
};

export type MeasureResult =
  | {
      ok: true;
      measuredAt: string;
      /** Whether a central was subscribed to the final measurement characteristic when it was taken. */
      subscribed: boolean;
      notifications: Array<{ characteristic: string; hex: string }>;
      summary: Record<string, unknown>;
    }
  | ControlFailure;

interface Scan {
  serviceUuids: string[] | undefined;
}

export interface AirOptions {
  /** Simulated interval of continuous notifications (heart rate, PLX continuous), ms. */
  notifyIntervalMs: number;
  advertIntervalMs?: number;
  logger: Logger;
  /** Epoch milliseconds with sub-ms precision; injectable for tests. */
  now?: () => number;
  /** Simulated time (SIM_TIME_SCALE); default real time. */
  clock?: SimClock;
}

/** Shortest real timer period, so a large time scale cannot spin the event loop. */
const MIN_REAL_INTERVAL_MS = 5;

const HR_KEY = key(UUID.heartRateService, HEART_RATE_MEASUREMENT);

export class Air {
  private readonly devicesByAddress = new Map<string, SimDevice>();
  private readonly inRange = new Map<string, boolean>();
  private readonly auto = new Map<string, boolean>();
  private readonly links: LinkTable;
  private readonly scans = new Map<Central, Scan>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  private readonly clock: SimClock;
  private readonly counts = { adverts: 0, faultsInjected: 0 };

  constructor(
    devices: readonly SimDevice[],
    private readonly options: AirOptions,
  ) {
    for (const d of devices) {
      this.devicesByAddress.set(d.address, d);
      this.inRange.set(d.address, true);
      this.auto.set(d.address, true);
    }
    this.now = options.now ?? realClock;
    this.clock = options.clock ?? new SimClock(1, this.now);
    this.links = new LinkTable(this.clock, this.devicesByAddress, options.logger);
  }

  /** Starts advertising, each device's tick timer and its measurement schedule. */
  start(): void {
    this.timers.push(setInterval(() => this.advertiseAll(), this.options.advertIntervalMs ?? 200));
    for (const device of this.devicesByAddress.values()) {
      const tickMs = this.clock.realDelay(
        device.tickIntervalSimMs(this.options.notifyIntervalMs),
        MIN_REAL_INTERVAL_MS,
      );
      this.timers.push(setInterval(() => this.tick(device), tickMs));
      if (device.measureIntervalSimMs !== null) {
        const everyMs = this.clock.realDelay(device.measureIntervalSimMs, MIN_REAL_INTERVAL_MS);
        this.timers.push(setInterval(() => this.scheduledMeasure(device), everyMs));
      }
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.links.stop();
  }

  /** A central went away (socket closed): its devices become free and stop notifying. */
  detach(central: Central): void {
    this.scans.delete(central);
    for (const [address, link] of [...this.links.entries()]) {
      if (link.central === central) {
        this.links.drop(address);
        this.options.logger.info({ address, central: central.id }, 'device released');
      }
    }
  }

  /** Executes one protocol request for `central`. Never throws for bad input; answers a code instead. */
  handle(central: Central, req: RadioRequest): OpResult {
    switch (req.op) {
      case 'hello':
        return req.version === 1
          ? { ok: true, result: { version: 1, radio: 'openward-firmware-sim' } }
          : {
              ok: false,
              code: 'NOT_SUPPORTED',
              message: `protocol version ${req.version} not supported (1)`,
            };
      case 'scan':
        if (!req.on) {
          this.scans.delete(central);
        } else {
          this.scans.set(central, { serviceUuids: req.serviceUuids?.length ? req.serviceUuids : undefined });
          setImmediate(() => this.advertiseTo(central)); // first adverts right after the response
        }
        return { ok: true, result: {} };
      case 'connect':
        return this.connect(central, req.address);
      case 'disconnect': {
        const linked = this.linkOf(central, req.address);
        if (!linked.ok) return linked;
        this.links.drop(req.address);
        this.options.logger.info({ address: req.address, central: central.id }, 'device disconnected');
        return { ok: true, result: {} };
      }
      case 'discover': {
        const linked = this.linkOf(central, req.address);
        return linked.ok ? { ok: true, result: { services: linked.device.gatt } } : linked;
      }
      case 'read': {
        const linked = this.characteristicOf(central, req.address, req.service, req.characteristic);
        if (!linked.ok) return linked;
        if (!linked.properties.includes('read')) {
          return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} is not readable` };
        }
        const value = linked.device.read(req.characteristic, this.clock.now());
        return value.ok
          ? { ok: true, result: { data: toHex(value.value) } }
          : { ok: false, code: 'GATT_ERROR', message: value.message };
      }
      case 'write':
        return this.write(central, req);
      case 'subscribe': {
        const linked = this.characteristicOf(central, req.address, req.service, req.characteristic);
        if (!linked.ok) return linked;
        if (!linked.properties.includes('notify') && !linked.properties.includes('indicate')) {
          return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} does not notify` };
        }
        const k = key(req.service, req.characteristic);
        if (req.on) linked.link.subscriptions.add(k);
        else linked.link.subscriptions.delete(k);
        return { ok: true, result: {} };
      }
    }
  }

  /** Control API: emit one 0x2A37 notification now to the subscribed central (heart-rate straps). */
  notifyNow(address: string, m: ManualMeasurement): NotifyNowResult {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    if (!(device instanceof HeartRateStrap)) {
      return { ok: false, code: 'NOT_SUPPORTED', message: `${address} is a ${device.kind}: use /measure` };
    }
    const link = this.links.get(address);
    if (!link?.subscriptions.has(HR_KEY)) {
      return { ok: false, code: 'NOT_SUBSCRIBED', message: `no central is subscribed to ${address} 2a37` };
    }
    const bytes = device.manualMeasurement(m);
    if (!bytes.ok) return { ok: false, code: 'OUT_OF_RANGE', message: bytes.message };
    const hex = this.links.send(link, address, UUID.heartRateService, HEART_RATE_MEASUREMENT, bytes.value);
    const emittedAt = this.now();
    this.options.logger.debug({ address, heartRate: m.heartRate, hex }, 'notify');
    return { ok: true, emittedAt, hex };
  }

  /** Control API: take a spot measurement now (BP cuff, thermometer, scales, oximeter, glucose meter). */
  measureNow(address: string, overrides: Overrides): MeasureResult {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    if (this.links.busy(address)) {
      return {
        ok: false,
        code: 'BUSY',
        message: `${address} is still sending a previous measurement or transfer`,
      };
    }
    const simNow = this.clock.now();
    const r = device.measure(simNow, overrides);
    if (!r.ok) return r;
    const last = r.steps.at(-1)?.emission;
    const link = this.links.get(address);
    this.links.startSteps(device, r.steps);
    this.options.logger.debug({ address, kind: device.kind, steps: r.steps.length }, 'measure');
    return {
      ok: true,
      measuredAt: new Date(simNow).toISOString(),
      subscribed:
        last !== undefined && (link?.subscriptions.has(key(last.service, last.characteristic)) ?? false),
      notifications: r.steps.flatMap((s) =>
        s.emission ? [{ characteristic: s.emission.characteristic, hex: toHex(s.emission.bytes) }] : [],
      ),
      summary: r.summary,
    };
  }

  /** Control API: inject a device fault. */
  injectFault(
    address: string,
    fault: FaultRequest,
  ): { ok: true; state: Record<string, unknown> } | ControlFailure {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    const r = device.applyFault(fault, this.clock.now());
    if (!r.ok) return { ok: false, code: 'NOT_SUPPORTED', message: r.message };
    for (const e of r.emissions) this.links.deliver(device, e);
    this.counts.faultsInjected += 1;
    this.options.logger.info({ address, fault: fault.fault }, 'fault injected');
    return { ok: true, state: r.state };
  }

  /** Control API: switch a device's patient to another scenario. */
  setScenario(address: string, scenario: ScenarioName): boolean {
    const device = this.devicesByAddress.get(address);
    if (!device) return false;
    device.setScenario(scenario, this.clock.now());
    this.options.logger.info({ address, scenario }, 'scenario set');
    return true;
  }

  /** Control API: a glucose meter's stored records. */
  records(address: string): { ok: true; records: readonly GlucoseRecord[] } | ControlFailure {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    if (!(device instanceof GlucoseMeter)) {
      return {
        ok: false,
        code: 'NOT_SUPPORTED',
        message: `${address} is a ${device.kind}, not a glucose meter`,
      };
    }
    return { ok: true, records: device.storedRecords() };
  }

  /** Control API: pause or resume the periodic notifications and measurements. */
  setAuto(address: string, on: boolean): boolean {
    if (!this.devicesByAddress.has(address)) return false;
    this.auto.set(address, on);
    return true;
  }

  /** Control API: move a device out of (or back into) range; out of range drops its link. */
  setInRange(address: string, inRange: boolean): boolean {
    if (!this.devicesByAddress.has(address)) return false;
    this.inRange.set(address, inRange);
    const link = this.links.get(address);
    if (!inRange && link) {
      this.links.drop(address);
      link.central.send({ ev: 'disconnected', address, reason: 'out-of-range' });
      this.options.logger.info({ address, central: link.central.id }, 'device out of range, link dropped');
    }
    return true;
  }

  /** Counters for the control API's /stats. */
  get counters(): Record<string, number> {
    return { ...this.counts, ...this.links.counters };
  }

  devices(): Array<Record<string, unknown>> {
    return [...this.devicesByAddress.values()].map((d) => {
      const link = this.links.get(d.address);
      return {
        address: d.address,
        localName: d.localName,
        inRange: this.inRange.get(d.address) ?? false,
        auto: this.auto.get(d.address) ?? false,
        connectedCentral: link?.central.id ?? null,
        subscriptions: link ? [...link.subscriptions] : [],
        ...d.status(),
      };
    });
  }

  hasDevice(address: string): boolean {
    return this.devicesByAddress.has(address);
  }

  /** The simulated time now (epoch ms). */
  simNow(): number {
    return this.clock.now();
  }

  private write(central: Central, req: Extract<RadioRequest, { op: 'write' }>): OpResult {
    const linked = this.characteristicOf(central, req.address, req.service, req.characteristic);
    if (!linked.ok) return linked;
    if (!linked.properties.includes('write') && !linked.properties.includes('writeWithoutResponse')) {
      return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} is not writable` };
    }
    const data = Uint8Array.from(Buffer.from(req.data, 'hex'));
    const r = linked.device.write(req.characteristic, data, {
      simNow: this.clock.now(),
      busy: this.links.busy(req.address),
      subscribed: (c) => linked.link.subscriptions.has(key(req.service, c)),
    });
    if (!r.ok) return r;
    if (r.cancelTransfer && this.links.cancelTransfer(req.address)) {
      this.options.logger.info({ address: req.address }, 'transfer aborted');
    }
    // The write response goes out first; the transfer's notifications follow on their timers.
    this.links.startSteps(linked.device, r.steps);
    return { ok: true, result: {} };
  }

  /** Periodic tick: the device always measures (battery drains, beats accumulate); it sends only if allowed. */
  private tick(device: SimDevice): void {
    const emissions = device.tick(this.clock.now());
    if (!this.auto.get(device.address) || !this.links.has(device.address)) return;
    for (const e of emissions) this.links.deliver(device, e);
    this.links.notifyBattery(device);
  }

  private scheduledMeasure(device: SimDevice): void {
    if (!this.auto.get(device.address) || this.links.busy(device.address)) return;
    const r = device.measure(this.clock.now(), {});
    if (r.ok) this.links.startSteps(device, r.steps);
  }

  private connect(central: Central, address: string): OpResult {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    if (!this.inRange.get(address))
      return { ok: false, code: 'OUT_OF_RANGE', message: `${address} is out of range` };
    const existing = this.links.get(address);
    if (existing) {
      const who = existing.central === central ? 'this central' : 'another central';
      return { ok: false, code: 'ALREADY_CONNECTED', message: `${address} is connected to ${who}` };
    }
    this.links.open(address, central);
    this.options.logger.info({ address, central: central.id }, 'device connected');
    return { ok: true, result: {} };
  }

  private linkOf(
    central: Central,
    address: string,
  ): { ok: true; device: SimDevice; link: Link } | { ok: false; code: RadioErrorCode; message: string } {
    const device = this.devicesByAddress.get(address);
    if (!device) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    const link = this.links.get(address);
    if (!link || link.central !== central) {
      return { ok: false, code: 'NOT_CONNECTED', message: `${address} is not connected to this central` };
    }
    return { ok: true, device, link };
  }

  private characteristicOf(
    central: Central,
    address: string,
    service: string,
    characteristic: string,
  ):
    | { ok: true; device: SimDevice; link: Link; properties: readonly string[] }
    | { ok: false; code: RadioErrorCode; message: string } {
    const linked = this.linkOf(central, address);
    if (!linked.ok) return linked;
    const found = linked.device.characteristic(service, characteristic);
    if (!found.ok) return found;
    return { ...linked, properties: found.properties };
  }

  private advertiseAll(): void {
    for (const central of this.scans.keys()) this.advertiseTo(central);
  }

  private advertiseTo(central: Central): void {
    const scan = this.scans.get(central);
    if (!scan) return;
    for (const device of this.devicesByAddress.values()) {
      if (!this.inRange.get(device.address) || this.links.has(device.address)) continue;
      if (scan.serviceUuids && !scan.serviceUuids.some((u) => device.advertised.includes(u))) continue;
      central.send({
        ev: 'advert',
        address: device.address,
        addressType: 'public',
        connectable: true,
        rssi: device.rssi(),
        localName: device.localName,
        serviceUuids: [...device.advertised],
      });
      this.counts.adverts += 1;
    }
  }
}
