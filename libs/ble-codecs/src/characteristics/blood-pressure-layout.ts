/**
 * The layout shared by Blood Pressure Measurement (0x2A35) and Intermediate Cuff Pressure (0x2A36)
 * (Blood Pressure Service (BLS) v1.0 §3.1–3.2; GSS v8 §3.31 and §3.126). Little-endian:
 *
 *   Flags (uint8) | Compound Value: 3 × SFLOAT | Time Stamp (date time, 7, opt) | Pulse Rate (SFLOAT, opt)
 *   | User ID (uint8, opt) | Measurement Status (16-bit, opt)
 *
 * For 0x2A35 the compound value is Systolic, Diastolic, Mean Arterial Pressure; for 0x2A36 it is Current
 * Cuff Pressure followed by the unused Diastolic and MAP sub-fields (see intermediate-cuff-pressure.ts).
 */
import { ByteReader, ByteWriter } from '../bytes.js';
import { decodeSfloat, type MedFloat, type MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';
import { checkLength, isUserId, readSfloat, writeSfloat } from './fields.js';

// GSS §3.31.1 Flags field (0x2A35; 0x2A36 uses the same flags).
const FLAG_UNITS_KPA = 0x01; // bit 0: Blood Pressure Units (0 = mmHg, 1 = kPa)
const FLAG_TIME_STAMP = 0x02; // bit 1: Time Stamp present
const FLAG_PULSE_RATE = 0x04; // bit 2: Pulse Rate present
const FLAG_USER_ID = 0x08; // bit 3: User ID present
const FLAG_MEASUREMENT_STATUS = 0x10; // bit 4: Measurement Status present
// bits 5–7: RFU — ignored when decoding (Core Spec v5.4 Vol 1 Part E §2.9 convention), written as 0.

// GSS §3.31.2 Measurement Status field (16-bit).
const STATUS_BODY_MOVEMENT = 0x0001; // bit 0: body movement during measurement
const STATUS_CUFF_TOO_LOOSE = 0x0002; // bit 1: cuff fit detection, 1 = cuff too loose
const STATUS_IRREGULAR_PULSE = 0x0004; // bit 2: irregular pulse detected
const STATUS_PULSE_RANGE_SHIFT = 3; // bits 3–4: pulse rate range detection (2-bit field)
const STATUS_IMPROPER_POSITION = 0x0020; // bit 5: improper measurement position
// bits 6–15: RFU — ignored when decoding, written as 0.

/** Pressure unit of the compound value (flags bit 0). */
export type BloodPressureUnit = 'mmHg' | 'kPa';

/**
 * Measurement Status bits 3–4 "Pulse Rate Range Detection": 0 within range, 1 exceeds upper limit,
 * 2 less than lower limit, 3 RFU (kept as `reserved` so it re-encodes unchanged).
 */
export const PULSE_RATE_RANGES = [
  'within-range',
  'exceeds-upper-limit',
  'below-lower-limit',
  'reserved',
] as const;
export type PulseRateRange = (typeof PULSE_RATE_RANGES)[number];

/** Decoded Measurement Status (GSS §3.31.2). */
export interface BloodPressureMeasurementStatus {
  bodyMovementDetected: boolean;
  cuffTooLoose: boolean;
  irregularPulseDetected: boolean;
  pulseRateRange: PulseRateRange;
  improperMeasurementPosition: boolean;
}

/** Encoder input for the Measurement Status: omitted booleans are false, omitted range is within-range. */
export type BloodPressureMeasurementStatusInput = Partial<BloodPressureMeasurementStatus>;

/** Fields after the compound value, common to 0x2A35 and 0x2A36. */
export interface BloodPressureTail {
  /** Time Stamp (flags bit 1); `undefined` when absent. */
  timeStamp: DateTimeFields | undefined;
  /** Pulse Rate in beats per minute (flags bit 2); `undefined` when absent. */
  pulseRate: MedFloat | undefined;
  /** User ID (flags bit 3): 0–254 user index, 255 = unknown user; `undefined` when absent. */
  userId: number | undefined;
  /** Measurement Status (flags bit 4); `undefined` when absent. */
  measurementStatus: BloodPressureMeasurementStatus | undefined;
}

/** Encoder input for the common tail. */
export interface BloodPressureTailInput {
  timeStamp?: DateTimeFields | undefined;
  pulseRate?: MedFloatInput | undefined;
  userId?: number | undefined;
  measurementStatus?: BloodPressureMeasurementStatusInput | undefined;
}

/** Result of the shared layout decoder: the unit, the three raw compound sub-fields and the tail. */
export interface BloodPressureLayout extends BloodPressureTail {
  unit: BloodPressureUnit;
  compound: [MedFloat, MedFloat, MedFloat];
  /** The compound sub-fields as raw 16-bit codes (0x2A36 checks the unused ones against NaN). */
  compoundRaw: [number, number, number];
}

function statusOf(raw: number): BloodPressureMeasurementStatus {
  return {
    bodyMovementDetected: (raw & STATUS_BODY_MOVEMENT) !== 0,
    cuffTooLoose: (raw & STATUS_CUFF_TOO_LOOSE) !== 0,
    irregularPulseDetected: (raw & STATUS_IRREGULAR_PULSE) !== 0,
    pulseRateRange: PULSE_RATE_RANGES[(raw >> STATUS_PULSE_RANGE_SHIFT) & 0x03] as PulseRateRange,
    improperMeasurementPosition: (raw & STATUS_IMPROPER_POSITION) !== 0,
  };
}

function statusRaw(s: BloodPressureMeasurementStatusInput): number | undefined {
  const range = PULSE_RATE_RANGES.indexOf(s.pulseRateRange ?? 'within-range');
  if (range < 0) return undefined;
  return (
    (s.bodyMovementDetected === true ? STATUS_BODY_MOVEMENT : 0) |
    (s.cuffTooLoose === true ? STATUS_CUFF_TOO_LOOSE : 0) |
    (s.irregularPulseDetected === true ? STATUS_IRREGULAR_PULSE : 0) |
    (range << STATUS_PULSE_RANGE_SHIFT) |
    (s.improperMeasurementPosition === true ? STATUS_IMPROPER_POSITION : 0)
  );
}

/**
 * Decodes the shared layout. `label` is the characteristic (e.g. '0x2A35') and `names` the three
 * compound sub-field names, for error messages. Missing octets → TRUNCATED; an out-of-range Time Stamp
 * field → OUT_OF_RANGE (date-time.ts); octets after the last flagged field are ignored (later extension).
 */
export function decodeBloodPressureLayout(
  bytes: Uint8Array,
  label: string,
  names: readonly [string, string, string],
): CodecResult<BloodPressureLayout> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return fail(CODEC_ERROR.TRUNCATED, `${label}: empty value, Flags field missing`);
  // flags bit 0: units of the compound value.
  const unit: BloodPressureUnit = (flags & FLAG_UNITS_KPA) !== 0 ? 'kPa' : 'mmHg';
  const needed =
    7 +
    ((flags & FLAG_TIME_STAMP) !== 0 ? 7 : 0) +
    ((flags & FLAG_PULSE_RATE) !== 0 ? 2 : 0) +
    ((flags & FLAG_USER_ID) !== 0 ? 1 : 0) +
    ((flags & FLAG_MEASUREMENT_STATUS) !== 0 ? 2 : 0);
  const short = checkLength(bytes, needed, label, flags);
  if (short) return short;

  const compoundRaw: number[] = [];
  for (const name of names) {
    const raw = r.uint16();
    if (raw === undefined) return fail(CODEC_ERROR.TRUNCATED, `${label}: ${name} (SFLOAT) missing`);
    compoundRaw.push(raw);
  }
  const [a, b, c] = compoundRaw as [number, number, number];
  const compound: [MedFloat, MedFloat, MedFloat] = [decodeSfloat(a), decodeSfloat(b), decodeSfloat(c)];

  // flags bit 1: Time Stamp present (date time, 7 octets).
  let timeStamp: DateTimeFields | undefined;
  if ((flags & FLAG_TIME_STAMP) !== 0) {
    const ts = decodeDateTimeFields(r, `${label} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
  }

  // flags bit 2: Pulse Rate present (SFLOAT, beats per minute).
  let pulseRate: MedFloat | undefined;
  if ((flags & FLAG_PULSE_RATE) !== 0) {
    pulseRate = readSfloat(r);
    if (pulseRate === undefined)
      return fail(CODEC_ERROR.TRUNCATED, `${label}: flags bit 2 set but Pulse Rate missing`);
  }

  // flags bit 3: User ID present (uint8).
  let userId: number | undefined;
  if ((flags & FLAG_USER_ID) !== 0) {
    userId = r.uint8();
    if (userId === undefined)
      return fail(CODEC_ERROR.TRUNCATED, `${label}: flags bit 3 set but User ID missing`);
  }

  // flags bit 4: Measurement Status present (16-bit).
  let measurementStatus: BloodPressureMeasurementStatus | undefined;
  if ((flags & FLAG_MEASUREMENT_STATUS) !== 0) {
    const raw = r.uint16();
    if (raw === undefined) {
      return fail(CODEC_ERROR.TRUNCATED, `${label}: flags bit 4 set but Measurement Status missing`);
    }
    measurementStatus = statusOf(raw);
  }

  return ok({
    unit,
    compound,
    compoundRaw: [a, b, c],
    timeStamp,
    pulseRate,
    userId,
    measurementStatus,
  });
}

/** Encodes the shared layout; invalid unit, time stamp, user ID or status → OUT_OF_RANGE. */
export function encodeBloodPressureLayout(
  label: string,
  unit: BloodPressureUnit,
  compound: readonly [MedFloatInput, MedFloatInput, MedFloatInput],
  tail: BloodPressureTailInput,
): CodecResult<Uint8Array> {
  if (unit !== 'mmHg' && unit !== 'kPa') {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `${label}: unit ${String(unit)} is not mmHg or kPa`);
  }
  let flags = unit === 'kPa' ? FLAG_UNITS_KPA : 0;
  let timeStamp: Uint8Array | undefined;
  if (tail.timeStamp !== undefined) {
    const ts = encodeDateTimeFields(tail.timeStamp, `${label} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
    flags |= FLAG_TIME_STAMP;
  }
  if (tail.pulseRate !== undefined) flags |= FLAG_PULSE_RATE;
  if (tail.userId !== undefined) {
    if (!isUserId(tail.userId)) {
      return fail(CODEC_ERROR.OUT_OF_RANGE, `${label}: userId ${String(tail.userId)} is not a uint8`);
    }
    flags |= FLAG_USER_ID;
  }
  let status: number | undefined;
  if (tail.measurementStatus !== undefined) {
    status = statusRaw(tail.measurementStatus);
    if (status === undefined) {
      return fail(CODEC_ERROR.OUT_OF_RANGE, `${label}: unknown pulseRateRange in measurementStatus`);
    }
    flags |= FLAG_MEASUREMENT_STATUS;
  }

  const w = new ByteWriter().uint8(flags);
  for (const v of compound) writeSfloat(w, v);
  if (timeStamp !== undefined) w.raw(timeStamp);
  if (tail.pulseRate !== undefined) writeSfloat(w, tail.pulseRate);
  if (tail.userId !== undefined) w.uint8(tail.userId);
  if (status !== undefined) w.uint16(status);
  return ok(w.toBytes());
}
