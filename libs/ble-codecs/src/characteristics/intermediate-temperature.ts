/**
 * Intermediate Temperature, UUID 0x2A1E (Health Thermometer Service v1.0 §3.2; GSS v8 §3.124): the
 * readings while the measurement settles, notified. HTS v1.0 §3.2: "same format as the Temperature
 * Measurement characteristic" — layout and decisions in temperature-layout.ts.
 */
import type { CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import {
  decodeTemperatureLayout,
  encodeTemperatureLayout,
  type TemperatureMeasurement,
  type TemperatureMeasurementInput,
} from './temperature-layout.js';

export const INTERMEDIATE_TEMPERATURE_UUID16 = '2A1E';

/** A decoded Intermediate Temperature: the same fields as a Temperature Measurement. */
export type IntermediateTemperature = TemperatureMeasurement;
/** What the encoder accepts. */
export type IntermediateTemperatureInput = TemperatureMeasurementInput;

/** Decodes an Intermediate Temperature. Total; see `decodeTemperatureLayout` for the error codes. */
export function decodeIntermediateTemperature(bytes: Uint8Array): CodecResult<IntermediateTemperature> {
  return decodeTemperatureLayout(bytes, '0x2A1E');
}

/** Encodes an Intermediate Temperature. */
export function encodeIntermediateTemperature(value: IntermediateTemperatureInput): CodecResult<Uint8Array> {
  return encodeTemperatureLayout(value, '0x2A1E');
}

/** Registry entry for 0x2A1E. */
export const intermediateTemperatureCodec: CharacteristicCodec<
  IntermediateTemperature,
  IntermediateTemperatureInput
> = {
  uuid16: INTERMEDIATE_TEMPERATURE_UUID16,
  name: 'Intermediate Temperature',
  decode: decodeIntermediateTemperature,
  encode: encodeIntermediateTemperature,
};
