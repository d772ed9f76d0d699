/**
 * The opaque `_getpages` cursor of an Observation search: the search window and, per ingest stream (one per
 * metric, or one for all), where the next page starts: ingest's own opaque page cursor (`after`, null for the
 * first page) and how many points of that page were already served (`skip`). Resuming re-reads that ingest page
 * and skips, so a page always ends on a whole reading (a blood-pressure panel is never split). Pure.
 */
import { METRIC_NAMES, PATIENT_ID_PATTERN, type Metric } from '@openward/contracts';

export interface StreamPosition {
  readonly after: string | null;
  readonly skip: number;
}

export interface ObservationCursor {
  readonly patientId: string;
  /** `[fromMs, toMs)` of the search, fixed on the first page so later pages see the same window. */
  readonly fromMs: number;
  readonly toMs: number;
  /** The metrics streamed (one stream each); null = one stream of every metric. */
  readonly metrics: readonly Metric[] | null;
  readonly positions: readonly StreamPosition[];
}

const PREFIX = 'o1.';
/** Bounds what is decoded: ingest cursors are < 600 characters, at most one position per metric. */
const MAX_LENGTH = 16_384;
const MAX_AFTER = 1024;

export function encodeObservationCursor(c: ObservationCursor): string {
  const json = JSON.stringify([
    c.patientId,
    c.fromMs,
    c.toMs,
    c.metrics,
    c.positions.map((p) => [p.after, p.skip]),
  ]);
  return PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The cursor behind `s`, or null when `s` is not one {@link encodeObservationCursor} could have produced. */
export function decodeObservationCursor(s: string): ObservationCursor | null {
  if (s.length > MAX_LENGTH || !s.startsWith(PREFIX) || !/^[A-Za-z0-9_-]*$/.test(s.slice(PREFIX.length))) {
    return null;
  }
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 5) return null;
  const [patientId, fromMs, toMs, metrics, positions] = v as unknown[];
  if (typeof patientId !== 'string' || !PATIENT_ID_PATTERN.test(patientId)) return null;
  if (!isMs(fromMs) || !isMs(toMs) || fromMs > toMs) return null;
  let ms: Metric[] | null = null;
  if (metrics !== null) {
    if (!Array.isArray(metrics) || metrics.length === 0) return null;
    if (!metrics.every((m) => (METRIC_NAMES as readonly unknown[]).includes(m))) return null;
    ms = metrics as Metric[];
  }
  if (!Array.isArray(positions) || positions.length !== (ms?.length ?? 1)) return null;
  const pos: StreamPosition[] = [];
  for (const p of positions) {
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [after, skip] = p as unknown[];
    if (!(after === null || (typeof after === 'string' && after.length > 0 && after.length <= MAX_AFTER)))
      return null;
    if (typeof skip !== 'number' || !Number.isSafeInteger(skip) || skip < 0 || skip > 1_000_000) return null;
    pos.push({ after, skip });
  }
  return { patientId, fromMs, toMs, metrics: ms, positions: pos };
}
