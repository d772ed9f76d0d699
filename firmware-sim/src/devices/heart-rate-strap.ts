/**
 * A simulated BLE heart-rate strap: its GATT table (Heart Rate, Battery and Device Information services)
 * and the bytes it answers with. Every value is produced by the @openward/ble-codecs encoders, so the
 * simulator and the gateway's decoders can never drift apart. Radio state (range, links) lives in Air.
 */
import {
  encodeBatteryLevel,
  encodeBodySensorLocation,
  encodeHeartRateMeasurement,
  encodeUtf8String,
  type CodecResult,
} from '@openward/ble-codecs';
import type { ServiceInfo } from '@openward/sim-radio';
import type { StrapConfig } from '../config.js';
import {
  batteryLevelOf,
  createModel,
  initialState,
  nextSample,
  type Random,
  type StrapModel,
  type StrapSample,
  type StrapState,
} from '../physiology.js';

export const HEART_RATE_SERVICE = '180d';
export const HEART_RATE_MEASUREMENT = '2a37';
export const BODY_SENSOR_LOCATION = '2a38';
export const BATTERY_SERVICE = '180f';
export const BATTERY_LEVEL = '2a19';
export const DEVICE_INFO_SERVICE = '180a';

/** Services in the advertisement (brief: 180d, 180f, 180a). */
export const ADVERTISED_SERVICES = [HEART_RATE_SERVICE, BATTERY_SERVICE, DEVICE_INFO_SERVICE] as const;

/** The strap's GATT table as `discover` reports it. */
export const STRAP_GATT: readonly ServiceInfo[] = [
  {
    uuid: HEART_RATE_SERVICE,
    characteristics: [
      { uuid: HEART_RATE_MEASUREMENT, properties: ['notify'] },
      { uuid: BODY_SENSOR_LOCATION, properties: ['read'] },
    ],
  },
  { uuid: BATTERY_SERVICE, characteristics: [{ uuid: BATTERY_LEVEL, properties: ['read', 'notify'] }] },
  {
    uuid: DEVICE_INFO_SERVICE,
    characteristics: ['2a29', '2a24', '2a25', '2a26'].map((uuid) => ({
      uuid,
      properties: ['read' as const],
    })),
  },
];

export type GattLookup =
  { ok: true; properties: readonly string[] } | { ok: false; code: 'NOT_FOUND'; message: string };

/** A measurement to send now, from the control API: raw RR units of 1/1024 s, as in the codec value. */
export interface ManualMeasurement {
  heartRate: number;
  rrIntervals?: number[];
}

export class HeartRateStrap {
  readonly address: string;
  readonly localName: string;
  readonly baselineBpm: number;
  private readonly model: StrapModel;
  private state: StrapState;
  private readonly deviceInfo: Record<string, string>;

  constructor(
    config: StrapConfig,
    private readonly random: Random,
  ) {
    this.address = config.address;
    this.localName = config.localName;
    this.baselineBpm = config.baselineBpm;
    this.model = createModel(config.baselineBpm, random);
    this.state = initialState(random);
    this.deviceInfo = {
      '2a29': 'OpenWard Simulated Devices', // Manufacturer Name String
      '2a24': 'OW-HRM-SIM', // Model Number String
      '2a25': config.address.replace(/:/g, '').toUpperCase(), // Serial Number String
      '2a26': '1.0.0', // Firmware Revision String
    };
  }

  /** Finds a characteristic in the GATT table. */
  characteristic(service: string, characteristic: string): GattLookup {
    const svc = STRAP_GATT.find((s) => s.uuid === service);
    const chr = svc?.characteristics.find((c) => c.uuid === characteristic);
    if (!chr)
      return { ok: false, code: 'NOT_FOUND', message: `no characteristic ${service}/${characteristic}` };
    return { ok: true, properties: chr.properties };
  }

  /** The value a GATT read returns; the caller has checked the `read` property. */
  read(characteristic: string): CodecResult<Uint8Array> {
    if (characteristic === BODY_SENSOR_LOCATION) return encodeBodySensorLocation({ location: 'chest' });
    if (characteristic === BATTERY_LEVEL) return encodeBatteryLevel({ level: this.batteryLevel });
    const text = this.deviceInfo[characteristic];
    if (text !== undefined) return encodeUtf8String({ text });
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  get batteryLevel(): number {
    return batteryLevelOf(this.state);
  }

  /** Advances the physiology model to `nowMs` and encodes the resulting 0x2A37 notification. */
  nextMeasurement(nowMs: number): { sample: StrapSample; bytes: Uint8Array } {
    const next = nextSample(this.model, this.state, nowMs, this.random);
    this.state = next.state;
    const bytes = encodeHeartRateMeasurement(next.sample.measurement);
    // The model only produces in-range values (30–220 bpm, RR ≤ 2 s); an encode failure is a bug here.
    if (!bytes.ok) throw new Error(`physiology produced an unencodable measurement: ${bytes.message}`);
    return { sample: next.sample, bytes: bytes.value };
  }

  /** Encodes an explicit measurement (control API), with sensor contact detected like a worn strap. */
  manualMeasurement(m: ManualMeasurement): CodecResult<Uint8Array> {
    return encodeHeartRateMeasurement({
      heartRate: m.heartRate,
      sensorContact: 'detected',
      rrIntervals: m.rrIntervals ?? [],
    });
  }

  /** A plausible RSSI for an advert, dBm. */
  rssi(): number {
    return -55 - Math.round(this.random() * 20);
  }
}
