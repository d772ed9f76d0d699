/**
 * Heart Rate Measurement, UUID 0x2A37 (Heart Rate Service v1.0 §3.1; GATT Specification Supplement v8
 * (GSS) §3.113). Layout, little-endian:
 *
 *   Flags (uint8) | Heart Rate (uint8 or uint16) | Energy Expended (uint16, opt) | RR-Interval (uint16 × n, opt)
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';

export const HEART_RATE_MEASUREMENT_UUID16 = '2A37';

// GSS §3.113.1 Flags field.
const FLAG_VALUE_FORMAT_UINT16 = 0x01; // bit 0: Heart Rate Value Format (0 = uint8, 1 = uint16)
const FLAG_CONTACT_DETECTED = 0x02; // bit 1: Sensor Contact detected (meaningful only if bit 2 is set)
const FLAG_CONTACT_SUPPORTED = 0x04; // bit 2: Sensor Contact feature supported
const FLAG_ENERGY_EXPENDED = 0x08; // bit 3: Energy Expended field present
const FLAG_RR_INTERVAL = 0x10; // bit 4: RR-Interval field present
// bits 5–7: Reserved for Future Use. Bluetooth Core Specification, Vol 1 Part E (conventions): RFU bits
// are set to 0 by senders and ignored by receivers, so the decoder ignores them (not reported) and the
// encoder always writes 0.

/** Heart rate value format (flags bit 0). */
export type HeartRateFormat = 'uint8' | 'uint16';

/** Sensor contact status (flags bits 1–2). */
export type SensorContact = 'not-supported' | 'not-detected' | 'detected';

/** UCUM units of the decoded fields (`rrIntervals` itself is in raw 1/1024 s units). */
export const HEART_RATE_MEASUREMENT_UNITS = {
  heartRate: '/min',
  energyExpended: 'kJ',
  rrIntervalsMs: 'ms',
} as const;

/** RR-Interval resolution: 1/1024 second (GSS v8 §3.113, RR-Interval field). */
export const RR_INTERVAL_UNITS_PER_SECOND = 1024;

/** A decoded Heart Rate Measurement. */
export interface HeartRateMeasurement {
  /** Beats per minute. */
  heartRate: number;
  heartRateFormat: HeartRateFormat;
  sensorContact: SensorContact;
  /** Accumulated energy expended since the last reset, kJ; `undefined` when the field is absent. */
  energyExpended: number | undefined;
  /** RR-intervals in raw units of 1/1024 s, oldest first (HRS v1.0 §3.1.1.5). Empty when absent. */
  rrIntervals: number[];
  /** The same RR-intervals in milliseconds (raw × 1000 / 1024), unrounded. */
  rrIntervalsMs: number[];
  units: typeof HEART_RATE_MEASUREMENT_UNITS;
}

/** What the encoder accepts. A decoded {@link HeartRateMeasurement} is also a valid input. */
export interface HeartRateMeasurementInput {
  heartRate: number;
  /** Default: 'uint8' when heartRate ≤ 255, else 'uint16'. */
  heartRateFormat?: HeartRateFormat;
  /** Default: 'not-supported'. */
  sensorContact?: SensorContact;
  /** kJ, uint16; omitted or undefined → field absent. */
  energyExpended?: number | undefined;
  /** Raw 1/1024 s units, uint16 each; omitted or empty → field absent. */
  rrIntervals?: readonly number[];
}

/** Converts raw RR-interval units (1/1024 s) to milliseconds. */
export function rrIntervalToMs(raw: number): number {
  return (raw * 1000) / RR_INTERVAL_UNITS_PER_SECOND;
}

/** Converts milliseconds to the nearest raw RR-interval unit (1/1024 s). */
export function msToRrInterval(ms: number): number {
  return Math.round((ms * RR_INTERVAL_UNITS_PER_SECOND) / 1000);
}

function sensorContactOf(flags: number): SensorContact {
  // GSS §3.113.1 bits 1–2: bit 2 clear → feature not supported (bit 1 carries no meaning then).
  if ((flags & FLAG_CONTACT_SUPPORTED) === 0) return 'not-supported';
  return (flags & FLAG_CONTACT_DETECTED) !== 0 ? 'detected' : 'not-detected';
}

/**
 * Decodes a Heart Rate Measurement value. Total: never throws.
 *
 * Error decisions:
 * - empty buffer, or a flagged field that does not fit → `TRUNCATED`;
 * - RR-Interval flag set with an odd number of octets left → `TRUNCATED`: GSS v8 §3.113 defines the field
 *   as a sequence of uint16, so a lone last octet is a uint16 cut short (a notification clipped at the
 *   ATT MTU looks exactly like this), not a differently-shaped value;
 * - RR-Interval flag set with no octet left → `TRUNCATED`: flags bit 4 means "RR-Interval values are
 *   present", so a field holding none was cut off;
 * - octets after the last field when the RR-Interval flag is clear are ignored: no field is defined
 *   there, so they can only be a later extension of the value, which a receiver ignores like RFU bits
 *   (this keeps old gateways working with newer sensors). Such values do not re-encode byte-exactly.
 */
