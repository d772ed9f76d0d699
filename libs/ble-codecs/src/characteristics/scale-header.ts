/**
 * Flags bits 1–2 and the two optional fields they select, laid out identically in Weight Measurement
 * (0x2A9D, WSS v1.0 §3.2) and Body Composition Measurement (0x2A9C, BCS v1.0 §3.2): bit 1 "Time Stamp present"
 * (Date Time, 7 bytes, right after the mandatory field), then bit 2 "User ID present" (uint8).
 */
import type { ByteReader, ByteWriter } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';
import { isUserId } from './fields.js';

/** Flags bit 1: Time Stamp present. */
export const FLAG_TIME_STAMP = 0x02;
/** Flags bit 2: User ID present. */
export const FLAG_USER_ID = 0x04;

export interface TimeStampAndUserId {
  timeStamp: DateTimeFields | undefined;
  userId: number | undefined;
}

/** Reads the fields `flags` announces; `uuid` (e.g. `0x2A9D`) prefixes every error message. */
export function readTimeStampAndUserId(
  r: ByteReader,
  flags: number,
  uuid: string,
): CodecResult<TimeStampAndUserId> {
  let timeStamp: DateTimeFields | undefined;
  if ((flags & FLAG_TIME_STAMP) !== 0) {
    const ts = decodeDateTimeFields(r, `${uuid} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
  }
  let userId: number | undefined;
  if ((flags & FLAG_USER_ID) !== 0) {
    userId = r.uint8();
    if (userId === undefined) return fail(CODEC_ERROR.TRUNCATED, `${uuid}: User ID (flags bit 2) missing`);
  }
  return ok({ timeStamp, userId });
}

/** The encoded fields and the flag bits that announce them. */
export interface EncodedTimeStampAndUserId {
  flags: number;
  timeStamp: Uint8Array | undefined;
  userId: number | undefined;
}

/** Validates and encodes the optional fields of `value`; write them with {@link writeTimeStampAndUserId}. */
export function encodeTimeStampAndUserId(
  value: { timeStamp?: DateTimeFields | undefined; userId?: number | undefined },
  uuid: string,
): CodecResult<EncodedTimeStampAndUserId> {
  let flags = 0;
  let timeStamp: Uint8Array | undefined;
  if (value.timeStamp !== undefined) {
    const ts = encodeDateTimeFields(value.timeStamp, `${uuid} Time Stamp`);
    if (!ts.ok) return ts;
    timeStamp = ts.value;
    flags |= FLAG_TIME_STAMP;
  }
  if (value.userId !== undefined) {
    if (!isUserId(value.userId)) {
      return fail(CODEC_ERROR.OUT_OF_RANGE, `${uuid}: userId ${String(value.userId)} is not a uint8`);
    }
    flags |= FLAG_USER_ID;
  }
  return ok({ flags, timeStamp, userId: value.userId });
}

/** Appends the fields in their wire order (Time Stamp, then User ID). */
export function writeTimeStampAndUserId(w: ByteWriter, e: EncodedTimeStampAndUserId): void {
  if (e.timeStamp !== undefined) w.raw(e.timeStamp);
  if (e.userId !== undefined) w.uint8(e.userId);
}
