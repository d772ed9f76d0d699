/**
 * Pure helpers shared by every VitalsStore adapter for history queries, rollups and retention
 * (DESIGN.md §12). No I/O, no clock.
 */
import { SERIES_MAX_BUCKETS, unitOf, type Metric } from '@openward/contracts';
import { toCanonical, type Aggregate } from './units.js';
import {
  InvalidQueryError,
  type DaysQuery,
  type RetentionPolicy,
  type SeriesBucket,
  type SeriesQuery,
  type SeriesResult,
  type SeriesSource,
  type VitalPoint,
} from './vitals-store.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Resolution of each source in ms (raw: 1 ms, the finest time the store keeps). */
export const SOURCE_MS: Readonly<Record<SeriesSource, number>> = { raw: 1, '1m': MINUTE_MS, '1h': HOUR_MS };

/** `t` floored to a multiple of `step` (also for negative `t`). */
export function floorTo(t: number, step: number): number {
  return t - (((t % step) + step) % step);
}

/** `t` rounded up to a multiple of `step`. */
export function ceilTo(t: number, step: number): number {
  const f = floorTo(t, step);
  return f === t ? t : f + step;
}

/** SQL for `expr` floored to a multiple of the integer `step` (DuckDB's `//` truncates towards zero). */
export function sqlFloorTo(expr: string, step: number): string {
  if (!Number.isSafeInteger(step) || step < 1) throw new InvalidQueryError(`bad step ${step}`);
  return `(${expr} - (((${expr}) % ${step}) + ${step}) % ${step})`;
}

/** The coarsest source whose resolution divides `bucketMs` (§12.3). */
export function seriesSource(bucketMs: number): SeriesSource {
  if (bucketMs % HOUR_MS === 0) return '1h';
  if (bucketMs % MINUTE_MS === 0) return '1m';
  return 'raw';
}

/** The coarsest source whose resolution divides every bound and the day offset (days-with-data, §12.7). */
export function daysSource(q: Pick<DaysQuery, 'fromMs' | 'toMs' | 'utcOffsetMinutes'>): SeriesSource {
  const offsetMs = q.utcOffsetMinutes * MINUTE_MS;
  const fits = (step: number) => q.fromMs % step === 0 && q.toMs % step === 0 && offsetMs % step === 0;
  if (fits(HOUR_MS)) return '1h';
  if (fits(MINUTE_MS)) return '1m';
  return 'raw';
}

/** A validated series query widened to whole buckets: points with measuredAt in [startMs, endMs). */
export interface SeriesPlan {
  source: SeriesSource;
  startMs: number;
  endMs: number;
  bucketMs: number;
}

/** Validates a series query (integers, from ≤ to, ≤ {@link SERIES_MAX_BUCKETS} buckets) and plans it. */
export function planSeries(q: SeriesQuery): SeriesPlan {
  const { fromMs, toMs, bucketMs } = q;
  if (![fromMs, toMs, bucketMs].every(Number.isSafeInteger)) {
    throw new InvalidQueryError('fromMs, toMs and bucketMs must be integers');
  }
  if (bucketMs < 1) throw new InvalidQueryError('bucketMs must be ≥ 1');
  if (fromMs > toMs) throw new InvalidQueryError('fromMs must not be after toMs');
  const startMs = floorTo(fromMs, bucketMs);
  const endMs = Math.max(ceilTo(toMs, bucketMs), startMs);
  if ((endMs - startMs) / bucketMs > SERIES_MAX_BUCKETS) {
    throw new InvalidQueryError(`more than ${SERIES_MAX_BUCKETS} buckets`);
  }
  return { source: seriesSource(bucketMs), startMs, endMs, bucketMs };
}

/** Aggregate of the points of one unit in one output bucket, from one source. */
export interface PartialBucket extends Aggregate {
  startMs: number;
  unit: string;
}

/** Merges two aggregates of disjoint point sets exactly. */
export function combine(a: Aggregate, b: Aggregate): Aggregate {
  return {
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    sum: a.sum + b.sum,
    count: a.count + b.count,
  };
}

/** Partial aggregates as columns (how DuckDB hands them over), in any order. */
export interface PartialColumns {
  length: number;
  unit: (i: number) => string;
  start: ArrayLike<number>;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
  sum: ArrayLike<number>;
  count: ArrayLike<number>;
}

/**
 * Combines partial aggregates (from rollups and not-yet-rolled raw points) into the answer: one bucket per
 * start, sorted, mean = sum / count; partials with count 0 are ignored. One unit → kept as is; several →
 * every partial converted to the metric's canonical unit first (§12.4).
 */
export function finishSeries(
  metric: Metric,
  plan: Pick<SeriesPlan, 'source' | 'startMs' | 'endMs' | 'bucketMs'>,
  parts: readonly PartialBucket[],
): SeriesResult {
  return finishColumns(metric, plan, {
    length: parts.length,
    unit: (i) => parts[i]!.unit,
    start: parts.map((x) => x.startMs),
    min: parts.map((x) => x.min),
    max: parts.map((x) => x.max),
    sum: parts.map((x) => x.sum),
    count: parts.map((x) => x.count),
  });
}

