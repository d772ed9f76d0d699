/**
 * Temperature Measurement, UUID 0x2A1C (Health Thermometer Service v1.0 §3.1; GSS v8 §3.216): the stable
 * reading, indicated. Layout and decisions in temperature-layout.ts:
 *
 *   Flags | Temperature Measurement Value (FLOAT) | Time Stamp (opt) | Temperature Type (opt)
 */
import type { CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import {
  decodeTemperatureLayout,
  encodeTemperatureLayout,
  type TemperatureMeasurement,
  type TemperatureMeasurementInput,
} from './temperature-layout.js';

export type { TemperatureMeasurement, TemperatureMeasurementInput } from './temperature-layout.js';

export const TEMPERATURE_MEASUREMENT_UUID16 = '2A1C';

/** Decodes a Temperature Measurement. Total; see `decodeTemperatureLayout` for the error codes. */
export function decodeTemperatureMeasurement(bytes: Uint8Array): CodecResult<TemperatureMeasurement> {
  return decodeTemperatureLayout(bytes, '0x2A1C');
}

/** Encodes a Temperature Measurement; flags follow from which optional fields are defined. */
export function encodeTemperatureMeasurement(value: TemperatureMeasurementInput): CodecResult<Uint8Array> {
  return encodeTemperatureLayout(value, '0x2A1C');
}

/** Registry entry for 0x2A1C. */
export const temperatureMeasurementCodec: CharacteristicCodec<
  TemperatureMeasurement,
  TemperatureMeasurementInput
> = {
  uuid16: TEMPERATURE_MEASUREMENT_UUID16,
  name: 'Temperature Measurement',
  decode: decodeTemperatureMeasurement,
  encode: encodeTemperatureMeasurement,
};