export function decodeHeartRateMeasurement(bytes: Uint8Array): CodecResult<HeartRateMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return fail(CODEC_ERROR.TRUNCATED, '0x2A37: empty value, Flags field missing');

  // 0x2A37 flags bit 0: Heart Rate Measurement Value format.
  const heartRateFormat: HeartRateFormat = (flags & FLAG_VALUE_FORMAT_UINT16) !== 0 ? 'uint16' : 'uint8';
  const heartRate = heartRateFormat === 'uint16' ? r.uint16() : r.uint8();
  if (heartRate === undefined) {
    return fail(CODEC_ERROR.TRUNCATED, `0x2A37: Heart Rate Measurement Value (${heartRateFormat}) missing`);
  }

  // 0x2A37 flags bit 3: Energy Expended present (uint16, kJ; GSS v8 §3.113 Energy Expended field).
  let energyExpended: number | undefined;
  if ((flags & FLAG_ENERGY_EXPENDED) !== 0) {
    energyExpended = r.uint16();
    if (energyExpended === undefined) {
      return fail(CODEC_ERROR.TRUNCATED, '0x2A37: flags bit 3 set but Energy Expended (uint16) missing');
    }
  }

  // 0x2A37 flags bit 4: RR-Interval present; as many uint16 as fill the rest (HRS v1.0 §3.1.1.5).
  const rrIntervals: number[] = [];
  if ((flags & FLAG_RR_INTERVAL) !== 0) {
    if (r.remaining === 0) {
      return fail(CODEC_ERROR.TRUNCATED, '0x2A37: flags bit 4 set but no RR-Interval present');
    }
    if (r.remaining % 2 !== 0) {
      return fail(
        CODEC_ERROR.TRUNCATED,
        `0x2A37: RR-Interval area has an odd length (${r.remaining} octets)`,
      );
    }
    for (let rr = r.uint16(); rr !== undefined; rr = r.uint16()) rrIntervals.push(rr);
  }

  return ok({
    heartRate,
    heartRateFormat,
    sensorContact: sensorContactOf(flags),
    energyExpended,
    rrIntervals,
    rrIntervalsMs: rrIntervals.map(rrIntervalToMs),
    units: HEART_RATE_MEASUREMENT_UNITS,
  });
}

/**
 * Encodes a Heart Rate Measurement value. Total: out-of-range fields answer `OUT_OF_RANGE`.
 * The encoder does not split RR-intervals across notifications; with the default ATT MTU (23) a sensor
 * sends at most 9 (uint8 rate, no energy) or 7 (uint16 rate + energy) per notification (HRS v1.0
 * §3.1.1.5), which is the caller's concern.
 */
export function encodeHeartRateMeasurement(value: HeartRateMeasurementInput): CodecResult<Uint8Array> {
  const format: HeartRateFormat = value.heartRateFormat ?? (value.heartRate > 0xff ? 'uint16' : 'uint8');
  const max = format === 'uint16' ? 0xffff : 0xff;
  if (!isIntIn(value.heartRate, 0, max)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A37: heartRate ${String(value.heartRate)} is not a ${format}`);
  }
  const energy = value.energyExpended;
  if (energy !== undefined && !isIntIn(energy, 0, 0xffff)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A37: energyExpended ${String(energy)} is not a uint16 (kJ)`);
  }
  const rr = value.rrIntervals ?? [];
  const badRr = rr.find((v) => !isIntIn(v, 0, 0xffff));
  if (badRr !== undefined) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A37: RR-interval ${String(badRr)} is not a uint16 (1/1024 s)`);
  }

  let flags = 0;
  if (format === 'uint16') flags |= FLAG_VALUE_FORMAT_UINT16; // flags bit 0
  const contact = value.sensorContact ?? 'not-supported';
  if (contact !== 'not-supported') flags |= FLAG_CONTACT_SUPPORTED; // flags bit 2
  if (contact === 'detected') flags |= FLAG_CONTACT_DETECTED; // flags bit 1
  if (energy !== undefined) flags |= FLAG_ENERGY_EXPENDED; // flags bit 3
  if (rr.length > 0) flags |= FLAG_RR_INTERVAL; // flags bit 4

  const w = new ByteWriter().uint8(flags);
  if (format === 'uint16') w.uint16(value.heartRate);
  else w.uint8(value.heartRate);
  if (energy !== undefined) w.uint16(energy);
  for (const v of rr) w.uint16(v);
  return ok(w.toBytes());
}

/** Registry entry for 0x2A37. */
export const heartRateMeasurementCodec: CharacteristicCodec<HeartRateMeasurement, HeartRateMeasurementInput> =
  {
    uuid16: HEART_RATE_MEASUREMENT_UUID16,
    name: 'Heart Rate Measurement',
    decode: decodeHeartRateMeasurement,
    encode: encodeHeartRateMeasurement,
  };
