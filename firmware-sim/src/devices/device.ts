/**
 * The shared base of every simulated peripheral: its GATT table, Battery / Device Information / Current
 * Time services, the patient it measures (profile + scenario), its own clock, and the faults the control
 * API can inject. Kind-specific files add the measurement characteristics. Radio state (range, links,
 * subscriptions, timers) lives in Air; a device only turns simulated time and requests into bytes, always
 * through the @openward/ble-codecs encoders (gatt/encode.ts).
 */
import type { DeviceKind } from '@openward/contracts';
import type { RadioErrorCode, ServiceInfo } from '@openward/sim-radio';
import { dateTimeFieldsAt, deviceClock, type DeviceClockState } from '../clock.js';
import { encodeBatteryValue, encodeCurrentTimeValue, encodeText, type Encoded } from '../gatt/encode.js';
import { advertisedServices, gattTable, UUID } from '../gatt/layout.js';
import type { Random } from '../physiology.js';
import type { ScenarioName, ScenarioState } from '../physiology/scenarios.js';
import { vitalsAt, type PatientProfile, type Vitals } from '../physiology/vitals.js';
import { applyByteFault, initialFaults, type FaultRequest, type FaultState } from './faults.js';

/** Bytes for one characteristic; `measurement` marks values the malformed/truncated faults may hit. */
export interface Emission {
  service: string;
  characteristic: string;
  bytes: Uint8Array;
  measurement: boolean;
}

/**
 * One step of a transmission (a BP cuff's inflation series, an RACP transfer): wait, then send or drop the
 * link. `simDelayMs` follows SIM_TIME_SCALE; `realDelayMs` does not (radio pacing).
 */
export interface Step {
  simDelayMs?: number;
  realDelayMs?: number;
  emission?: Emission;
  disconnect?: string;
}

export type Failure = { ok: false; code: RadioErrorCode; message: string };

export type WriteOutcome = { ok: true; steps: Step[]; cancelTransfer?: boolean } | Failure;

/** What Air tells a device about the link when a write arrives. */
export interface WriteContext {
  simNow: number;
  /** A transmission (e.g. an RACP transfer) is still running on this device. */
  busy: boolean;
  /** The connected central has enabled notifications/indications of this characteristic. */
  subscribed(characteristic: string): boolean;
}

/** A measurement taken now (control API or the periodic schedule). */
export type MeasureOutcome =
  | { ok: true; steps: Step[]; summary: Record<string, unknown> }
  | { ok: false; code: 'NOT_SUPPORTED' | 'BAD_REQUEST'; message: string };

export type FaultOutcome = { ok: true; emissions: Emission[]; state: Record<string, unknown> } | Failure;

/** Everything a device needs from SIM_DEVICES (config.ts fills the defaults). */
export interface DeviceSetup {
  address: string;
  kind: DeviceKind;
  localName: string;
  profile: PatientProfile;
  scenario: ScenarioName;
  hasClock: boolean;
  clockSet: boolean;
  clockOffsetSeconds: number;
  /** Simulated seconds between automatic measurements; 0 = only on demand. */
  measureIntervalSeconds: number;
  model: string;
}

export type GattLookup =
  { ok: true; properties: readonly string[] } | { ok: false; code: 'NOT_FOUND'; message: string };

/** Measurement overrides from the control API body (each kind validates the fields it knows). */
export type Overrides = Record<string, unknown>;

/**
 * Reads an optional numeric override: absent → undefined; present but not a number in [min, max] →
 * an error message naming the field.
 */
export function numberOverride(
  overrides: Overrides,
  name: string,
  min: number,
  max: number,
): { ok: true; value: number | undefined } | { ok: false; message: string } {
  const v = overrides[name];
  if (v === undefined) return { ok: true, value: undefined };
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    return { ok: false, message: `"${name}" must be a number from ${min} to ${max}` };
  }
  return { ok: true, value: v };
}

/** Reads several numeric overrides at once; the first bad one fails the lot. */
export function numberOverrides<K extends string>(
  overrides: Overrides,
  spec: Record<K, readonly [number, number]>,
): { ok: true; value: Partial<Record<K, number>> } | { ok: false; code: 'BAD_REQUEST'; message: string } {
  const value: Partial<Record<K, number>> = {};
  for (const name of Object.keys(spec) as K[]) {
    const [min, max] = spec[name];
    const r = numberOverride(overrides, name, min, max);
    if (!r.ok) return { ok: false, code: 'BAD_REQUEST', message: r.message };
    if (r.value !== undefined) value[name] = r.value;
  }
  return { ok: true, value };
}

const FIRMWARE = '1.4.0';
const SOFTWARE = '2026.11';

