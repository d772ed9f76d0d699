/**
 * Intermediate Cuff Pressure, UUID 0x2A36 (Blood Pressure Service v1.0 §3.2; GSS v8 §3.126). Same layout
 * as Blood Pressure Measurement (blood-pressure-layout.ts); the Systolic sub-field carries the Current
 * Cuff Pressure and the Diastolic and Mean Arterial Pressure sub-fields are unused: BLS v1.0 §3.2 says the
 * server shall set them to the SFLOAT special value NaN (0x07FF).
 *
 * Decision: a value whose Diastolic or MAP sub-field is anything but exactly 0x07FF violates that "shall"
 * and is answered MALFORMED (it is long enough but not an Intermediate Cuff Pressure as specified; it
 * could be a Blood Pressure Measurement sent on the wrong handle). The encoder always writes 0x07FF.
 */
import { SFLOAT_SPECIAL_CODES, type MedFloat, type MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, type CodecResult } from '../result.js';
import {
  decodeBloodPressureLayout,
  encodeBloodPressureLayout,
  type BloodPressureTail,
  type BloodPressureTailInput,
  type BloodPressureUnit,
} from './blood-pressure-layout.js';
import type { CharacteristicCodec } from './codec.js';

export const INTERMEDIATE_CUFF_PRESSURE_UUID16 = '2A36';

/** A decoded Intermediate Cuff Pressure. */
export interface IntermediateCuffPressure extends BloodPressureTail {
  /** Unit of `currentCuffPressure` (flags bit 0). */
  unit: BloodPressureUnit;
  /** Current cuff pressure (the Systolic sub-field's position). */
  currentCuffPressure: MedFloat;
  /** Unit of `pulseRate` (beats per minute). */
  pulseRateUnit: '/min';
}

/** What the encoder accepts; a decoded {@link IntermediateCuffPressure} is also a valid input. */
export interface IntermediateCuffPressureInput extends BloodPressureTailInput {
  unit: BloodPressureUnit;
  currentCuffPressure: MedFloatInput;
}

/**
 * Decodes an Intermediate Cuff Pressure. Total. Missing octets → TRUNCATED; Diastolic or MAP not NaN →
 * MALFORMED; Time Stamp field out of range → OUT_OF_RANGE; RFU bits and trailing octets ignored.
 */
export function decodeIntermediateCuffPressure(bytes: Uint8Array): CodecResult<IntermediateCuffPressure> {
  const r = decodeBloodPressureLayout(bytes, '0x2A36', [
    'Current Cuff Pressure',
    'Diastolic (unused)',
    'Mean Arterial Pressure (unused)',
  ]);
  if (!r.ok) return r;
  const { unit, compound, compoundRaw, timeStamp, pulseRate, userId, measurementStatus } = r.value;
  // BLS v1.0 §3.2: Diastolic and MAP sub-fields unused, set to NaN.
  if (compoundRaw[1] !== SFLOAT_SPECIAL_CODES.nan || compoundRaw[2] !== SFLOAT_SPECIAL_CODES.nan) {
    return fail(
      CODEC_ERROR.MALFORMED,
      `0x2A36: unused Diastolic/MAP sub-fields must be NaN (0x07FF), got 0x${compoundRaw[1].toString(16)}/0x${compoundRaw[2].toString(16)}`,
    );
  }
  return {
    ok: true,
    value: {
      unit,
      currentCuffPressure: compound[0],
      timeStamp,
      pulseRate,
      pulseRateUnit: '/min',
      userId,
      measurementStatus,
    },
  };
}

/** Encodes an Intermediate Cuff Pressure; the unused sub-fields are written as NaN. */
export function encodeIntermediateCuffPressure(
  value: IntermediateCuffPressureInput,
): CodecResult<Uint8Array> {
  const nan = { kind: 'nan' } as const;
  return encodeBloodPressureLayout('0x2A36', value.unit, [value.currentCuffPressure, nan, nan], value);
}

/** Registry entry for 0x2A36. */
export const intermediateCuffPressureCodec: CharacteristicCodec<
  IntermediateCuffPressure,
  IntermediateCuffPressureInput
> = {
  uuid16: INTERMEDIATE_CUFF_PRESSURE_UUID16,
  name: 'Intermediate Cuff Pressure',
  decode: decodeIntermediateCuffPressure,
  encode: encodeIntermediateCuffPressure,
};
