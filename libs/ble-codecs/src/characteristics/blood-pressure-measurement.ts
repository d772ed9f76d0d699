/**
 * Blood Pressure Measurement, UUID 0x2A35 (Blood Pressure Service v1.0 §3.1; GSS v8 §3.31). Layout in
 * blood-pressure-layout.ts:
 *
 *   Flags | Systolic, Diastolic, Mean Arterial Pressure (SFLOAT each, mmHg or kPa) | Time Stamp (opt)
 *   | Pulse Rate (SFLOAT, opt) | User ID (uint8, opt) | Measurement Status (16-bit, opt)
 *
 * Every SFLOAT is kept as the `decodeSfloat` union: a cuff that could not determine a value sends NaN
 * (0x07FF) and that is reported as `{ kind: 'nan' }`, never turned into a number.
 */
import type { MedFloat, MedFloatInput } from '../medfloat.js';
import type { CodecResult } from '../result.js';
import {
  decodeBloodPressureLayout,
  encodeBloodPressureLayout,
  type BloodPressureTail,
  type BloodPressureTailInput,
  type BloodPressureUnit,
} from './blood-pressure-layout.js';
import type { CharacteristicCodec } from './codec.js';

export const BLOOD_PRESSURE_MEASUREMENT_UUID16 = '2A35';

/** A decoded Blood Pressure Measurement. */
export interface BloodPressureMeasurement extends BloodPressureTail {
  /** Unit of systolic, diastolic and meanArterialPressure (flags bit 0). Pulse rate is always /min. */
  unit: BloodPressureUnit;
  systolic: MedFloat;
  diastolic: MedFloat;
  meanArterialPressure: MedFloat;
  /** Unit of `pulseRate` (beats per minute), named for the caller. */
  pulseRateUnit: '/min';
}

/** What the encoder accepts; a decoded {@link BloodPressureMeasurement} is also a valid input. */
export interface BloodPressureMeasurementInput extends BloodPressureTailInput {
  unit: BloodPressureUnit;
  systolic: MedFloatInput;
  diastolic: MedFloatInput;
  meanArterialPressure: MedFloatInput;
}

/**
 * Decodes a Blood Pressure Measurement. Total. Empty value or any flagged field cut short → TRUNCATED;
 * a Time Stamp with a Reserved-for-Future-Use field value → OUT_OF_RANGE; RFU flag and status bits are
 * ignored; octets after the last flagged field are ignored.
 */
export function decodeBloodPressureMeasurement(bytes: Uint8Array): CodecResult<BloodPressureMeasurement> {
  const r = decodeBloodPressureLayout(bytes, '0x2A35', ['Systolic', 'Diastolic', 'Mean Arterial Pressure']);
  if (!r.ok) return r;
  const { unit, compound, timeStamp, pulseRate, userId, measurementStatus } = r.value;
  return {
    ok: true,
    value: {
      unit,
      systolic: compound[0],
      diastolic: compound[1],
      meanArterialPressure: compound[2],
      timeStamp,
      pulseRate,
      pulseRateUnit: '/min',
      userId,
      measurementStatus,
    },
  };
}

/** Encodes a Blood Pressure Measurement; flags are derived from which optional fields are defined. */
export function encodeBloodPressureMeasurement(
  value: BloodPressureMeasurementInput,
): CodecResult<Uint8Array> {
  return encodeBloodPressureLayout(
    '0x2A35',
    value.unit,
    [value.systolic, value.diastolic, value.meanArterialPressure],
    value,
  );
}

/** Registry entry for 0x2A35. */
export const bloodPressureMeasurementCodec: CharacteristicCodec<
  BloodPressureMeasurement,
  BloodPressureMeasurementInput
> = {
  uuid16: BLOOD_PRESSURE_MEASUREMENT_UUID16,
  name: 'Blood Pressure Measurement',
  decode: decodeBloodPressureMeasurement,
  encode: encodeBloodPressureMeasurement,
};