/**
 * {@link finishSeries} over columns, without sorting: a bucket's start is (start − plan.startMs) / bucketMs
 * slots into the plan (≤ 50,000), so partials are accumulated in place and read out in order: linear, no
 * comparator sort, one object per bucket (a 30-day 1-minute chart is 43,200 partials; §12.9).
 */
export function finishColumns(
  metric: Metric,
  plan: Pick<SeriesPlan, 'source' | 'startMs' | 'endMs' | 'bucketMs'>,
  c: PartialColumns,
): SeriesResult {
  let first: string | null = null;
  let mixed = false;
  for (let i = 0; i < c.length && !mixed; i++) {
    if (!(c.count[i]! > 0)) continue;
    const u = c.unit(i);
    if (first === null) first = u;
    else mixed = u !== first;
  }
  const slots = Math.max(0, Math.round((plan.endMs - plan.startMs) / plan.bucketMs));
  const min = new Float64Array(slots).fill(Infinity);
  const max = new Float64Array(slots).fill(-Infinity);
  const sum = new Float64Array(slots);
  const count = new Float64Array(slots);
  for (let i = 0; i < c.length; i++) {
    const n = c.count[i]!;
    if (!(n > 0)) continue;
    const k = (c.start[i]! - plan.startMs) / plan.bucketMs;
    if (!(k >= 0 && k < slots && Number.isInteger(k))) continue; // not a bucket of this plan
    let lo = c.min[i]!;
    let hi = c.max[i]!;
    let s = c.sum[i]!;
    if (mixed)
      ({ min: lo, max: hi, sum: s } = toCanonical(metric, c.unit(i), { min: lo, max: hi, sum: s, count: n }));
    if (lo < min[k]!) min[k] = lo;
    if (hi > max[k]!) max[k] = hi;
    sum[k] = sum[k]! + s;
    count[k] = count[k]! + n;
  }
  const buckets: SeriesBucket[] = [];
  for (let k = 0; k < slots; k++) {
    const n = count[k]!;
    if (n > 0) {
      buckets.push({
        startMs: plan.startMs + k * plan.bucketMs,
        min: min[k]!,
        max: max[k]!,
        mean: sum[k]! / n,
        count: n,
      });
    }
  }
  const unit = buckets.length === 0 ? null : mixed ? unitOf(metric) : first;
  return { source: plan.source, unit, buckets };
}

/** Validates a days query (integers, from ≤ to, distinct ids, offset within ±14 h). */
export function checkDaysQuery(q: DaysQuery): void {
  if (![q.fromMs, q.toMs, q.utcOffsetMinutes].every(Number.isSafeInteger)) {
    throw new InvalidQueryError('fromMs, toMs and utcOffsetMinutes must be integers');
  }
  if (q.fromMs > q.toMs) throw new InvalidQueryError('fromMs must not be after toMs');
  if (Math.abs(q.utcOffsetMinutes) > 14 * 60) throw new InvalidQueryError('utcOffsetMinutes out of range');
}

/** Local day number (days since 1970-01-01 local) of a UTC time at a UTC offset. */
export function localDay(ms: number, utcOffsetMinutes: number): number {
  return Math.floor((ms + utcOffsetMinutes * MINUTE_MS) / DAY_MS);
}

/** YYYY-MM-DD of a local day number. */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Retention cutoffs (points / buckets strictly before are deleted), null = keep forever (§12.5). */
export interface RetentionCutoffs {
  raw: number | null;
  minute: number | null;
  hour: number | null;
}

/** Tiers must not outlive coarser ones: raw ≤ 1m ≤ 1h (0 = forever). Returns a problem or null. */
export function policyProblem(p: RetentionPolicy): string | null {
  const days = [p.rawDays, p.minuteDays, p.hourDays];
  if (!days.every((d) => Number.isSafeInteger(d) && d >= 0)) return 'retention days must be integers ≥ 0';
  const eff = days.map((d) => (d === 0 ? Infinity : d));
  if (eff[0]! > eff[1]!) return 'raw retention must not exceed 1-minute retention';
  if (eff[1]! > eff[2]!) return '1-minute retention must not exceed 1-hour retention';
  return null;
}

/** Cutoffs at `nowMs`: raw floored to the minute, rollups to the hour, so no bucket is cut in two. */
export function retentionCutoffs(nowMs: number, p: RetentionPolicy): RetentionCutoffs {
  const problem = policyProblem(p);
  if (problem) throw new InvalidQueryError(problem);
  const cut = (days: number, step: number) => (days === 0 ? null : floorTo(nowMs - days * DAY_MS, step));
  return {
    raw: cut(p.rawDays, MINUTE_MS),
    minute: cut(p.minuteDays, HOUR_MS),
    hour: cut(p.hourDays, HOUR_MS),
  };
}

/** Export order: measuredAt, then readingId, then idx (ascending). */
export function comparePoints(
  a: Pick<VitalPoint, 'measuredAtMs' | 'readingId' | 'idx'>,
  b: Pick<VitalPoint, 'measuredAtMs' | 'readingId' | 'idx'>,
): number {
  if (a.measuredAtMs !== b.measuredAtMs) return a.measuredAtMs - b.measuredAtMs;
  if (a.readingId !== b.readingId) return a.readingId < b.readingId ? -1 : 1;
  return a.idx - b.idx;
}
