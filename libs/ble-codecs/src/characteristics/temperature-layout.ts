/**
 * The layout shared by Temperature Measurement (0x2A1C) and Intermediate Temperature (0x2A1E) (Health
 * Thermometer Service (HTS) v1.0 §3.1–3.2; GSS v8 §3.216 and §3.124). Little-endian:
 *
 *   Flags (uint8) | Temperature Measurement Value (FLOAT, 32-bit) | Time Stamp (date time, 7, opt)
 *   | Temperature Type (uint8, opt)
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import type { MedFloat, MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';
import { checkLength, readFloat, writeFloat } from './fields.js';

// GSS §3.216.1 Flags field.
const FLAG_FAHRENHEIT = 0x01; // bit 0: Temperature Units (0 = Celsius, 1 = Fahrenheit)
const FLAG_TIME_STAMP = 0x02; // bit 1: Time Stamp present
const FLAG_TEMPERATURE_TYPE = 0x04; // bit 2: Temperature Type present
// bits 3–7: RFU — ignored when decoding, written as 0.

/** Unit of the Temperature Measurement Value (UCUM codes: Cel, [degF]; named 'degF' here). */
export type TemperatureUnit = 'Cel' | 'degF';

/**
 * Temperature Type enumeration (GSS "Temperature Type", 0x2A1D; HTS v1.0 §3.1.1.4), index = code − 1:
 * 1 Armpit, 2 Body (general), 3 Ear (usually ear lobe), 4 Finger, 5 Gastro-intestinal Tract, 6 Mouth,
 * 7 Rectum, 8 Toe, 9 Tympanum (ear drum). 0 and 10–255 are Reserved for Future Use.
 */
export const TEMPERATURE_TYPES = [
  'armpit',
  'body',
  'ear',
  'finger',
  'gastro-intestinal-tract',
  'mouth',
  'rectum',
  'toe',
  'tympanum',
] as const;
export type TemperatureTypeName = (typeof TEMPERATURE_TYPES)[number];

/**
 * A decoded Temperature Type. RFU codes (0, 10–255) decode as `reserved` with the code kept (like Body
 * Sensor Location 0x2A38): an enumeration value a newer thermometer sends is not an error, and it
 * re-encodes unchanged.
 */
export type TemperatureType =
  { name: TemperatureTypeName; code: number } | { name: 'reserved'; code: number };

/** Encoder input for a Temperature Type: a name, or a reserved code. */
export type TemperatureTypeInput =
  { name: TemperatureTypeName; code?: number } | { name: 'reserved'; code: number };

/** A decoded Temperature Measurement / Intermediate Temperature. */
export interface TemperatureMeasurement {
  /** Unit of `temperatureMeasurementValue` (flags bit 0). */
  unit: TemperatureUnit;
  /** FLOAT, kept as the medfloat union (NaN / NRes / ±INF are not numbers). */
  temperatureMeasurementValue: MedFloat;
  /** Time Stamp (flags bit 1); `undefined` when absent. */
  timeStamp: DateTimeFields | undefined;
  /** Temperature Type (flags bit 2); `undefined` when absent. */
  temperatureType: TemperatureType | undefined;
}

/** What the encoder accepts; a decoded value is also a valid input. */
export interface TemperatureMeasurementInput {
  unit: TemperatureUnit;
  temperatureMeasurementValue: MedFloatInput;
  timeStamp?: DateTimeFields | undefined;
  temperatureType?: TemperatureTypeInput | undefined;
}

function temperatureTypeOf(code: number): TemperatureType {
  const name = TEMPERATURE_TYPES[code - 1];
  return name === undefined ? { name: 'reserved', code } : { name, code };
}

function temperatureTypeCode(t: TemperatureTypeInput): number | undefined {
  if (t.name === 'reserved') {
    const reserved = isIntIn(t.code, 0, 0xff) && (t.code === 0 || t.code > TEMPERATURE_TYPES.length);
    return reserved ? t.code : undefined;
  }
  const code = TEMPERATURE_TYPES.indexOf(t.name) + 1;
  if (code === 0) return undefined;
  // A decoded value carries its code; it must agree with the name.
  return t.code === undefined || t.code === code ? code : undefined;
}

/**
 * Decodes the shared layout. Missing octets → TRUNCATED; Time Stamp field out of range → OUT_OF_RANGE;
 * RFU flag bits and octets after the last flagged field are ignored. Total.
 */
export function decodeTemperatureLayout(
  bytes: Uint8Array,
  label: string,
): CodecResult<TemperatureMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return fail(CODEC_ERROR.TRUNCATED, `${label}: empty value, Flags field missing`);
  // flags bit 0: Celsius / Fahrenheit.
  const unit: TemperatureUnit = (flags & FLAG_FAHRENHEIT) !== 0 ? 'degF' : 'Cel';
  const needed =
    5 + ((flags & FLAG_TIME_STAMP) !== 0 ? 7 : 0) + ((flags & FLAG_TEMPERATURE_TYPE) !== 0 ? 1 : 0);
  const short = checkLength(bytes, needed, label, flags);
  if (short) return short;
  const temperatureMeasurementValue = readFloat(r);
  if (temperatureMeasurementValue === undefined) {
    return fail(CODEC_ERROR.TRUNCATED, `${label}: Temperature Measurement Value (FLOAT) missing`);
  }
  // flags bit 1: Time Stamp present.
  let timeStamp: DateTimeFields | undefined;
  if ((flags & FLAG_TIME_STAMP) !== 0) {
    const ts = decodeDateTimeFields(r, `${label} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
  }
  // flags bit 2: Temperature Type present (uint8 enumeration).
  let temperatureType: TemperatureType | undefined;
  if ((flags & FLAG_TEMPERATURE_TYPE) !== 0) {
    const code = r.uint8();
    if (code === undefined)
      return fail(CODEC_ERROR.TRUNCATED, `${label}: flags bit 2 set but Temperature Type missing`);
    temperatureType = temperatureTypeOf(code);
  }
  return ok({ unit, temperatureMeasurementValue, timeStamp, temperatureType });
}

/** Encodes the shared layout; a bad unit, time stamp or temperature type → OUT_OF_RANGE. */
export function encodeTemperatureLayout(
  value: TemperatureMeasurementInput,
  label: string,
): CodecResult<Uint8Array> {
  if (value.unit !== 'Cel' && value.unit !== 'degF') {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `${label}: unit ${String(value.unit)} is not Cel or degF`);
  }
  let flags = value.unit === 'degF' ? FLAG_FAHRENHEIT : 0;
  let timeStamp: Uint8Array | undefined;
  if (value.timeStamp !== undefined) {
    const ts = encodeDateTimeFields(value.timeStamp, `${label} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
    flags |= FLAG_TIME_STAMP;
  }
  let typeCode: number | undefined;
  if (value.temperatureType !== undefined) {
    typeCode = temperatureTypeCode(value.temperatureType);
    if (typeCode === undefined) {
      return fail(
        CODEC_ERROR.OUT_OF_RANGE,
        `${label}: invalid temperatureType ${JSON.stringify(value.temperatureType)}`,
      );
    }
    flags |= FLAG_TEMPERATURE_TYPE;
  }
  const w = new ByteWriter().uint8(flags);
  writeFloat(w, value.temperatureMeasurementValue);
  if (timeStamp !== undefined) w.raw(timeStamp);
  if (typeCode !== undefined) w.uint8(typeCode);
  return ok(w.toBytes());
}