export abstract class SimDevice {
  readonly address: string;
  readonly kind: DeviceKind;
  readonly localName: string;
  readonly hasClock: boolean;
  readonly gatt: readonly ServiceInfo[];
  readonly advertised: readonly string[];
  protected readonly profile: PatientProfile;
  protected scenario: ScenarioState;
  protected clock: DeviceClockState;
  protected batteryPercent: number;
  /** Battery drain, percent per simulated hour, and per measurement taken. */
  protected drainPerHour = 0.05;
  protected drainPerMeasurement = 0.05;
  protected readonly faults: FaultState = initialFaults();
  private lastDrainMs: number | null = null;
  private readonly deviceInfo: Record<string, string>;
  readonly measureIntervalSimMs: number | null;

  constructor(
    setup: DeviceSetup,
    protected readonly random: Random,
    simNow: number,
  ) {
    this.address = setup.address;
    this.kind = setup.kind;
    this.localName = setup.localName;
    this.hasClock = setup.hasClock;
    this.gatt = gattTable(setup.kind, setup.hasClock);
    this.advertised = advertisedServices(setup.kind);
    this.profile = setup.profile;
    this.scenario = { name: setup.scenario, startedAtMs: simNow };
    this.clock = deviceClock(setup.clockOffsetSeconds, setup.clockSet, simNow);
    this.batteryPercent = 80 + random() * 20;
    this.measureIntervalSimMs = setup.measureIntervalSeconds > 0 ? setup.measureIntervalSeconds * 1000 : null;
    this.deviceInfo = {
      [UUID.manufacturerName]: 'OpenWard Simulated Devices',
      [UUID.modelNumber]: setup.model,
      [UUID.serialNumber]: setup.address.replace(/:/g, '').toUpperCase(),
      [UUID.firmwareRevision]: FIRMWARE,
      [UUID.softwareRevision]: SOFTWARE,
    };
  }

  /** How often Air calls {@link tick}, simulated ms (continuous devices override it). */
  tickIntervalSimMs(notifyIntervalMs: number): number {
    return Math.max(notifyIntervalMs, 10_000);
  }

  /** Finds a characteristic in the GATT table. */
  characteristic(service: string, characteristic: string): GattLookup {
    const svc = this.gatt.find((s) => s.uuid === service);
    const chr = svc?.characteristics.find((c) => c.uuid === characteristic);
    if (!chr)
      return { ok: false, code: 'NOT_FOUND', message: `no characteristic ${service}/${characteristic}` };
    return { ok: true, properties: chr.properties };
  }

  /** The value a GATT read returns; Air has checked the `read` property. */
  read(characteristic: string, simNow: number): Encoded {
    if (characteristic === UUID.batteryLevel) return encodeBatteryValue(this.batteryLevel);
    if (characteristic === UUID.currentTime)
      return encodeCurrentTimeValue(dateTimeFieldsAt(this.clock, simNow), simNow);
    const text = this.deviceInfo[characteristic];
    if (text !== undefined) return encodeText(text);
    return this.readOwn(characteristic, simNow);
  }

  /** Kind-specific readable values (features, types, body sensor location…). */
  protected abstract readOwn(characteristic: string, simNow: number): Encoded;

  /** A GATT write (only characteristics with the `write` property reach here). */
  write(characteristic: string, _data: Uint8Array, _ctx: WriteContext): WriteOutcome {
    return { ok: false, code: 'NOT_SUPPORTED', message: `${characteristic} is not writable` };
  }

  /** The periodic tick: drains the battery; continuous devices add their notification. */
  tick(simNow: number): Emission[] {
    this.drain(simNow);
    return [];
  }

  /** Takes a spot measurement now (control API `measure` or the periodic schedule). */
  measure(_simNow: number, _overrides: Overrides): MeasureOutcome {
    return { ok: false, code: 'NOT_SUPPORTED', message: `a ${this.kind} has no spot measurement` };
  }

  get batteryLevel(): number {
    return Math.max(0, Math.min(100, Math.ceil(this.batteryPercent)));
  }

  get scenarioName(): ScenarioName {
    return this.scenario.name;
  }

  /** Switches the patient to another scenario from now on. */
  setScenario(name: ScenarioName, simNow: number): void {
    this.scenario = { name, startedAtMs: simNow };
  }

  /** Applies a control-API fault; clock changes notify Current Time, battery changes Battery Level. */
  applyFault(request: FaultRequest, simNow: number): FaultOutcome {
    const emissions: Emission[] = [];
    switch (request.fault) {
      case 'clock-not-set':
      case 'clock-drift': {
        if (!this.hasClock)
          return { ok: false, code: 'NOT_SUPPORTED', message: `${this.address} has no clock` };
        this.clock =
          request.fault === 'clock-not-set'
            ? { ...this.clock, set: request.clear, resetAtMs: simNow }
            : { ...this.clock, set: true, offsetMs: request.seconds * 1000 };
        const cts = this.read(UUID.currentTime, simNow);
        if (cts.ok) emissions.push(this.housekeeping(UUID.currentTimeService, UUID.currentTime, cts.value));
        break;
      }
      case 'low-battery':
        // Air notifies Battery Level when it sees the change.
        this.batteryPercent = request.level;
        break;
      default: {
        const r = this.armFault(request);
        if (!r.ok) return r;
      }
    }
    return { ok: true, emissions, state: this.faultState() };
  }

