/**
 * Device Information Service strings (DIS v1.1 §3): Manufacturer Name 0x2A29, Model Number 0x2A24,
 * Serial Number 0x2A25, Firmware Revision 0x2A26, Software Revision 0x2A28. Each value is a `utf8s` (GSS v8 §2.2: UTF-8 string,
 * length given by the attribute value, no terminator).
 */
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';

/** A decoded UTF-8 string characteristic. */
export interface Utf8StringValue {
  text: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Decodes a `utf8s`. Invalid UTF-8 → MALFORMED. Trailing NUL characters are removed: `utf8s` has no
 * terminator, but many devices pad or C-terminate the string, and a NUL is never part of the text.
 */
export function decodeUtf8String(bytes: Uint8Array): CodecResult<Utf8StringValue> {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return fail(CODEC_ERROR.MALFORMED, 'utf8s: value is not valid UTF-8');
  }
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end -= 1;
  return ok({ text: text.slice(0, end) });
}

/** Encodes a `utf8s` (no terminator). Lone surrogates become U+FFFD as in any UTF-8 encoder. */
export function encodeUtf8String(value: Utf8StringValue): CodecResult<Uint8Array> {
  return ok(encoder.encode(value.text));
}

function stringCodec(uuid16: string, name: string): CharacteristicCodec<Utf8StringValue> {
  return { uuid16, name, decode: decodeUtf8String, encode: encodeUtf8String };
}

/** Registry entries for the Device Information strings. */
export const manufacturerNameCodec = stringCodec('2A29', 'Manufacturer Name String');
export const modelNumberCodec = stringCodec('2A24', 'Model Number String');
export const serialNumberCodec = stringCodec('2A25', 'Serial Number String');
export const firmwareRevisionCodec = stringCodec('2A26', 'Firmware Revision String');
export const softwareRevisionCodec = stringCodec('2A28', 'Software Revision String');
