/**
 * Current Time, UUID 0x2A2B (Current Time Service v1.1 §3.1; GSS v8 §3.62). Little-endian, 10 octets:
 *
 *   Exact Time 256 = Day Date Time (Date Time (7) | Day of Week (uint8)) | Fractions256 (uint8)
 *   | Adjust Reason (8-bit)
 *
 * Day of Week: 1 Monday … 7 Sunday, 0 = not known, 8–255 RFU → OUT_OF_RANGE (the field has a defined
 * range 0–7, like the Date Time fields). Fractions256: 1/256 s, any uint8. Adjust Reason: bit 0 manual time
 * update, bit 1 external reference time update, bit 2 change of time zone, bit 3 change of DST, bits 4–7
 * RFU (ignored when decoding, written as 0).
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';

export const CURRENT_TIME_UUID16 = '2A2B';
const CURRENT_TIME_LENGTH = 10;

// GSS §3.62 Adjust Reason bits.
const ADJUST_MANUAL = 0x01; // bit 0: Manual time update
const ADJUST_EXTERNAL_REFERENCE = 0x02; // bit 1: External reference time update
const ADJUST_TIME_ZONE = 0x04; // bit 2: Change of time zone
const ADJUST_DST = 0x08; // bit 3: Change of DST
// bits 4–7: RFU.

/** Adjust Reason flags. */
export interface AdjustReason {
  manualTimeUpdate: boolean;
  externalReferenceTimeUpdate: boolean;
  changeOfTimeZone: boolean;
  changeOfDst: boolean;
}

/** A decoded Current Time. `dateTime` fields follow date-time.ts (0 = not known for year/month/day). */
export interface CurrentTime {
  dateTime: DateTimeFields;
  /** 1 = Monday … 7 = Sunday, 0 = not known. */
  dayOfWeek: number;
  /** 1/256 s units, 0–255. */
  fractions256: number;
  adjustReason: AdjustReason;
}

/** What the encoder accepts; omitted adjust reasons are false. */
export interface CurrentTimeInput {
  dateTime: DateTimeFields;
  dayOfWeek: number;
  fractions256: number;
  adjustReason?: Partial<AdjustReason>;
}

/**
 * Decodes a Current Time. Total. Fewer than 10 octets → TRUNCATED; a Date Time field or Day of Week
 * outside its range → OUT_OF_RANGE; octets after the tenth are ignored.
 */
export function decodeCurrentTime(bytes: Uint8Array): CodecResult<CurrentTime> {
  // Structure before content: a short value is TRUNCATED even if its date time is also out of range.
  if (bytes.length < CURRENT_TIME_LENGTH) {
    return fail(CODEC_ERROR.TRUNCATED, `0x2A2B: needs ${CURRENT_TIME_LENGTH} octets, got ${bytes.length}`);
  }
  const r = new ByteReader(bytes);
  const dateTime = decodeDateTimeFields(r, '0x2A2B Date Time');
  if (!dateTime.ok) return dateTime;
  const dayOfWeek = r.uint8();
  const fractions256 = r.uint8();
  const reason = r.uint8();
  if (dayOfWeek === undefined || fractions256 === undefined || reason === undefined) {
    return fail(CODEC_ERROR.TRUNCATED, `0x2A2B: needs 10 octets, got ${bytes.length}`);
  }
  if (dayOfWeek > 7) return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A2B: Day of Week ${dayOfWeek} is not 0–7`);
  return ok({
    dateTime: dateTime.value,
    dayOfWeek,
    fractions256,
    adjustReason: {
      manualTimeUpdate: (reason & ADJUST_MANUAL) !== 0,
      externalReferenceTimeUpdate: (reason & ADJUST_EXTERNAL_REFERENCE) !== 0,
      changeOfTimeZone: (reason & ADJUST_TIME_ZONE) !== 0,
      changeOfDst: (reason & ADJUST_DST) !== 0,
    },
  });
}

/** Encodes a Current Time; out-of-range date time, day of week or fractions → OUT_OF_RANGE. */
export function encodeCurrentTime(value: CurrentTimeInput): CodecResult<Uint8Array> {
  const dt = encodeDateTimeFields(value.dateTime, '0x2A2B Date Time');
  if (!dt.ok) return dt;
  if (!isIntIn(value.dayOfWeek, 0, 7)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A2B: dayOfWeek ${String(value.dayOfWeek)} is not 0–7`);
  }
  if (!isIntIn(value.fractions256, 0, 255)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A2B: fractions256 ${String(value.fractions256)} is not 0–255`);
  }
  const a = value.adjustReason ?? {};
  const reason =
    (a.manualTimeUpdate === true ? ADJUST_MANUAL : 0) |
    (a.externalReferenceTimeUpdate === true ? ADJUST_EXTERNAL_REFERENCE : 0) |
    (a.changeOfTimeZone === true ? ADJUST_TIME_ZONE : 0) |
    (a.changeOfDst === true ? ADJUST_DST : 0);
  return ok(
    new ByteWriter().raw(dt.value).uint8(value.dayOfWeek).uint8(value.fractions256).uint8(reason).toBytes(),
  );
}

/** Registry entry for 0x2A2B. */
export const currentTimeCodec: CharacteristicCodec<CurrentTime, CurrentTimeInput> = {
  uuid16: CURRENT_TIME_UUID16,
  name: 'Current Time',
  decode: decodeCurrentTime,
  encode: encodeCurrentTime,
};
