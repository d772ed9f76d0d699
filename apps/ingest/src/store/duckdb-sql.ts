/**
 * DuckDB schema and the SQL of the history queries (DESIGN.md §12.9). Only integers we computed (validated
 * safe integers) are spliced into statement text; strings and lists are always bound.
 */
import { DAY_MS, SOURCE_MS, sqlFloorTo } from './rollup.js';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS vitals (
  reading_id VARCHAR NOT NULL,
  idx INTEGER NOT NULL,
  metric VARCHAR NOT NULL,
  patient_id VARCHAR,
  gateway_id VARCHAR NOT NULL,
  device_address VARCHAR NOT NULL,
  characteristic VARCHAR NOT NULL,
  measured_at TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  stored_at TIMESTAMP NOT NULL,
  value DOUBLE NOT NULL,
  unit VARCHAR NOT NULL,
  write_seq BIGINT,
  PRIMARY KEY (reading_id, idx)
);
-- Files from before rollups: their rows get a NULL write_seq = "not rolled up yet" (§12.2).
ALTER TABLE vitals ADD COLUMN IF NOT EXISTS write_seq BIGINT;
CREATE SEQUENCE IF NOT EXISTS dead_letter_id;
CREATE TABLE IF NOT EXISTS dead_letters (
  id BIGINT PRIMARY KEY DEFAULT nextval('dead_letter_id'),
  received_at TIMESTAMP NOT NULL,
  client_id VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  payload BLOB NOT NULL
);
-- One row per (patient, metric, unit) ever rolled up; rollups refer to it by a small integer (§12.9).
CREATE TABLE IF NOT EXISTS series (
  series_id INTEGER NOT NULL,
  patient_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  unit VARCHAR NOT NULL
);
-- No primary key or index on the rollups: rows are clustered by (series_id, bucket) per UTC day instead.
CREATE TABLE IF NOT EXISTS rollup_1m (
  series_id INTEGER NOT NULL, bucket BIGINT NOT NULL,
  v_min DOUBLE NOT NULL, v_max DOUBLE NOT NULL, v_sum DOUBLE NOT NULL, n BIGINT NOT NULL, readings BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollup_1h (
  series_id INTEGER NOT NULL, bucket BIGINT NOT NULL,
  v_min DOUBLE NOT NULL, v_max DOUBLE NOT NULL, v_sum DOUBLE NOT NULL, n BIGINT NOT NULL, readings BIGINT NOT NULL
);
-- UTC days of a rollup tier written to since they were last re-clustered.
CREATE TABLE IF NOT EXISTS rollup_chunks (tier VARCHAR NOT NULL, day BIGINT NOT NULL);
-- Newest rolled-up point per (patient, metric) (§12.8).
CREATE TABLE IF NOT EXISTS latest (
  patient_id VARCHAR NOT NULL, metric VARCHAR NOT NULL, measured_at TIMESTAMP NOT NULL, reading_id VARCHAR NOT NULL,
  idx INTEGER NOT NULL, value DOUBLE NOT NULL, unit VARCHAR NOT NULL, stored_at TIMESTAMP NOT NULL,
  device_address VARCHAR NOT NULL
);
-- Every row with write_seq <= watermark is in the rollups and in latest (§12.2).
CREATE TABLE IF NOT EXISTS rollup_state (watermark BIGINT NOT NULL);
INSERT INTO rollup_state SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM rollup_state);`;

/**
 * Rows not in the rollups yet: written after watermark `w`, or bulk-loaded / legacy rows (NULL). `w` is a
 * literal (read just before) so the zone maps of write_seq skip every rolled-up row group; a subquery here
 * would scan the whole raw table. {@link withWatermark} proves `w` was still current in the query's snapshot.
 */
export const tail = (w: number) => `(write_seq IS NULL OR write_seq > ${w})`;

/** The current watermark. */
export const WATERMARK = 'SELECT watermark::DOUBLE FROM rollup_state';

/**
 * `sql` plus one extra row carrying the watermark of the same snapshot in an extra last column `w` (-1 on
 * data rows); `sentinel` fills the watermark row's other columns. No column of a series answer is ever NULL:
 * a NULL makes the node API test a BigInt validity mask on every value read. The caller finds the watermark
 * row and retries when its watermark differs from the `w` it spliced.
 */
export function withWatermark(sql: string, sentinel: string): string {
  return `SELECT *, -1::DOUBLE AS w FROM (${sql})
    UNION ALL SELECT ${sentinel}, watermark::DOUBLE FROM rollup_state`;
}

/** Watermark-row values of a series answer (u, start, v_min, v_max, v_sum, n). */
export const SERIES_SENTINEL = `0, 0, 0, 0, 0, 0`;

/** Watermark-row values of `columns` columns of a small answer (days, latest). */
export const nullSentinel = (columns: number) => Array.from({ length: columns }, () => 'NULL').join(', ');

/** Rollup table of a tier. */
export const ROLLUP_TABLE = { '1m': 'rollup_1m', '1h': 'rollup_1h' } as const;

const ms = (t: number) => `epoch_ms(${t}::BIGINT)`;
const measuredMs = 'epoch_ms(measured_at)';

/**
 * Partial aggregates of one series over [startMs, endMs) by bucket and unit: the rollup rows of `tier` plus
 * the raw tail above watermark `w` (§12.3), or raw only. Run through {@link withWatermark}: rollups and tail
 * then come from one snapshot whose watermark is `w`, so they never overlap or miss. Columns: `u` (1-based
 * index of the unit in `$units`, so no string per row), `start`, `v_min`, `v_max`, `v_sum`, `n`, in no
 * particular order. When the bucket is the tier's own resolution (a 1-minute chart from 1-minute rollups), rollup rows
 * are returned as they are: the caller merges the few tail partials, no hash aggregate over every row.
 * Binds `$patient`, `$metric`, `$units` (LIST(VARCHAR)).
 */
export function seriesSql(
  tier: '1m' | '1h' | 'raw',
  startMs: number,
  endMs: number,
  bucketMs: number,
  w: number,
): string {
  const agg = `min(v_min) AS v_min, max(v_max) AS v_max, sum(v_sum) AS v_sum, sum(n)::DOUBLE AS n`;
  const raw = (onlyTail: boolean) => `
    SELECT list_position($units, unit)::INTEGER AS u, ${sqlFloorTo(measuredMs, bucketMs)}::DOUBLE AS start,
      min(value) AS v_min, max(value) AS v_max, sum(value) AS v_sum, count(*)::DOUBLE AS n
    FROM vitals
    WHERE ${onlyTail ? `${tail(w)} AND ` : ''}patient_id = $patient AND metric = $metric
      AND measured_at >= ${ms(startMs)} AND measured_at < ${ms(endMs)}
    GROUP BY ALL`;
  if (tier === 'raw') return raw(false);
  const rows = `
    SELECT list_position($units, s.unit)::INTEGER AS u, ${sqlFloorTo('r.bucket', bucketMs)}::DOUBLE AS start,
      r.v_min, r.v_max, r.v_sum, r.n::DOUBLE AS n
    FROM ${ROLLUP_TABLE[tier]} r JOIN series s ON r.series_id = s.series_id
    WHERE s.patient_id = $patient AND s.metric = $metric AND r.bucket >= ${startMs} AND r.bucket < ${endMs}`;
  const rollup =
    bucketMs === SOURCE_MS[tier] ? rows : `SELECT u, start, ${agg} FROM (${rows}) GROUP BY u, start`;
  return `${rollup} UNION ALL ${raw(true)}`;
}

/** Readings per (patient, local day) (§12.7). Binds `$ids` (LIST(VARCHAR)). */
export function daysSql(
  tier: '1m' | '1h' | 'raw',
  fromMs: number,
  toMs: number,
  offsetMs: number,
  w: number,
): string {
  const day = (expr: string) => `${sqlFloorTo(`${expr} + ${offsetMs}`, DAY_MS)} // ${DAY_MS}`;
  const raw = (onlyTail: boolean) => `
    SELECT patient_id, ${day(measuredMs)} AS day, 1 AS n FROM vitals
    WHERE ${onlyTail ? `${tail(w)} AND ` : ''}idx = 0 AND list_contains($ids, patient_id)
      AND measured_at >= ${ms(fromMs)} AND measured_at < ${ms(toMs)}`;
  const parts =
    tier === 'raw'
      ? raw(false)
      : `SELECT s.patient_id, ${day('r.bucket')} AS day, r.readings AS n
         FROM ${ROLLUP_TABLE[tier]} r JOIN series s ON r.series_id = s.series_id
         WHERE list_contains($ids, s.patient_id) AND r.bucket >= ${fromMs} AND r.bucket < ${toMs}
         UNION ALL ${raw(true)}`;
  return `SELECT patient_id, day::DOUBLE AS day, sum(n)::DOUBLE AS readings FROM (${parts})
    GROUP BY patient_id, day HAVING sum(n) > 0`;
}

