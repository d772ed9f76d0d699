/**
 * Outcome types shared by every codec. Decoders are total: device bytes never make them throw; they
 * answer with one of these classified error codes instead (STYLE.md "Protocol code").
 */
export const CODEC_ERROR = {
  /** The bytes end before a field that the flags or the layout say is present. */
  TRUNCATED: 'TRUNCATED',
  /** The bytes are long enough but structurally invalid (e.g. not UTF-8). */
  MALFORMED: 'MALFORMED',
  /** A field decodes but its value is outside the range the specification allows. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** No codec is registered for this characteristic UUID. */
  UNSUPPORTED: 'UNSUPPORTED',
} as const;

export type CodecErrorCode = (typeof CODEC_ERROR)[keyof typeof CODEC_ERROR];

/** A failed decode or encode: a stable code plus a human-readable message (never parse the message). */
export interface CodecError {
  ok: false;
  code: CodecErrorCode;
  message: string;
}

/** Result of every decoder and encoder in this library. */
export type CodecResult<T> = { ok: true; value: T } | CodecError;

/** Builds a success result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a failure result. */
export function fail(code: CodecErrorCode, message: string): CodecError {
  return { ok: false, code, message };
}
