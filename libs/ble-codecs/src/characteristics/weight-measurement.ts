/**
 * Weight Measurement, UUID 0x2A9D (Weight Scale Service v1.0 §3.2; GSS v8 §3.239). Little-endian:
 *
 *   Flags (uint8) | Weight (uint16) | Time Stamp (date time, opt) | User ID (uint8, opt)
 *   | BMI (uint16, opt) | Height (uint16, opt; present together with BMI)
 *
 * Resolutions: weight 0.005 kg / 0.01 lb; BMI 0.1 kg/m²; height 0.001 m / 0.1 in (flags bit 0).
 * Weight 0xFFFF = "Measurement Unsuccessful"; WSS v1.0 §3.2.1.2: "If this is used, all optional fields
 * other than the Time Stamp field and the User ID field shall be disabled" — so 0xFFFF with flags bit 3
 * (BMI and Height) set violates the specification and is answered MALFORMED.
 */
import { ByteReader, ByteWriter } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import type { DateTimeFields } from './date-time.js';
import { checkLength, fixedToRaw } from './fields.js';
import {
  FLAG_TIME_STAMP,
  FLAG_USER_ID,
  encodeTimeStampAndUserId,
  readTimeStampAndUserId,
  writeTimeStampAndUserId,
} from './scale-header.js';
import {
  HEIGHT_STEPS_PER_UNIT,
  HEIGHT_UNIT,
  MASS_STEPS_PER_UNIT,
  MASS_UNIT,
  MEASUREMENT_UNSUCCESSFUL,
  MEASUREMENT_UNSUCCESSFUL_RAW,
  isMeasurementUnits,
  type MeasurementUnits,
  type MeasurementUnsuccessful,
} from './scale-units.js';

export const WEIGHT_MEASUREMENT_UUID16 = '2A9D';

// GSS §3.239.1 Flags field.
const FLAG_IMPERIAL = 0x01; // bit 0: Measurement Units (0 = SI kg/m, 1 = Imperial lb/in)
const FLAG_BMI_AND_HEIGHT = 0x08; // bit 3: BMI and Height present
// bits 4–7: RFU — ignored when decoding, written as 0.

const BMI_STEPS_PER_UNIT = 10; // BMI resolution 0.1 kg/m²

/** Unit names of a decoded Weight Measurement. */
export type WeightMeasurementUnits =
  { weight: 'kg'; height: 'm'; bmi: 'kg/m2' } | { weight: 'lb'; height: 'in'; bmi: 'kg/m2' };

const UNITS: Record<MeasurementUnits, WeightMeasurementUnits> = {
  SI: { weight: MASS_UNIT.SI, height: HEIGHT_UNIT.SI, bmi: 'kg/m2' },
  imperial: { weight: MASS_UNIT.imperial, height: HEIGHT_UNIT.imperial, bmi: 'kg/m2' },
};

/** A decoded Weight Measurement. */
export interface WeightMeasurement {
  /** Flags bit 0: SI (kg, m) or Imperial (lb, in). */
  measurementUnits: MeasurementUnits;
  /** Weight in `units.weight` (resolution 0.005 kg / 0.01 lb), or "measurement unsuccessful" (0xFFFF). */
  weight: number | MeasurementUnsuccessful;
  /** Time Stamp (flags bit 1); `undefined` when absent. */
  timeStamp: DateTimeFields | undefined;
  /** User ID (flags bit 2): 0–254 user index, 255 = unknown user; `undefined` when absent. */
  userId: number | undefined;
  /** BMI in kg/m² (resolution 0.1, flags bit 3); `undefined` when absent. */
  bmi: number | undefined;
  /** Height in `units.height` (0.001 m / 0.1 in, flags bit 3); `undefined` when absent. */
  height: number | undefined;
  units: WeightMeasurementUnits;
}

/** What the encoder accepts; a decoded value is also a valid input. */
export interface WeightMeasurementInput {
  measurementUnits: MeasurementUnits;
  weight: number | MeasurementUnsuccessful;
  timeStamp?: DateTimeFields | undefined;
  userId?: number | undefined;
  /** BMI and height are one flag (bit 3): give both or neither. */
  bmi?: number | undefined;
  height?: number | undefined;
}

const truncated = (what: string) => fail(CODEC_ERROR.TRUNCATED, `0x2A9D: ${what} missing`);

/**
 * Decodes a Weight Measurement. Total. Missing octets → TRUNCATED; Time Stamp out of range →
 * OUT_OF_RANGE; weight 0xFFFF together with BMI and Height → MALFORMED; RFU bits and octets after the
 * last flagged field are ignored.
 */
