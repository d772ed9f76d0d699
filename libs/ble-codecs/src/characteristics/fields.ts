/**
 * Field helpers shared by the medical measurement characteristics (BLS, HTS, PLXS, WSS, BCS): SFLOAT /
 * FLOAT fields, unsigned fixed-point fields with a resolution, and the User ID field.
 */
import { isIntIn, type ByteReader, type ByteWriter } from '../bytes.js';
import { CODEC_ERROR, fail, type CodecError } from '../result.js';
import {
  decodeFloat,
  decodeSfloat,
  encodeFloat,
  encodeSfloat,
  type MedFloat,
  type MedFloatInput,
} from '../medfloat.js';

/** Reads an SFLOAT (11073-20601 16-bit), or `undefined` when fewer than two octets are left. */
export function readSfloat(r: ByteReader): MedFloat | undefined {
  const raw = r.uint16();
  return raw === undefined ? undefined : decodeSfloat(raw);
}

/** Reads a FLOAT (11073-20601 32-bit), or `undefined` when fewer than four octets are left. */
export function readFloat(r: ByteReader): MedFloat | undefined {
  const raw = r.uint32();
  return raw === undefined ? undefined : decodeFloat(raw);
}

/** Writes an SFLOAT; `encodeSfloat` is total (out-of-range numbers become ±INF, NaN becomes NaN). */
export function writeSfloat(w: ByteWriter, v: MedFloatInput): void {
  w.uint16(encodeSfloat(v));
}

/** Writes a FLOAT; `encodeFloat` is total. */
export function writeFloat(w: ByteWriter, v: MedFloatInput): void {
  w.uint32(encodeFloat(v));
}

/**
 * Raw integer of an unsigned fixed-point field: `round(value × stepsPerUnit)`, or `undefined` when the
 * value is not a finite number or the raw integer falls outside [0, maxRaw]. Decoders divide by the same
 * `stepsPerUnit` (one correctly rounded division), so decode → encode always gives back the raw integer.
 */
export function fixedToRaw(value: unknown, stepsPerUnit: number, maxRaw: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const raw = Math.round(value * stepsPerUnit);
  return raw >= 0 && raw <= maxRaw ? raw : undefined;
}

/**
 * User ID (GSS "User Index"/User ID field of BLS, WSS, BCS): uint8, 0–254 are user indexes defined by the
 * User Data Service, 255 = "unknown user".
 */
export const UNKNOWN_USER_ID = 0xff;

/** True when `v` can be written as a User ID field (uint8). */
export function isUserId(v: unknown): v is number {
  return isIntIn(v, 0, 0xff);
}

/**
 * Checks, before any field is read, that the value holds every octet its flags announce. A value that is
 * both cut short and carries an out-of-range field is therefore always TRUNCATED (structure before
 * content), whatever field comes first.
 */
export function checkLength(
  bytes: Uint8Array,
  needed: number,
  label: string,
  flags: number,
): CodecError | undefined {
  if (bytes.length >= needed) return undefined;
  return fail(
    CODEC_ERROR.TRUNCATED,
    `${label}: flags 0x${flags.toString(16)} announce ${needed} octets, got ${bytes.length}`,
  );
}
