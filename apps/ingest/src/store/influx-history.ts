/**
 * History queries of the InfluxDB adapter (DESIGN.md §12.10). A rollup answer is stitched from up to three
 * time segments, each from exactly one measurement, so no point is counted twice or missed:
 *
 *   [start, h1) vitals_1h · [h1, m1) vitals_1m · [m1, end) raw
 *
 * where m1 = min(minute_through, first bucket with an unprocessed late marker of this series) and
 * h1 = min(hour_through, m1 floored to the hour). Bucket boundaries need not coincide with segment
 * boundaries: partial aggregates of one bucket combine exactly.
 */
import type { LatestVital, Metric } from '@openward/contracts';
import { rowsOf, type InfluxClient, type InfluxSeries } from './influx-client.js';
import { MEASUREMENT, STATE_QUERY, parseState, type RollupState } from './influx-rollup.js';
import { unitsOf } from './units.js';
import { floorTo, HOUR_MS, type PartialBucket } from './rollup.js';
import type { SeriesSource } from './vitals-store.js';

/** Patients per statement (an OR of bound tag comparisons). */
const PATIENTS_PER_STATEMENT = 100;

/** A time segment and the measurement that answers it. */
export interface Segment {
  source: SeriesSource;
  a: number;
  b: number;
}

/**
 * Splits [start, end) between the sources (see the module comment). `minuteThrough` / `hourThrough` null =
 * no rollups yet; `lateFrom` = first bucket of a pending late marker, or null. Pure.
 */
export function segments(
  tier: SeriesSource,
  start: number,
  end: number,
  state: Pick<RollupState, 'minuteThrough' | 'hourThrough'>,
  lateFrom: number | null,
): Segment[] {
  if (tier === 'raw') return [{ source: 'raw', a: start, b: end }];
  const clip = (t: number) => Math.min(Math.max(t, start), end);
  const m1 = clip(Math.min(state.minuteThrough ?? -Infinity, lateFrom ?? Infinity));
  const h1 = tier === '1h' ? clip(Math.min(state.hourThrough ?? -Infinity, floorTo(m1, HOUR_MS))) : start;
  const out: Segment[] = [];
  if (h1 > start) out.push({ source: '1h', a: start, b: h1 });
  if (m1 > h1) out.push({ source: '1m', a: h1, b: m1 });
  if (end > m1) out.push({ source: 'raw', a: m1, b: end });
  return out;
}

/** `(patient_id = $p0 OR …)` for one chunk of ids, with its params. */
function patientFilter(
  ids: readonly string[],
  offset: number,
): { where: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const terms = ids.map((id, i) => {
    params[`p${offset + i}`] = id;
    return `patient_id = $p${offset + i}`;
  });
  return { where: `(${terms.join(' OR ')})`, params };
}

/** Chunks of patient ids with their filters (all statements go in one request). */
export function patientChunks(ids: readonly string[]): { where: string; params: Record<string, string> }[] {
  const out = [];
  for (let i = 0; i < ids.length; i += PATIENTS_PER_STATEMENT) {
    out.push(patientFilter(ids.slice(i, i + PATIENTS_PER_STATEMENT), i));
  }
  return out;
}

/**
 * Rollup state plus the first pending late bucket of the given series (by patient filter and optional
 * metric), in one request. Markers are read from `sinceLate` (a cached, possibly older late_through: more
 * markers, never fewer) and filtered with the fresh one. Only buckets inside `range` matter; late buckets
 * before the raw horizon are ignored (never recomputed, §12.10).
 */
export async function readStateAndLate(
  client: InfluxClient,
  filters: readonly { where: string; params: Record<string, string> }[],
  metric: Metric | null,
  sinceLate: number,
  range: { start: number; end: number },
): Promise<{ state: RollupState; lateFrom: number | null }> {
  const params: Record<string, string> = metric ? { metric } : {};
  const statements = [STATE_QUERY];
  for (const f of filters) {
    Object.assign(params, f.params);
    statements.push(
      `SELECT bucket FROM rollup_late WHERE ${f.where}${metric ? ' AND metric = $metric' : ''} AND time > ${sinceLate}ms`,
    );
  }
  const [state, ...markers] = await client.query(statements.join('; '), params, { epoch: 'ms' });
  const s = parseState(rowsOf(state ?? []));
  let lateFrom: number | null = null;
  for (const m of markers.flatMap((x) => rowsOf(x))) {
    const t = Number(m['time']);
    const bucket = Number(m['bucket']);
    if (t <= (s.lateThrough ?? -Infinity)) continue;
    if (s.rawDeletedBefore !== null && bucket < s.rawDeletedBefore) continue;
    if (bucket < range.start || bucket >= range.end) continue;
    lateFrom = lateFrom === null ? bucket : Math.min(lateFrom, bucket);
  }
  return { state: s, lateFrom };
}

const RAW_AGG = 'min(value) AS v_min, max(value) AS v_max, sum(value) AS v_sum, count(value) AS n';
const ROLLUP_AGG = 'min(v_min) AS v_min, max(v_max) AS v_max, sum(v_sum) AS v_sum, sum(n) AS n';

