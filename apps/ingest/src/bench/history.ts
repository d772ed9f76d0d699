import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_FILE, DuckDbVitalsStore } from '../store/duckdb-store.js';
import type { SeriesBucket, SeriesQuery } from '../store/vitals-store.js';

/** The charted patient: one heart-rate stream at 1 Hz over the whole window (DESIGN.md §14). */
export const CHART_PATIENT = 'p-h-000000-chart';
const DAY_MS = 86_400_000;
/** Each filler patient streams in one minute out of this many (a rotating population). */
const FILLER_DUTY = 24;

export interface HistoryOptions {
  dir: string;
  /** Cumulative stored points after each level, e.g. [10e6, 30e6, 100e6]. */
  sizes: number[];
  /** Length of the window and of the chart, days. */
  days: number;
  /** Timed runs of each query (after one warm-up run); the median is reported. */
  repeats: number;
}

export interface HistoryLevel {
  /** Stored points (exact). */
  points: number;
  patients: number;
  loadSeconds: number;
  maintainSeconds: number;
  rolledBuckets: number;
  fileMiB: number;
  buckets: number;
  source: string;
  /** `series` (the store's query, rollups) times, ms. */
  seriesMs: number[];
  /** The same chart computed from the raw table by one SQL aggregate, ms. */
  rawMs: number[];
}

export interface HistoryResult {
  days: number;
  levels: HistoryLevel[];
}

/** Streams of level `level` (1-based) for `rows` points over `seconds`; level 1 includes the charted stream. */
function streamsFor(level: number, rows: number, seconds: number): number {
  return Math.max(level === 1 ? 2 : 1, Math.round(rows / seconds));
}

/**
 * SQL that appends one level of synthetic history in arrival (time) order, as ingest would have written it:
 * `streams` concurrent 1 Hz streams for `seconds` from `fromMs`. In level 1 stream 0 is the charted patient's
 * heart rate; every other stream belongs to a filler patient (heart rate and SpO2 in pairs) from a rotating
 * population that streams one minute in {@link FILLER_DUTY}, so every row group mixes many patients and the
 * charted patient's rows are spread over the whole table. Patient ids of every level sort around
 * {@link CHART_PATIENT}, so min/max zone maps cannot skip row groups on the patient id either. Pure.
 */
export function levelSql(
  level: number,
  streams: number,
  seconds: number,
  fromMs: number,
  storedMs: number,
): string {
  const first = level === 1 ? 1 : 0;
  const slots = Math.ceil((streams - first) / 2);
  const k = `(i % ${streams} - ${first})`;
  const sec = `(i // ${streams})`;
  const filler = `printf('p-h-%06d-L${level}', ((${sec} // 60) * ${slots} + ${k} // 2) % ${slots * FILLER_DUTY})`;
  const chart = level === 1 ? `i % ${streams} = 0` : 'false';
  const hr = `(${chart} OR ${k} % 2 = 0)`;
  return `INSERT INTO vitals BY NAME
SELECT 'bulk-L${level}' AS reading_id, i::INTEGER AS idx,
  CASE WHEN ${hr} THEN 'heart-rate' ELSE 'spo2' END AS metric,
  CASE WHEN ${chart} THEN '${CHART_PATIENT}' ELSE ${filler} END AS patient_id,
  'gw-h-l${level}' AS gateway_id, '02:0e:00:00:00:0${level}' AS device_address,
  CASE WHEN ${hr} THEN '2A37' ELSE '2A5F' END AS characteristic,
  make_timestamp((${fromMs} + ${sec} * 1000) * 1000) AS measured_at,
  make_timestamp((${fromMs} + ${sec} * 1000 + 200) * 1000) AS received_at,
  make_timestamp(${storedMs} * 1000) AS stored_at,
  CASE WHEN ${hr} THEN 60 + (i * 7) % 40 ELSE 94 + i % 5 END::DOUBLE AS value,
  CASE WHEN ${hr} THEN '/min' ELSE '%' END AS unit
FROM range(0, ${seconds * streams}) t(i)`;
}

/** The chart from the raw table: one aggregate over `vitals`, the baseline for `series` (no rollups). */
const RAW_CHART = `
SELECT (epoch_ms(measured_at) // $bucket) * $bucket AS start_ms, min(value) AS min, max(value) AS max,
       avg(value) AS mean, count(*) AS count
FROM vitals
WHERE patient_id = $patient AND metric = $metric
  AND measured_at >= make_timestamp($from * 1000) AND measured_at < make_timestamp($to * 1000)
GROUP BY 1 ORDER BY 1`;

