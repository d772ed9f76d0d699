/**
 * The simulated "air": which straps are in range and advertising, which central (TCP connection) holds a
 * link to which strap, and which characteristics each link has subscribed to. It runs the advertising and
 * notification timers and turns protocol requests into results. One central per strap at a time, like a
 * BLE peripheral that accepts a single connection; a connected strap stops advertising.
 */
import { toHex, type RadioErrorCode, type RadioEvent, type RadioRequest } from '@openward/sim-radio';
import type { Logger } from 'pino';
import {
  ADVERTISED_SERVICES,
  BATTERY_LEVEL,
  BATTERY_SERVICE,
  HEART_RATE_MEASUREMENT,
  HEART_RATE_SERVICE,
  STRAP_GATT,
  type HeartRateStrap,
  type ManualMeasurement,
} from './devices/heart-rate-strap.js';

/** One connected central: the radio server gives each TCP connection one of these. */
export interface Central {
  readonly id: number;
  send(event: RadioEvent): void;
}

export type OpResult =
  { ok: true; result: Record<string, unknown> } | { ok: false; code: RadioErrorCode; message: string };

export type NotifyNowResult =
  | { ok: true; emittedAt: number; hex: string }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_SUBSCRIBED' | 'OUT_OF_RANGE'; message: string };

interface Link {
  central: Central;
  subscriptions: Set<string>;
}

interface Scan {
  serviceUuids: string[] | undefined;
}

export interface AirOptions {
  notifyIntervalMs: number;
  advertIntervalMs?: number;
  logger: Logger;
  /** Epoch milliseconds with sub-ms precision; injectable for tests. */
  now?: () => number;
}

/** Device status as the control API lists it. */
export interface DeviceStatus {
  address: string;
  localName: string;
  baselineBpm: number;
  inRange: boolean;
  auto: boolean;
  connectedCentral: number | null;
  subscriptions: string[];
  batteryLevel: number;
}

const key = (service: string, characteristic: string): string => `${service}/${characteristic}`;
const HR_KEY = key(HEART_RATE_SERVICE, HEART_RATE_MEASUREMENT);
const BATTERY_KEY = key(BATTERY_SERVICE, BATTERY_LEVEL);

export class Air {
  private readonly straps = new Map<string, HeartRateStrap>();
  private readonly inRange = new Map<string, boolean>();
  private readonly auto = new Map<string, boolean>();
  private readonly links = new Map<string, Link>();
  private readonly scans = new Map<Central, Scan>();
  private readonly lastBattery = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  /** Counters for the control API's /stats. */
  readonly counters = { notifications: 0, adverts: 0 };