/**
 * Partial buckets of one series over the segments, in one request: rollup segments grouped by unit (a tag
 * there), raw segments one statement per unit the metric accepts (a field there).
 */
export async function seriesParts(
  client: InfluxClient,
  patientId: string,
  metric: Metric,
  segs: readonly Segment[],
  bucketMs: number,
): Promise<PartialBucket[]> {
  const params: Record<string, string> = { p: patientId, m: metric };
  const units = unitsOf(metric);
  units.forEach((u, i) => (params[`u${i}`] = u));
  const statements: { sql: string; unit: string | null }[] = [];
  const group = `GROUP BY time(${bucketMs}ms)`;
  for (const s of segs) {
    const span = `patient_id = $p AND metric = $m AND time >= ${s.a}ms AND time < ${s.b}ms`;
    if (s.source === 'raw') {
      units.forEach((u, i) =>
        statements.push({
          sql: `SELECT ${RAW_AGG} FROM vitals WHERE ${span} AND unit = $u${i} ${group} fill(none)`,
          unit: u,
        }),
      );
    } else {
      statements.push({
        sql: `SELECT ${ROLLUP_AGG} FROM ${MEASUREMENT[s.source]} WHERE ${span} ${group}, unit fill(none)`,
        unit: null,
      });
    }
  }
  if (statements.length === 0) return [];
  const results = await client.query(statements.map((s) => s.sql).join('; '), params, { epoch: 'ms' });
  const parts: PartialBucket[] = [];
  results.forEach((series, i) => {
    for (const r of rowsOf(series)) {
      parts.push({
        startMs: Number(r['time']),
        unit: statements[i]!.unit ?? String(r['unit']),
        min: Number(r['v_min']),
        max: Number(r['v_max']),
        sum: Number(r['v_sum']),
        count: Number(r['n']),
      });
    }
  });
  return parts;
}

/**
 * Readings per (patient, local day start) over the segments: `sum(readings)` of rollups, `count` of raw idx-0
 * points, grouped by `time(1d, offset)` so days start at local midnight. One request.
 */
export async function dayCounts(
  client: InfluxClient,
  filters: readonly { where: string; params: Record<string, string> }[],
  segs: readonly Segment[],
  utcOffsetMinutes: number,
): Promise<Map<string, Map<number, number>>> {
  const shift = ((-utcOffsetMinutes % 1440) + 1440) % 1440;
  const group = `GROUP BY time(1d, ${shift}m), patient_id fill(none)`;
  const params: Record<string, string> = {};
  const statements: string[] = [];
  for (const f of filters) {
    Object.assign(params, f.params);
    for (const s of segs) {
      const span = `${f.where} AND time >= ${s.a}ms AND time < ${s.b}ms`;
      statements.push(
        s.source === 'raw'
          ? `SELECT count(value) AS readings FROM vitals WHERE ${span} AND idx = 0 ${group}`
          : `SELECT sum(readings) AS readings FROM ${MEASUREMENT[s.source]} WHERE ${span} ${group}`,
      );
    }
  }
  const out = new Map<string, Map<number, number>>();
  if (statements.length === 0) return out;
  const results = await client.query(statements.join('; '), params, { epoch: 'ms' });
  for (const r of results.flatMap((x: InfluxSeries[]) => rowsOf(x))) {
    const patient = String(r['patient_id']);
    const days = out.get(patient) ?? new Map<number, number>();
    const t = Number(r['time']);
    days.set(t, (days.get(t) ?? 0) + Number(r['readings']));
    out.set(patient, days);
  }
  return out;
}

/** Newest point per (patient, metric) of many patients in one request (`last()` is a selector). */
export async function latestOf(
  client: InfluxClient,
  patientIds: readonly string[],
): Promise<Map<string, LatestVital[]>> {
  const out = new Map<string, LatestVital[]>(patientIds.map((id) => [id, []]));
  if (patientIds.length === 0) return out;
  const filters = patientChunks(patientIds);
  const params = Object.assign({}, ...filters.map((f) => f.params)) as Record<string, string>;
  const results = await client.query(
    filters
      .map(
        (f) =>
          `SELECT last(value) AS value, unit, reading_id, stored_at, device_address FROM vitals WHERE ${f.where} ` +
          'GROUP BY patient_id, metric',
      )
      .join('; '),
    params,
    { epoch: 'ms' },
  );
  const rows = results.flatMap((x) => rowsOf(x));
  rows.sort((a, b) =>
    String(a['metric']) < String(b['metric']) ? -1 : String(a['metric']) > String(b['metric']) ? 1 : 0,
  );
  for (const r of rows) {
    out.get(String(r['patient_id']))?.push({
      metric: String(r['metric']) as Metric,
      value: Number(r['value']),
      unit: String(r['unit']),
      measuredAt: new Date(Number(r['time'])).toISOString(),
      storedAt: new Date(Number(r['stored_at'])).toISOString(),
      readingId: String(r['reading_id']),
      deviceAddress: String(r['device_address']),
    });
  }
  return out;
}
