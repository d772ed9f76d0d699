/**
 * The dispatch table: one entry per supported characteristic, keyed by uppercase 16-bit UUID. To add a
 * characteristic, write `characteristics/<name>.ts` (decoder + encoder + codec object) and add it here.
 */
import { batteryLevelCodec } from './characteristics/battery-level.js';
import { bodySensorLocationCodec } from './characteristics/body-sensor-location.js';
import type { CharacteristicCodec } from './characteristics/codec.js';
import { glucoseMeasurementContextCodec } from './characteristics/glucose-measurement-context.js';
import { glucoseMeasurementCodec } from './characteristics/glucose-measurement.js';
import { heartRateMeasurementCodec } from './characteristics/heart-rate-measurement.js';
import { recordAccessControlPointCodec } from './characteristics/record-access-control-point.js';
import {
  firmwareRevisionCodec,
  softwareRevisionCodec,
  manufacturerNameCodec,
  modelNumberCodec,
  serialNumberCodec,
} from './characteristics/utf8-string.js';
import { bloodPressureMeasurementCodec } from './characteristics/blood-pressure-measurement.js';
import { bodyCompositionMeasurementCodec } from './characteristics/body-composition-measurement.js';
import { currentTimeCodec } from './characteristics/current-time.js';
import { dateTimeCodec } from './characteristics/date-time.js';
import { intermediateCuffPressureCodec } from './characteristics/intermediate-cuff-pressure.js';
import { intermediateTemperatureCodec } from './characteristics/intermediate-temperature.js';
import { plxContinuousMeasurementCodec } from './characteristics/plx-continuous-measurement.js';
import { plxSpotCheckMeasurementCodec } from './characteristics/plx-spot-check-measurement.js';
import { temperatureMeasurementCodec } from './characteristics/temperature-measurement.js';
import { weightMeasurementCodec } from './characteristics/weight-measurement.js';
import { CODEC_ERROR, fail, type CodecResult } from './result.js';

/** Every characteristic this library decodes and encodes. */
export const CHARACTERISTIC_CODECS = {
  '2A37': heartRateMeasurementCodec,
  '2A38': bodySensorLocationCodec,
  '2A19': batteryLevelCodec,
  '2A29': manufacturerNameCodec,
  '2A24': modelNumberCodec,
  '2A25': serialNumberCodec,
  '2A26': firmwareRevisionCodec,
  '2A28': softwareRevisionCodec,
  '2A18': glucoseMeasurementCodec,
  '2A34': glucoseMeasurementContextCodec,
  '2A52': recordAccessControlPointCodec,
  '2A35': bloodPressureMeasurementCodec,
  '2A36': intermediateCuffPressureCodec,
  '2A1C': temperatureMeasurementCodec,
  '2A1E': intermediateTemperatureCodec,
  '2A5E': plxSpotCheckMeasurementCodec,
  '2A5F': plxContinuousMeasurementCodec,
  '2A9D': weightMeasurementCodec,
  '2A9C': bodyCompositionMeasurementCodec,
  '2A08': dateTimeCodec,
  '2A2B': currentTimeCodec,
} as const satisfies Record<string, CharacteristicCodec<unknown, never>>;

type Table = typeof CHARACTERISTIC_CODECS;
/** Uppercase 16-bit UUIDs with a registered codec. */
export type KnownCharacteristicUuid = keyof Table;
/** The decoded value type of a known characteristic. */
export type CharacteristicValue<U extends KnownCharacteristicUuid> =
  Table[U] extends CharacteristicCodec<infer V, infer _I> ? V : never;
/** The encoder input type of a known characteristic. */
export type CharacteristicInput<U extends KnownCharacteristicUuid> =
  Table[U] extends CharacteristicCodec<infer _V, infer I> ? I : never;
/** Union of every decoded value type. */
export type AnyCharacteristicValue = {
  [U in KnownCharacteristicUuid]: CharacteristicValue<U>;
}[KnownCharacteristicUuid];

// Bluetooth Base UUID (Core Spec v5.4 Vol 3 Part B §2.5.1): 0000xxxx-0000-1000-8000-00805F9B34FB.
const BASE_UUID_SUFFIX = '00001000800000805F9B34FB';

/**
 * Normalises a UUID as noble, the sim radio or a person writes it ('2a37', '0x2A37', the 128-bit Base
 * UUID form with or without dashes) to the uppercase 16-bit key of the table; `undefined` if it is not a
 * 16-bit SIG UUID.
 */
export function normalizeUuid16(uuid: string): string | undefined {
  let u = uuid.trim().toUpperCase().replace(/-/g, '');
  if (u.startsWith('0X')) u = u.slice(2);
  if (/^[0-9A-F]{4}$/.test(u)) return u;
  if (/^0000[0-9A-F]{4}/.test(u) && u.length === 32 && u.slice(8) === BASE_UUID_SUFFIX) return u.slice(4, 8);
  return undefined;
}

function lookup(uuid: string): CharacteristicCodec<unknown, never> | undefined {
  const key = normalizeUuid16(uuid);
  return key !== undefined && Object.hasOwn(CHARACTERISTIC_CODECS, key)
    ? CHARACTERISTIC_CODECS[key as KnownCharacteristicUuid]
    : undefined;
}

/** Whether a codec is registered for this UUID (any accepted spelling). */
export function isSupportedCharacteristic(uuid: string): boolean {
  return lookup(uuid) !== undefined;
}

/**
 * Decodes a characteristic value by UUID through the table. Unknown UUID → UNSUPPORTED. Total.
 */
export function decodeCharacteristic<U extends KnownCharacteristicUuid>(
  uuid16: U,
  bytes: Uint8Array,
): CodecResult<CharacteristicValue<U>>;
export function decodeCharacteristic(uuid16: string, bytes: Uint8Array): CodecResult<AnyCharacteristicValue>;
export function decodeCharacteristic(uuid16: string, bytes: Uint8Array): CodecResult<unknown> {
  const codec = lookup(uuid16);
  if (!codec) return fail(CODEC_ERROR.UNSUPPORTED, `no codec for characteristic ${uuid16}`);
  return codec.decode(bytes);
}

/** Encodes a characteristic value by UUID through the table. Unknown UUID → UNSUPPORTED. */
export function encodeCharacteristic<U extends KnownCharacteristicUuid>(
  uuid16: U,
  value: CharacteristicInput<U>,
): CodecResult<Uint8Array> {
  const codec = lookup(uuid16) as CharacteristicCodec<unknown, CharacteristicInput<U>> | undefined;
  if (!codec) return fail(CODEC_ERROR.UNSUPPORTED, `no codec for characteristic ${uuid16}`);
  return codec.encode(value);
}
