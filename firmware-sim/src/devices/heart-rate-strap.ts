/**
 * A simulated BLE heart-rate strap: Heart Rate service 180d (2a37 notify at the notification interval,
 * with RR intervals; 2a38 body sensor location) on top of the shared Battery / Device Information
 * services. The beat model is physiology.ts; its resting rate follows the patient's daily rhythm,
 * activity and scenario (atrial fibrillation makes the RR intervals irregular).
 */
import { encodeBodySensorLocation, encodeHeartRateMeasurement, type CodecResult } from '@openward/ble-codecs';
import type { Encoded } from '../gatt/encode.js';
import { PRIMARY_SERVICE, UUID, advertisedServices } from '../gatt/layout.js';
import {
  createModel,
  initialState,
  nextSample,
  seedFromString,
  type Random,
  type StrapModel,
  type StrapSample,
  type StrapState,
} from '../physiology.js';
import { DEFAULT_PROFILE, heartRateDrive } from '../physiology/vitals.js';
import { SimDevice, type DeviceSetup, type Emission, type FaultOutcome } from './device.js';
import type { FaultRequest } from './faults.js';

export const HEART_RATE_SERVICE = UUID.heartRateService;
export const HEART_RATE_MEASUREMENT = UUID.heartRateMeasurement;
export const BODY_SENSOR_LOCATION = UUID.bodySensorLocation;
export const BATTERY_SERVICE = UUID.batteryService;
export const BATTERY_LEVEL = UUID.batteryLevel;
export const DEVICE_INFO_SERVICE = UUID.deviceInfoService;

/** Services in the advertisement (180d, 180f, 180a). */
export const ADVERTISED_SERVICES = advertisedServices('heart-rate-strap');
export const STRAP_SERVICE = PRIMARY_SERVICE['heart-rate-strap'];

/** A measurement to send now, from the control API: raw RR units of 1/1024 s, as in the codec value. */
export interface ManualMeasurement {
  heartRate: number;
  rrIntervals?: number[];
}

/** The minimum a strap needs; everything else in {@link DeviceSetup} has a default. */
export type StrapSetup = { address: string; localName: string; baselineBpm: number } & Partial<
  Omit<DeviceSetup, 'address' | 'localName'>
>;

export class HeartRateStrap extends SimDevice {
  readonly baselineBpm: number;
  private readonly model: StrapModel;
  private state: StrapState;

  constructor(config: StrapSetup, random: Random, simNow: number = Date.now()) {
    super(
      {
        address: config.address,
        kind: 'heart-rate-strap',
        localName: config.localName,
        profile: config.profile ?? {
          ...DEFAULT_PROFILE,
          seed: seedFromString(config.address),
          restingBpm: config.baselineBpm,
        },
        scenario: config.scenario ?? 'stable',
        hasClock: false,
        clockSet: true,
        clockOffsetSeconds: 0,
        measureIntervalSeconds: 0,
        model: config.model ?? 'OW-HRM-SIM',
      },
      random,
      simNow,
    );
    this.baselineBpm = config.baselineBpm;
    this.model = createModel(config.baselineBpm, random);
    this.state = initialState(random);
    this.batteryPercent = this.state.batteryPercent;
  }

  override tickIntervalSimMs(notifyIntervalMs: number): number {
    return notifyIntervalMs;
  }

  protected readOwn(characteristic: string): Encoded {
    if (characteristic === BODY_SENSOR_LOCATION) return encodeBodySensorLocation({ location: 'chest' });
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  /** Advances the beat model to `nowMs` and encodes the resulting 0x2A37 notification. */
  nextMeasurement(nowMs: number): { sample: StrapSample; bytes: Uint8Array } {
    const drive = heartRateDrive(this.profile, this.scenario, nowMs);
    const model = {
      ...this.model,
      baselineBpm: this.baselineBpm + drive.offsetBpm,
      irregular: drive.irregularRhythm,
    };
    const next = nextSample(model, this.state, nowMs, this.random);
    this.state = next.state;
    this.batteryPercent = next.state.batteryPercent;
    const bytes = encodeHeartRateMeasurement(next.sample.measurement);
    // The model only produces in-range values (30–220 bpm, RR ≤ 2 s); an encode failure is a bug here.
    if (!bytes.ok) throw new Error(`physiology produced an unencodable measurement: ${bytes.message}`);
    return { sample: next.sample, bytes: bytes.value };
  }

  override tick(simNow: number): Emission[] {
    const { bytes } = this.nextMeasurement(simNow);
    return [this.emission(HEART_RATE_SERVICE, HEART_RATE_MEASUREMENT, bytes)];
  }

  override applyFault(request: FaultRequest, simNow: number): FaultOutcome {
    const r = super.applyFault(request, simNow);
    if (request.fault === 'low-battery') this.state = { ...this.state, batteryPercent: this.batteryPercent };
    return r;
  }

  /** Encodes an explicit measurement (control API), with sensor contact detected like a worn strap. */
  manualMeasurement(m: ManualMeasurement): CodecResult<Uint8Array> {
    return encodeHeartRateMeasurement({
      heartRate: m.heartRate,
      sensorContact: 'detected',
      rrIntervals: m.rrIntervals ?? [],
    });
  }

  override status(): Record<string, unknown> {
    return { baselineBpm: this.baselineBpm, ...super.status() };
  }
}