const LATEST_COLUMNS = `patient_id, metric, value, unit, epoch_ms(measured_at)::DOUBLE AS measured_ms,
  epoch_ms(stored_at)::DOUBLE AS stored_ms, reading_id, idx, device_address`;

/** Newest point per (patient, metric) of the patients in `$ids`: the `latest` table plus the raw tail. */
export const latestManySql = (w: number) => `
SELECT * EXCLUDE (rn) FROM (
  SELECT *, row_number() OVER (PARTITION BY patient_id, metric ORDER BY measured_ms DESC, reading_id DESC, idx DESC) AS rn
  FROM (
    SELECT ${LATEST_COLUMNS} FROM latest WHERE list_contains($ids, patient_id)
    UNION ALL
    SELECT ${LATEST_COLUMNS} FROM vitals WHERE ${tail(w)} AND list_contains($ids, patient_id)
  )
) WHERE rn = 1`;

/** Columns of a raw point, times as epoch ms. */
export const POINT_COLUMNS = `reading_id, idx, metric, patient_id, gateway_id, device_address, characteristic,
  epoch_ms(measured_at) AS measured_ms, epoch_ms(received_at) AS received_ms,
  epoch_ms(stored_at) AS stored_ms, value, unit`;

/** One export page (limit + 1 rows, to know whether another page follows). Binds `$patient`, `$metric`, `$rid`. */
export function exportSql(
  fromMs: number,
  toMs: number,
  hasMetric: boolean,
  after: { measuredAtMs: number; idx: number } | null,
  limit: number,
): string {
  const keyset = after
    ? `AND (measured_at > ${ms(after.measuredAtMs)} OR (measured_at = ${ms(after.measuredAtMs)}
         AND (reading_id > $rid OR (reading_id = $rid AND idx > ${after.idx}))))`
    : '';
  return `SELECT ${POINT_COLUMNS} FROM vitals
    WHERE patient_id = $patient ${hasMetric ? 'AND metric = $metric' : ''}
      AND measured_at >= ${ms(fromMs)} AND measured_at < ${ms(toMs)} ${keyset}
    ORDER BY measured_at, reading_id, idx LIMIT ${limit + 1}`;
}