async function timed<T>(repeats: number, run: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last = await run(); // warm-up: first-touch I/O and plan caches
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    last = await run();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

async function withDb<T>(
  file: string,
  body: (run: (sql: string, p?: Record<string, string | number>) => Promise<unknown[][]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    return await body(async (sql, p) => (await conn.runAndReadAll(sql, p)).getRows());
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function sameBuckets(a: readonly SeriesBucket[], b: readonly unknown[][]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const r = b[i] ?? [];
    return (
      x.startMs === Number(r[0]) &&
      x.min === Number(r[1]) &&
      x.max === Number(r[2]) &&
      Math.abs(x.mean - Number(r[3])) < 1e-6 &&
      x.count === Number(r[4])
    );
  });
}

/**
 * The history-query benchmark (DESIGN.md §14): grows a DuckDB file level by level to each of `sizes` stored
 * points with SQL (`range()`, not the write path), lets the store build its rollups with `maintain()`, then
 * times the store's `series` for the charted patient's `days`-day 1-minute chart against the same chart
 * computed from the raw table. The raw table is bulk-loaded without its (reading_id, idx) primary-key index,
 * which only the idempotent insert uses.
 */
export async function runHistory(opts: HistoryOptions, log: (line: string) => void): Promise<HistoryResult> {
  await mkdir(opts.dir, { recursive: true });
  const file = join(opts.dir, DUCKDB_FILE);
  const seconds = opts.days * 86_400;
  // Whole UTC days that closed over a day ago, so maintain() re-clusters all of them (§12.9 grace period).
  const toMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
  const fromMs = toMs - opts.days * DAY_MS;
  const query: SeriesQuery = {
    patientId: CHART_PATIENT,
    metric: 'heart-rate',
    fromMs,
    toMs,
    bucketMs: 60_000,
  };
  const rawParams = { bucket: 60_000, patient: CHART_PATIENT, metric: 'heart-rate', from: fromMs, to: toMs };

  // The store creates its schema; the raw table is then recreated with the same columns, without the key.
  await (await DuckDbVitalsStore.open(opts.dir)).close();
  await withDb(file, async (run) => {
    await run('CREATE TABLE vitals_bulk AS SELECT * FROM vitals LIMIT 0');
    await run('DROP TABLE vitals');
    await run('ALTER TABLE vitals_bulk RENAME TO vitals');
  });

  const levels: HistoryLevel[] = [];
  let points = 0;
  let patients = 0;
  for (const [i, size] of opts.sizes.entries()) {
    const level = i + 1;
    const streams = streamsFor(level, size - points, seconds);
    const t0 = performance.now();
    await withDb(file, async (run) => {
      await run(levelSql(level, streams, seconds, fromMs, Date.now()));
      await run('CHECKPOINT');
    });
    const loadSeconds = (performance.now() - t0) / 1000;
    points += streams * seconds;
    patients += Math.ceil((streams - (level === 1 ? 1 : 0)) / 2) * FILLER_DUTY + (level === 1 ? 1 : 0);
    log(`  ${points.toLocaleString('en')} points loaded in ${loadSeconds.toFixed(1)} s`);

    const store = await DuckDbVitalsStore.open(opts.dir);
    let rolledBuckets = 0;
    let series;
    let maintainSeconds;
    try {
      const t1 = performance.now();
      for (let pass = 0; pass < 10_000; pass++) {
        const r = await store.maintain(Date.now(), { rawDays: 0, minuteDays: 0, hourDays: 0 });
        rolledBuckets += r.rolledBuckets;
        if (r.rolledBuckets === 0) break;
      }
      maintainSeconds = (performance.now() - t1) / 1000;
      series = await timed(opts.repeats, () => store.series(query));
    } finally {
      await store.close();
    }
    const raw = await withDb(file, (run) => timed(opts.repeats, () => run(RAW_CHART, rawParams)));
    if (!sameBuckets(series.last.buckets, raw.last)) {
      throw new Error(`series (${series.last.source}) and the raw aggregate disagree at ${points} points`);
    }
    levels.push({
      points,
      patients,
      loadSeconds,
      maintainSeconds,
      rolledBuckets,
      fileMiB: statSync(file).size / 2 ** 20,
      buckets: series.last.buckets.length,
      source: series.last.source,
      seriesMs: series.ms,
      rawMs: raw.ms,
    });
    log(
      `  ${points.toLocaleString('en')} points: rollups ${maintainSeconds.toFixed(1)} s, series ` +
        `${median(series.ms).toFixed(1)} ms (${series.last.source}), raw ${median(raw.ms).toFixed(1)} ms`,
    );
  }
  return { days: opts.days, levels };
}

/** Median of a sample. Pure; NaN when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Least-squares line y = a + b·x. Pure. */
export function linearFit(points: readonly { x: number; y: number }[]): { a: number; b: number } {
  const n = points.length;
  if (n === 0) return { a: NaN, b: NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b };
}