export function decodeWeightMeasurement(bytes: Uint8Array): CodecResult<WeightMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return truncated('Flags field (empty value)');
  // flags bit 0: Measurement Units.
  const measurementUnits: MeasurementUnits = (flags & FLAG_IMPERIAL) !== 0 ? 'imperial' : 'SI';
  const needed =
    3 +
    ((flags & FLAG_TIME_STAMP) !== 0 ? 7 : 0) +
    ((flags & FLAG_USER_ID) !== 0 ? 1 : 0) +
    ((flags & FLAG_BMI_AND_HEIGHT) !== 0 ? 4 : 0);
  const short = checkLength(bytes, needed, '0x2A9D', flags);
  if (short) return short;
  const weightRaw = r.uint16();
  if (weightRaw === undefined) return truncated('Weight (uint16)');
  const unsuccessful = weightRaw === MEASUREMENT_UNSUCCESSFUL_RAW;

  // flags bits 1–2: Time Stamp, User ID.
  const header = readTimeStampAndUserId(r, flags, '0x2A9D');
  if (!header.ok) return header;
  const { timeStamp, userId } = header.value;
  // flags bit 3: BMI and Height present (uint16 each).
  let bmi: number | undefined;
  let height: number | undefined;
  if ((flags & FLAG_BMI_AND_HEIGHT) !== 0) {
    const bmiRaw = r.uint16();
    if (bmiRaw === undefined) return truncated('BMI (flags bit 3)');
    const heightRaw = r.uint16();
    if (heightRaw === undefined) return truncated('Height (flags bit 3)');
    if (unsuccessful) {
      return fail(
        CODEC_ERROR.MALFORMED,
        '0x2A9D: weight 0xFFFF (measurement unsuccessful) must not carry BMI and Height (WSS §3.2.1.2)',
      );
    }
    bmi = bmiRaw / BMI_STEPS_PER_UNIT;
    height = heightRaw / HEIGHT_STEPS_PER_UNIT[measurementUnits];
  }
  return ok({
    measurementUnits,
    weight: unsuccessful ? MEASUREMENT_UNSUCCESSFUL : weightRaw / MASS_STEPS_PER_UNIT[measurementUnits],
    timeStamp,
    userId,
    bmi,
    height,
    units: UNITS[measurementUnits],
  });
}

/**
 * Encodes a Weight Measurement. Numbers are rounded to the field resolution. OUT_OF_RANGE for: unknown
 * measurementUnits; weight not in 0–327.67 kg / 0–655.34 lb (0xFFFF is reserved for "unsuccessful");
 * BMI/height outside uint16 after scaling, or only one of them given; invalid time stamp or user ID;
 * BMI/height together with "measurement unsuccessful".
 */
export function encodeWeightMeasurement(value: WeightMeasurementInput): CodecResult<Uint8Array> {
  const units = value.measurementUnits;
  if (!isMeasurementUnits(units)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A9D: measurementUnits ${String(units)} is not SI or imperial`);
  }
  const unsuccessful = value.weight === MEASUREMENT_UNSUCCESSFUL;
  const weightRaw = unsuccessful
    ? MEASUREMENT_UNSUCCESSFUL_RAW
    : fixedToRaw(value.weight, MASS_STEPS_PER_UNIT[units], MEASUREMENT_UNSUCCESSFUL_RAW - 1);
  if (weightRaw === undefined) {
    return fail(
      CODEC_ERROR.OUT_OF_RANGE,
      `0x2A9D: weight ${String(value.weight)} ${MASS_UNIT[units]} out of range`,
    );
  }
  let flags = units === 'imperial' ? FLAG_IMPERIAL : 0;
  const header = encodeTimeStampAndUserId(value, '0x2A9D');
  if (!header.ok) return header;
  flags |= header.value.flags;
  let bmiRaw: number | undefined;
  let heightRaw: number | undefined;
  if (value.bmi !== undefined || value.height !== undefined) {
    if (unsuccessful) {
      return fail(
        CODEC_ERROR.OUT_OF_RANGE,
        '0x2A9D: BMI/height cannot accompany an unsuccessful measurement',
      );
    }
    bmiRaw = fixedToRaw(value.bmi, BMI_STEPS_PER_UNIT, 0xffff);
    heightRaw = fixedToRaw(value.height, HEIGHT_STEPS_PER_UNIT[units], 0xffff);
    if (bmiRaw === undefined || heightRaw === undefined) {
      return fail(
        CODEC_ERROR.OUT_OF_RANGE,
        `0x2A9D: BMI ${String(value.bmi)} and height ${String(value.height)} must both be given and fit uint16`,
      );
    }
    flags |= FLAG_BMI_AND_HEIGHT;
  }
  const w = new ByteWriter().uint8(flags).uint16(weightRaw);
  writeTimeStampAndUserId(w, header.value);
  if (bmiRaw !== undefined && heightRaw !== undefined) w.uint16(bmiRaw).uint16(heightRaw);
  return ok(w.toBytes());
}

/** Registry entry for 0x2A9D. */
export const weightMeasurementCodec: CharacteristicCodec<WeightMeasurement, WeightMeasurementInput> = {
  uuid16: WEIGHT_MEASUREMENT_UUID16,
  name: 'Weight Measurement',
  decode: decodeWeightMeasurement,
  encode: encodeWeightMeasurement,
};