  /** One-shot faults on the outgoing stream; kinds may refuse those that make no sense for them. */
  protected armFault(request: FaultRequest): { ok: true } | Failure {
    switch (request.fault) {
      case 'malformed':
        this.faults.malformed += request.count;
        return { ok: true };
      case 'truncated':
        this.faults.truncated += request.count;
        return { ok: true };
      case 'duplicate-record':
        this.faults.duplicate += request.count;
        return { ok: true };
      case 'disconnect-mid-transfer':
        this.faults.disconnectAfter = request.afterNotifications ?? null;
        this.faults.disconnectArmed = true;
        return { ok: true };
      case 'clear':
        Object.assign(this.faults, initialFaults());
        return { ok: true };
      default:
        return { ok: false, code: 'NOT_SUPPORTED', message: `fault ${request.fault} is not handled here` };
    }
  }

  /**
   * Air calls this when a multi-notification transfer starts: an armed disconnect-mid-transfer fault is
   * consumed and says after how many notifications to drop the link (null = half of them).
   */
  takeDisconnectFault(): { after: number | null } | undefined {
    if (!this.faults.disconnectArmed) return undefined;
    this.faults.disconnectArmed = false;
    const after = this.faults.disconnectAfter;
    this.faults.disconnectAfter = null;
    return { after };
  }

  /** Air calls this just before sending: a pending malformed/truncated fault replaces the bytes once. */
  outgoing(e: Emission): Emission & { fault?: 'malformed' | 'truncated' } {
    if (!e.measurement) return e;
    if (this.faults.truncated > 0) {
      this.faults.truncated -= 1;
      return { ...e, bytes: applyByteFault('truncated', e.characteristic, e.bytes), fault: 'truncated' };
    }
    if (this.faults.malformed > 0) {
      this.faults.malformed -= 1;
      return { ...e, bytes: applyByteFault('malformed', e.characteristic, e.bytes), fault: 'malformed' };
    }
    return e;
  }

  /** Control API `GET /devices` entry. */
  status(): Record<string, unknown> {
    return {
      kind: this.kind,
      scenario: this.scenario.name,
      batteryLevel: this.batteryLevel,
      clock: this.hasClock ? { set: this.clock.set, offsetSeconds: this.clock.offsetMs / 1000 } : null,
      faults: this.faultState(),
    };
  }

  protected faultState(): Record<string, unknown> {
    return {
      malformed: this.faults.malformed,
      truncated: this.faults.truncated,
      duplicateRecord: this.faults.duplicate,
      disconnectMidTransfer: this.faults.disconnectArmed,
    };
  }

  /** The patient's vitals now. */
  protected vitals(simNow: number): Vitals {
    return vitalsAt(this.profile, this.scenario, simNow, this.random);
  }

  /** The time stamp a measurement carries: undefined without a clock. */
  protected timestamp(simNow: number): ReturnType<typeof dateTimeFieldsAt> | undefined {
    return this.hasClock ? dateTimeFieldsAt(this.clock, simNow) : undefined;
  }

  protected drain(simNow: number, measurements = 0): void {
    const elapsed = this.lastDrainMs === null ? 0 : Math.max(0, simNow - this.lastDrainMs);
    this.lastDrainMs = simNow;
    this.batteryPercent = Math.max(
      0,
      this.batteryPercent -
        (this.drainPerHour * elapsed) / 3_600_000 -
        this.drainPerMeasurement * measurements,
    );
  }

  /** A spot measurement's final indication; a pending duplicate-record fault sends it twice. */
  protected finalSteps(final: Emission, simDelayMs = 0): Step[] {
    const steps: Step[] = [{ simDelayMs, emission: final }];
    if (this.faults.duplicate > 0) {
      this.faults.duplicate -= 1;
      steps.push({ realDelayMs: 0, emission: final });
    }
    return steps;
  }

  /** A plausible RSSI for an advert, dBm. */
  rssi(): number {
    return -55 - Math.round(this.random() * 20);
  }

  protected emission(service: string, characteristic: string, bytes: Uint8Array): Emission {
    return { service, characteristic, bytes, measurement: true };
  }

  protected housekeeping(service: string, characteristic: string, bytes: Uint8Array): Emission {
    return { service, characteristic, bytes, measurement: false };
  }
}
