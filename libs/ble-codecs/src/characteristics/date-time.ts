/**
 * Date Time, UUID 0x2A08 (GATT Specification Supplement (GSS) §3.70 "Date Time"), and the shared
 * 7-octet "date time" structure that other characteristics embed (Blood Pressure / Temperature / PLX /
 * Weight / Body Composition time stamps, Glucose base time, the first seven octets of Day Date Time).
 * Layout, little-endian:
 *
 *   Year (uint16) | Month (uint8) | Day (uint8) | Hours (uint8) | Minutes (uint8) | Seconds (uint8)
 *
 * GSS field ranges: Year 1582–9999 (Gregorian), 0 = "year is not known"; Month 1–12, 0 = "not known";
 * Day 1–31, 0 = "not known"; Hours 0–23; Minutes 0–59; Seconds 0–59. Every other value is "Reserved for
 * Future Use", which a sender never produces: the decoder answers OUT_OF_RANGE for it (the value is
 * well-formed but outside the range the specification allows). Decision: the day is not checked against
 * the month's length (31 February passes): GSS states only the field range 1–31.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';

export const DATE_TIME_UUID16 = '2A08';

/** Octets of the encoded structure. */
export const DATE_TIME_LENGTH = 7;

/**
 * The fields of a GSS date time, as on the wire. `year`, `month` and `day` equal to 0 mean "not known"
 * (GSS §3.70); they are kept as 0 rather than turned into `undefined` so that the value re-encodes
 * byte-exactly. Hours/minutes/seconds have no "not known" value.
 */
export interface DateTimeFields {
  /** Gregorian year 1582–9999, or 0 = not known. */
  year: number;
  /** 1 = January … 12 = December, or 0 = not known. */
  month: number;
  /** Day of the month 1–31, or 0 = not known. */
  day: number;
  /** 0–23. */
  hours: number;
  /** 0–59. */
  minutes: number;
  /** 0–59. */
  seconds: number;
}

/** A decoded Date Time (0x2A08) value: exactly the shared fields. */
export type DateTime = DateTimeFields;

/** Which field violates GSS §3.70, or `undefined` when every field is in range. */
function rangeProblem(v: DateTimeFields): string | undefined {
  if (!(v.year === 0 || isIntIn(v.year, 1582, 9999))) return `year ${String(v.year)} is not 0 or 1582–9999`;
  if (!isIntIn(v.month, 0, 12)) return `month ${String(v.month)} is not 0–12`;
  if (!isIntIn(v.day, 0, 31)) return `day ${String(v.day)} is not 0–31`;
  if (!isIntIn(v.hours, 0, 23)) return `hours ${String(v.hours)} is not 0–23`;
  if (!isIntIn(v.minutes, 0, 59)) return `minutes ${String(v.minutes)} is not 0–59`;
  if (!isIntIn(v.seconds, 0, 59)) return `seconds ${String(v.seconds)} is not 0–59`;
  return undefined;
}

/**
 * Reads the 7-octet date time structure at the reader's position (shared by every characteristic that
 * carries a time stamp). Fewer than 7 octets left → TRUNCATED; a Reserved-for-Future-Use field value →
 * OUT_OF_RANGE. `where` names the field in error messages (e.g. `'0x2A35 Time Stamp'`). Total.
 */
export function decodeDateTimeFields(r: ByteReader, where = '0x2A08 Date Time'): CodecResult<DateTimeFields> {
  if (r.remaining < DATE_TIME_LENGTH) {
    return fail(CODEC_ERROR.TRUNCATED, `${where}: needs ${DATE_TIME_LENGTH} octets, ${r.remaining} left`);
  }
  // Lengths checked above: the reads below cannot come back undefined.
  const value: DateTimeFields = {
    year: r.uint16() as number,
    month: r.uint8() as number,
    day: r.uint8() as number,
    hours: r.uint8() as number,
    minutes: r.uint8() as number,
    seconds: r.uint8() as number,
  };
  const problem = rangeProblem(value);
  if (problem !== undefined) return fail(CODEC_ERROR.OUT_OF_RANGE, `${where}: ${problem}`);
  return ok(value);
}

/**
 * Encodes the 7-octet date time structure. Any field outside its GSS range (or not an integer) →
 * OUT_OF_RANGE. Callers append the octets with `ByteWriter.raw`.
 */
export function encodeDateTimeFields(
  value: DateTimeFields,
  where = '0x2A08 Date Time',
): CodecResult<Uint8Array> {
  const problem = rangeProblem(value);
  if (problem !== undefined) return fail(CODEC_ERROR.OUT_OF_RANGE, `${where}: ${problem}`);
  return ok(
    new ByteWriter()
      .uint16(value.year)
      .uint8(value.month)
      .uint8(value.day)
      .uint8(value.hours)
      .uint8(value.minutes)
      .uint8(value.seconds)
      .toBytes(),
  );
}

/**
 * Decodes a Date Time (0x2A08) value. Octets after the seventh are ignored as a possible later extension
 * of the value (same rule as the other fixed-size characteristics of this library).
 */
export function decodeDateTime(bytes: Uint8Array): CodecResult<DateTime> {
  return decodeDateTimeFields(new ByteReader(bytes), '0x2A08 Date Time');
}

/** Encodes a Date Time (0x2A08) value (7 octets). */
export function encodeDateTime(value: DateTime): CodecResult<Uint8Array> {
  return encodeDateTimeFields(value, '0x2A08 Date Time');
}

/** Registry entry for 0x2A08. */
export const dateTimeCodec: CharacteristicCodec<DateTime> = {
  uuid16: DATE_TIME_UUID16,
  name: 'Date Time',
  decode: decodeDateTime,
  encode: encodeDateTime,
};