  constructor(
    straps: readonly HeartRateStrap[],
    private readonly options: AirOptions,
  ) {
    for (const s of straps) {
      this.straps.set(s.address, s);
      this.inRange.set(s.address, true);
      this.auto.set(s.address, true);
    }
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  /** Starts the advertising ticker and each strap's periodic notification timer. */
  start(): void {
    this.timers.push(setInterval(() => this.advertiseAll(), this.options.advertIntervalMs ?? 200));
    for (const strap of this.straps.values()) {
      this.timers.push(setInterval(() => this.autoTick(strap), this.options.notifyIntervalMs));
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  /** A central went away (socket closed): its straps become free and stop notifying. */
  detach(central: Central): void {
    this.scans.delete(central);
    for (const [address, link] of this.links) {
      if (link.central === central) {
        this.links.delete(address);
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
        this.links.delete(req.address);
        this.options.logger.info({ address: req.address, central: central.id }, 'device disconnected');
        return { ok: true, result: {} };
      }
      case 'discover': {
        const linked = this.linkOf(central, req.address);
        return linked.ok ? { ok: true, result: { services: STRAP_GATT } } : linked;
      }
      case 'read': {
        const linked = this.linkOf(central, req.address);
        if (!linked.ok) return linked;
        const found = linked.strap.characteristic(req.service, req.characteristic);
        if (!found.ok) return found;
        if (!found.properties.includes('read')) {
          return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} is not readable` };
        }
        const value = linked.strap.read(req.characteristic);
        return value.ok
          ? { ok: true, result: { data: toHex(value.value) } }
          : { ok: false, code: 'GATT_ERROR', message: value.message };
      }
      case 'write': {
        const linked = this.linkOf(central, req.address);
        if (!linked.ok) return linked;
        const found = linked.strap.characteristic(req.service, req.characteristic);
        if (!found.ok) return found;
        return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} is not writable` };
      }
      case 'subscribe': {
        const linked = this.linkOf(central, req.address);
        if (!linked.ok) return linked;
        const found = linked.strap.characteristic(req.service, req.characteristic);
        if (!found.ok) return found;
        if (!found.properties.includes('notify')) {
          return { ok: false, code: 'NOT_SUPPORTED', message: `${req.characteristic} does not notify` };
        }
        const k = key(req.service, req.characteristic);
        if (req.on) linked.link.subscriptions.add(k);
        else linked.link.subscriptions.delete(k);
        return { ok: true, result: {} };
      }
    }
  }

  /** Control API: emit one 0x2A37 notification now to the subscribed central. */
  notifyNow(address: string, m: ManualMeasurement): NotifyNowResult {
    const strap = this.straps.get(address);
    if (!strap) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    const link = this.links.get(address);
    if (!link?.subscriptions.has(HR_KEY)) {
      return { ok: false, code: 'NOT_SUBSCRIBED', message: `no central is subscribed to ${address} 2a37` };
    }
    const bytes = strap.manualMeasurement(m);
    if (!bytes.ok) return { ok: false, code: 'OUT_OF_RANGE', message: bytes.message };
    const hex = this.emit(link, address, HEART_RATE_SERVICE, HEART_RATE_MEASUREMENT, bytes.value);
    const emittedAt = this.now();
    this.options.logger.debug({ address, heartRate: m.heartRate, hex }, 'notify');
    return { ok: true, emittedAt, hex };
  }

  /** Control API: pause or resume the periodic notifications. */
  setAuto(address: string, on: boolean): boolean {
    if (!this.straps.has(address)) return false;
    this.auto.set(address, on);
    return true;
  }

  /** Control API: move a strap out of (or back into) range; out of range drops its link. */
  setInRange(address: string, inRange: boolean): boolean {
    if (!this.straps.has(address)) return false;
    this.inRange.set(address, inRange);
    const link = this.links.get(address);
    if (!inRange && link) {
      this.links.delete(address);
      link.central.send({ ev: 'disconnected', address, reason: 'out-of-range' });
      this.options.logger.info({ address, central: link.central.id }, 'device out of range, link dropped');
    }
    return true;
  }

  devices(): DeviceStatus[] {
    return [...this.straps.values()].map((s) => {
      const link = this.links.get(s.address);
      return {
        address: s.address,
        localName: s.localName,
        baselineBpm: s.baselineBpm,
        inRange: this.inRange.get(s.address) ?? false,
        auto: this.auto.get(s.address) ?? false,
        connectedCentral: link?.central.id ?? null,
        subscriptions: link ? [...link.subscriptions] : [],
        batteryLevel: s.batteryLevel,
      };
    });
  }

  hasDevice(address: string): boolean {
    return this.straps.has(address);
  }

  private connect(central: Central, address: string): OpResult {
    const strap = this.straps.get(address);
    if (!strap) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    if (!this.inRange.get(address))
      return { ok: false, code: 'OUT_OF_RANGE', message: `${address} is out of range` };
    const existing = this.links.get(address);
    if (existing) {
      const who = existing.central === central ? 'this central' : 'another central';
      return { ok: false, code: 'ALREADY_CONNECTED', message: `${address} is connected to ${who}` };
    }
    this.links.set(address, { central, subscriptions: new Set() });
    this.options.logger.info({ address, central: central.id }, 'device connected');
    return { ok: true, result: {} };
  }

  private linkOf(
    central: Central,
    address: string,
  ): { ok: true; strap: HeartRateStrap; link: Link } | { ok: false; code: RadioErrorCode; message: string } {
    const strap = this.straps.get(address);
    if (!strap) return { ok: false, code: 'NOT_FOUND', message: `no device ${address}` };
    const link = this.links.get(address);
    if (!link || link.central !== central) {
      return { ok: false, code: 'NOT_CONNECTED', message: `${address} is not connected to this central` };
    }
    return { ok: true, strap, link };
  }

  private emit(
    link: Link,
    address: string,
    service: string,
    characteristic: string,
    bytes: Uint8Array,
  ): string {
    const data = toHex(bytes);
    link.central.send({ ev: 'notification', address, service, characteristic, data });
    this.counters.notifications += 1;
    return data;
  }

  /** Periodic tick: the strap always measures (battery drains, beats accumulate); it sends only if allowed. */
  private autoTick(strap: HeartRateStrap): void {
    const address = strap.address;
    const { sample, bytes } = strap.nextMeasurement(this.now());
    const link = this.links.get(address);
    if (!this.auto.get(address) || !link) return;
    if (link.subscriptions.has(HR_KEY)) {
      const hex = this.emit(link, address, HEART_RATE_SERVICE, HEART_RATE_MEASUREMENT, bytes);
      this.options.logger.debug({ address, heartRate: sample.measurement.heartRate, hex }, 'notify');
    }
    // Battery Service v1.0: notify Battery Level when it changes.
    const level = sample.batteryLevel;
    if (link.subscriptions.has(BATTERY_KEY) && this.lastBattery.get(address) !== level) {
      const battery = strap.read(BATTERY_LEVEL);
      if (battery.ok) this.emit(link, address, BATTERY_SERVICE, BATTERY_LEVEL, battery.value);
      this.lastBattery.set(address, level);
    }
  }

  private advertiseAll(): void {
    for (const central of this.scans.keys()) this.advertiseTo(central);
  }

  private advertiseTo(central: Central): void {
    const scan = this.scans.get(central);
    if (!scan) return;
    for (const strap of this.straps.values()) {
      if (!this.inRange.get(strap.address) || this.links.has(strap.address)) continue;
      if (
        scan.serviceUuids &&
        !scan.serviceUuids.some((u) => (ADVERTISED_SERVICES as readonly string[]).includes(u))
      ) {
        continue;
      }
      central.send({
        ev: 'advert',
        address: strap.address,
        addressType: 'public',
        connectable: true,
        rssi: strap.rssi(),
        localName: strap.localName,
        serviceUuids: [...ADVERTISED_SERVICES],
      });
      this.counters.adverts += 1;
    }
  }
}
