/**
 * Body Sensor Location, UUID 0x2A38 (Heart Rate Service v1.0 §3.2; GSS v8 "Body Sensor Location"):
 * one uint8 enumeration. 0 Other, 1 Chest, 2 Wrist, 3 Finger, 4 Hand, 5 Ear Lobe, 6 Foot,
 * 7–255 Reserved for Future Use.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';

export const BODY_SENSOR_LOCATION_UUID16 = '2A38';

/** Enumeration values of 0x2A38, index = wire code. */
export const BODY_SENSOR_LOCATIONS = [
  'other',
  'chest',
  'wrist',
  'finger',
  'hand',
  'ear-lobe',
  'foot',
] as const;
export type BodySensorLocationName = (typeof BODY_SENSOR_LOCATIONS)[number];

/**
 * A decoded Body Sensor Location. Codes 7–255 are RFU: they decode as `reserved` with the code kept,
 * so a newer sensor's location is not lost and re-encodes unchanged.
 */
export type BodySensorLocation =
  { location: BodySensorLocationName; code: number } | { location: 'reserved'; code: number };

export type BodySensorLocationInput =
  { location: BodySensorLocationName } | { location: 'reserved'; code: number };

/** Decodes a Body Sensor Location. Empty → TRUNCATED; trailing octets are ignored. */
export function decodeBodySensorLocation(bytes: Uint8Array): CodecResult<BodySensorLocation> {
  // 0x2A38: Body Sensor Location field, uint8 enumeration.
  const code = new ByteReader(bytes).uint8();
  if (code === undefined)
    return fail(CODEC_ERROR.TRUNCATED, '0x2A38: empty value, Body Sensor Location missing');
  const location = BODY_SENSOR_LOCATIONS[code];
  return ok(location === undefined ? { location: 'reserved', code } : { location, code });
}

/** Encodes a Body Sensor Location; a `reserved` code outside 7–255 → OUT_OF_RANGE. */
export function encodeBodySensorLocation(value: BodySensorLocationInput): CodecResult<Uint8Array> {
  if (value.location === 'reserved') {
    if (!isIntIn(value.code, BODY_SENSOR_LOCATIONS.length, 0xff)) {
      return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A38: reserved code ${String(value.code)} is not 7–255`);
    }
    return ok(new ByteWriter().uint8(value.code).toBytes());
  }
  const code = BODY_SENSOR_LOCATIONS.indexOf(value.location);
  if (code < 0) return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A38: unknown location ${String(value.location)}`);
  return ok(new ByteWriter().uint8(code).toBytes());
}

/** Registry entry for 0x2A38. */
export const bodySensorLocationCodec: CharacteristicCodec<BodySensorLocation, BodySensorLocationInput> = {
  uuid16: BODY_SENSOR_LOCATION_UUID16,
  name: 'Body Sensor Location',
  decode: decodeBodySensorLocation,
  encode: encodeBodySensorLocation,
};
