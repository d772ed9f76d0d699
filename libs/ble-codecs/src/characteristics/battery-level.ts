/**
 * Battery Level, UUID 0x2A19 (Battery Service v1.0 §3.1; GSS v8 "Battery Level"): one uint8, the
 * charge in percent, allowed range 0–100.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';

export const BATTERY_LEVEL_UUID16 = '2A19';

/** A decoded Battery Level. */
export interface BatteryLevel {
  /** State of charge, 0–100. */
  level: number;
  unit: '%';
}

/**
 * Decodes a Battery Level. Empty → TRUNCATED; 101–255 → OUT_OF_RANGE (outside the allowed range
 * 0–100); octets after the uint8 are ignored as a possible later extension of the value.
 */
export function decodeBatteryLevel(bytes: Uint8Array): CodecResult<BatteryLevel> {
  // 0x2A19: Battery Level field, uint8, percent.
  const level = new ByteReader(bytes).uint8();
  if (level === undefined) return fail(CODEC_ERROR.TRUNCATED, '0x2A19: empty value, Battery Level missing');
  if (level > 100) return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A19: Battery Level ${level} exceeds 100 %`);
  return ok({ level, unit: '%' });
}

/** Encodes a Battery Level; anything but an integer 0–100 → OUT_OF_RANGE. */
export function encodeBatteryLevel(value: { level: number }): CodecResult<Uint8Array> {
  if (!isIntIn(value.level, 0, 100)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A19: Battery Level ${String(value.level)} is not 0–100`);
  }
  return ok(new ByteWriter().uint8(value.level).toBytes());
}

/** Registry entry for 0x2A19. */
export const batteryLevelCodec: CharacteristicCodec<BatteryLevel, { level: number }> = {
  uuid16: BATTERY_LEVEL_UUID16,
  name: 'Battery Level',
  decode: decodeBatteryLevel,
  encode: encodeBatteryLevel,
};
