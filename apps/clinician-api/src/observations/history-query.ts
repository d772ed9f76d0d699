/** Pure checks of a history request before it reaches ingest (same limits as ingest, clearer errors). */
import { EXPORT_DEFAULT_LIMIT, EXPORT_MAX_LIMIT, SERIES_MAX_BUCKETS } from '@openward/contracts';
import type { ObservationErrorCode } from './observations.errors.js';

export type Checked<T> =
  { ok: true; value: T } | { ok: false; code: ObservationErrorCode | 'BAD_REQUEST'; detail: string };

/** `[from, to)` in epoch ms from validated ISO strings; `from` after `to` is refused. */
export function checkRange(from: string, to: string): Checked<{ fromMs: number; toMs: number }> {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs < 0) {
    return { ok: false, code: 'BAD_REQUEST', detail: 'from and to must be real times after 1970' };
  }
  if (fromMs > toMs) return { ok: false, code: 'OBSERVATION_BAD_RANGE', detail: 'from is after to' };
  return { ok: true, value: { fromMs, toMs } };
}

/** Page size: default {@link EXPORT_DEFAULT_LIMIT}, at most {@link EXPORT_MAX_LIMIT}. */
export function checkLimit(raw: string | undefined): Checked<number> {
  if (raw === undefined) return { ok: true, value: EXPORT_DEFAULT_LIMIT };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > EXPORT_MAX_LIMIT) {
    return { ok: false, code: 'BAD_REQUEST', detail: `limit must be 1..${EXPORT_MAX_LIMIT}` };
  }
  return { ok: true, value: n };
}

/** Buckets aligned to the epoch, as ingest counts them; more than {@link SERIES_MAX_BUCKETS} is refused. */
export function checkBuckets(fromMs: number, toMs: number, bucketSeconds: number): Checked<number> {
  const b = bucketSeconds * 1000;
  const start = Math.floor(fromMs / b) * b;
  const count = (Math.max(Math.ceil(toMs / b) * b, start) - start) / b;
  if (count > SERIES_MAX_BUCKETS) {
    return {
      ok: false,
      code: 'OBSERVATION_TOO_MANY_BUCKETS',
      detail: `${count} buckets; at most ${SERIES_MAX_BUCKETS}`,
    };
  }
  return { ok: true, value: count };
}
