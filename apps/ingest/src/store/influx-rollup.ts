/**
 * InfluxDB rollups and retention (DESIGN.md §12.10). InfluxDB 3 has no continuous queries and 1.x/2.x's
 * cannot see late data, so ingest computes the rollups itself with InfluxQL aggregates and writes them back:
 *
 * - window pass: every 1-minute bucket in [minute_through, now − 2 min) is computed from raw, then
 *   minute_through moves on; closed hours are then computed from the 1-minute rows (hour_through);
 * - late pass: a point measured more than {@link LATE_AFTER_MS} before it was stored gets a `rollup_late`
 *   marker (written with it); markers older than {@link VISIBILITY_MS} are processed once (late_through):
 *   their 1-minute buckets and hours are recomputed from raw, which is idempotent (same point keys).
 *
 * State lives in InfluxDB (`rollup_state`, read with max(), so concurrent replicas only ever move it forward).
 */
import { METRICS, type Metric } from '@openward/contracts';
import { rowsOf, type InfluxClient, type InfluxParams } from './influx-client.js';
import { formatLine, float, int } from './influx-line-protocol.js';
import { unitsOf } from './units.js';
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS, retentionCutoffs } from './rollup.js';
import type { MaintenanceResult, RetentionPolicy, VitalPoint } from './vitals-store.js';

/** A point measured more than this before its store time is late: it gets a marker (§12.2). */
export const LATE_AFTER_MS = 60_000;
/** Assumed bound on write duration plus clock skew between replicas: newer data may still be invisible. */
export const VISIBILITY_MS = 60_000;
/** Raw span per window-pass request. */
const WINDOW_CHUNK_MS = 6 * HOUR_MS;
/** 1-minute span per hour-pass request. */
const HOUR_CHUNK_MS = 7 * DAY_MS;
/** Lines per `/write` request. */
const LINES_PER_WRITE = 5000;

export const MEASUREMENT = { raw: 'vitals', '1m': 'vitals_1m', '1h': 'vitals_1h' } as const;

/** Rollup progress and retention horizons (ms); null = never set. */
export interface RollupState {
  /** Every 1-minute bucket before this is complete (late data aside: markers). */
  minuteThrough: number | null;
  hourThrough: number | null;
  /** Every marker stored at or before this (ms, store clock) has been processed. */
  lateThrough: number | null;
  /** Raw points before this may have been deleted by retention. */
  rawDeletedBefore: number | null;
}

const STATE_FIELDS = {
  minuteThrough: 'minute_through',
  hourThrough: 'hour_through',
  lateThrough: 'late_through',
  rawDeletedBefore: 'raw_deleted_before',
} as const;

export const STATE_QUERY = `SELECT ${Object.values(STATE_FIELDS)
  .map((f) => `max(${f}) AS ${f}`)
  .join(', ')} FROM rollup_state`;

/** Parses the answer of {@link STATE_QUERY}. */
export function parseState(rows: Record<string, unknown>[]): RollupState {
  const r = rows[0] ?? {};
  const num = (f: string) => (typeof r[f] === 'number' ? (r[f] as number) : null);
  return {
    minuteThrough: num(STATE_FIELDS.minuteThrough),
    hourThrough: num(STATE_FIELDS.hourThrough),
    lateThrough: num(STATE_FIELDS.lateThrough),
    rawDeletedBefore: num(STATE_FIELDS.rawDeletedBefore),
  };
}

export async function readState(client: InfluxClient): Promise<RollupState> {
  const [s] = await client.query(STATE_QUERY, {}, { epoch: 'ms' });
  return parseState(rowsOf(s ?? []));
}

async function writeState(client: InfluxClient, nowMs: number, fields: Partial<RollupState>): Promise<void> {
  const f: Record<string, ReturnType<typeof int>> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'number') f[STATE_FIELDS[k as keyof RollupState]] = int(v);
  }
  if (Object.keys(f).length === 0) return;
  await client.write(
    formatLine({ measurement: 'rollup_state', tags: {}, fields: f, timestamp: BigInt(nowMs) }),
    'ms',
  );
}

/** Distinct units of all metrics: raw `unit` is a field, so raw aggregates run one statement per unit. */
const ALL_UNITS = [...new Set(Object.values(METRICS).flatMap((m) => m.units as readonly string[]))];

const RAW_AGG = 'min(value) AS v_min, max(value) AS v_max, sum(value) AS v_sum, count(value) AS n';
const ROLLUP_AGG = 'min(v_min) AS v_min, max(v_max) AS v_max, sum(v_sum) AS v_sum, sum(n) AS n';

/** One rollup point. */
function rollupLine(tier: '1m' | '1h', r: Record<string, unknown>, unit: string, readings: number): string {
  return formatLine({
    measurement: MEASUREMENT[tier],
    tags: { patient_id: String(r['patient_id']), metric: String(r['metric']), unit },
    fields: {
      v_min: float(Number(r['v_min'])),
      v_max: float(Number(r['v_max'])),
      v_sum: float(Number(r['v_sum'])),
      n: int(Number(r['n'])),
      readings: int(readings),
    },
    timestamp: BigInt(Number(r['time'])),
  });
}

async function writeLines(client: InfluxClient, lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i += LINES_PER_WRITE) {
    await client.write(lines.slice(i, i + LINES_PER_WRITE).join('\n'), 'ms');
  }
}

const key = (r: Record<string, unknown>, unit: string) =>
  `${String(r['patient_id'])}\u0000${String(r['metric'])}\u0000${unit}\u0000${Number(r['time'])}`;

/**
 * 1-minute rows for raw points in [a, b) matching `where` (bound with `params`): per unit, aggregate and
 * reading count (idx 0), joined into lines. Returns the lines.
 */
async function minuteLines(
  client: InfluxClient,
  a: number,
  b: number,
  where: string,
  params: InfluxParams,
  units: readonly string[],
): Promise<string[]> {
  const span = `time >= ${a}ms AND time < ${b}ms`;
  const group = 'GROUP BY time(1m), patient_id, metric fill(none)';
  const statements = units.flatMap((_, i) => [
    `SELECT ${RAW_AGG} FROM vitals WHERE ${where} AND unit = $u${i} AND ${span} ${group}`,
    `SELECT count(value) AS readings FROM vitals WHERE ${where} AND unit = $u${i} AND idx = 0 AND ${span} ${group}`,
  ]);
  const p: Record<string, string | number> = { ...params };
  units.forEach((u, i) => (p[`u${i}`] = u));
  const results = await client.query(statements.join('; '), p, { epoch: 'ms' });
  const lines: string[] = [];
  units.forEach((unit, i) => {
    const readings = new Map(
      rowsOf(results[2 * i + 1] ?? []).map((r) => [key(r, unit), Number(r['readings'])]),
    );
    for (const r of rowsOf(results[2 * i] ?? []))
      lines.push(rollupLine('1m', r, unit, readings.get(key(r, unit)) ?? 0));
  });
  return lines;
}

/** 1-hour rows from the 1-minute rows in [a, b) matching `where`. */
async function hourLines(
  client: InfluxClient,
  a: number,
  b: number,
  where: string,
  params: InfluxParams,
): Promise<string[]> {
  const [rows] = await client.query(
    `SELECT ${ROLLUP_AGG}, sum(readings) AS readings FROM vitals_1m WHERE ${where} AND time >= ${a}ms AND time < ${b}ms
     GROUP BY time(1h), patient_id, metric, unit fill(none)`,
    params,
    { epoch: 'ms' },
  );
  return rowsOf(rows ?? []).map((r) => rollupLine('1h', r, String(r['unit']), Number(r['readings'])));
}

/** Time (ms) of the first point of `measurement` at or after `from` and before `to`, or null. */
async function firstAt(
  client: InfluxClient,
  measurement: string,
  field: string,
  from: number,
  to: number,
): Promise<number | null> {
  const [s] = await client.query(
    `SELECT first(${field}) FROM ${measurement} WHERE time >= ${from}ms AND time < ${to}ms`,
    {},
    { epoch: 'ms' },
  );
  const t = rowsOf(s ?? [])[0]?.['time'];
  return typeof t === 'number' ? t : null;
}

/** Runs `step` over [from, to) in chunks, jumping over spans without data. Returns lines written. */
async function sweep(
  client: InfluxClient,
  measurement: string,
  field: string,
  from: number,
  to: number,
  chunk: number,
  align: number,
  step: (a: number, b: number) => Promise<string[]>,
  done?: (b: number) => Promise<void>,
): Promise<number> {
  let written = 0;
  let a = from;
  while (a < to) {
    const next = await firstAt(client, measurement, field, a, to);
    if (next === null) break;
    a = Math.max(a, floorTo(next, align));
    const b = Math.min(a + chunk, to);
    const lines = await step(a, b);
    await writeLines(client, lines);
    written += lines.length;
    await done?.(b);
    a = b;
  }
  return written;
}

/** One maintenance run (§12.10): window pass, late pass, hour pass, then retention. */
export async function maintainInflux(
  client: InfluxClient,
  nowMs: number,
  policy: RetentionPolicy,
): Promise<MaintenanceResult> {
  const cut = retentionCutoffs(nowMs, policy);
  const state = await readState(client);
  const minuteTo = floorTo(nowMs - LATE_AFTER_MS - VISIBILITY_MS, MINUTE_MS);
  const first = state.minuteThrough ?? (await firstAt(client, 'vitals', 'value', 0, minuteTo)) ?? minuteTo;
  const minuteFrom = Math.min(floorTo(first, MINUTE_MS), minuteTo);
  const attributed = `patient_id != '_unassigned'`;
  const hourFrom = state.hourThrough ?? floorTo(minuteFrom, HOUR_MS);
  let rolled = await sweep(
    client,
    'vitals',
    'value',
    minuteFrom,
    minuteTo,
    WINDOW_CHUNK_MS,
    MINUTE_MS,
    (a, b) => minuteLines(client, a, b, attributed, {}, ALL_UNITS),
    // Checkpoint: a long first pass (years of raw) resumes where it stopped instead of starting over.
    // hour_through is written with it so that a resumed run starts its hour pass where this one would have.
    (b) => writeState(client, nowMs, { minuteThrough: b, hourThrough: hourFrom }),
  );

  // Late pass: markers stored in (late_through, now − visibility], for buckets the windows already passed.
  const lateTo = nowMs - VISIBILITY_MS;
  const [markers] = await client.query(
    `SELECT bucket, patient_id, metric FROM rollup_late WHERE time > ${state.lateThrough ?? 0}ms AND time <= ${lateTo}ms`,
    {},
    { epoch: 'ms' },
  );
  const dirty = new Map<string, { patient: string; metric: Metric; buckets: Set<number> }>();
  for (const m of rowsOf(markers ?? [])) {
    const bucket = Number(m['bucket']);
    // Later buckets are covered by a window pass; buckets whose raw points retention may have deleted cannot
    // be recomputed (§12.10: data arriving later than the raw retention is not rolled up in InfluxDB mode).
    if (bucket >= minuteFrom || (state.rawDeletedBefore !== null && bucket < state.rawDeletedBefore))
      continue;
    const k = `${String(m['patient_id'])}\u0000${String(m['metric'])}`;
    const d = dirty.get(k) ?? {
      patient: String(m['patient_id']),
      metric: String(m['metric']) as Metric,
      buckets: new Set(),
    };
    d.buckets.add(bucket);
    dirty.set(k, d);
  }
  const hourTo = floorTo(minuteTo, HOUR_MS);
  for (const d of dirty.values()) {
    const params = { p: d.patient, m: d.metric };
    const where = 'patient_id = $p AND metric = $m';
    const hours = new Set<number>();
    for (const [a, b] of runs([...d.buckets], MINUTE_MS, HOUR_MS)) {
      const lines = await minuteLines(client, a, b, where, params, unitsOf(d.metric));
      await writeLines(client, lines);
      rolled += lines.length;
      for (let h = floorTo(a, HOUR_MS); h < b; h += HOUR_MS) if (h < hourFrom) hours.add(h);
    }
    for (const [a, b] of runs([...hours], HOUR_MS, DAY_MS)) {
      const lines = await hourLines(client, a, b, where, params);
      await writeLines(client, lines);
      rolled += lines.length;
    }
  }
  rolled += await sweep(client, 'vitals_1m', 'n', hourFrom, hourTo, HOUR_CHUNK_MS, HOUR_MS, (a, b) =>
    hourLines(client, a, b, attributed, {}),
  );
  await writeState(client, nowMs, {
    minuteThrough: minuteTo,
    hourThrough: Math.max(hourTo, hourFrom),
    lateThrough: lateTo,
    // Carried forward so that deleting superseded state points never forgets the raw horizon.
    rawDeletedBefore: state.rawDeletedBefore,
  });
  return { rolledBuckets: rolled, ...(await retention(client, nowMs, cut, minuteTo, lateTo)) };
}

/** Sorted buckets grouped into [start, end) spans, a new span when the gap exceeds `gap`. Pure. */
export function runs(buckets: number[], step: number, gap: number): [number, number][] {
  const sorted = [...new Set(buckets)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b - last[1] <= gap) last[1] = b + step;
    else out.push([b, b + step]);
  }
  return out;
}

async function countBefore(
  client: InfluxClient,
  measurement: string,
  field: string,
  t: number,
): Promise<number> {
  const [s] = await client.query(`SELECT count(${field}) FROM ${measurement} WHERE time < ${t}ms`);
  return Number(rowsOf(s ?? [])[0]?.['count'] ?? 0);
}

/**
 * Deletes by time (§12.5, §12.10). Raw is never deleted at or after the window (not rolled up yet) nor at or
 * after a pending late bucket; the raw horizon is recorded before the delete, so a crash in between can only
 * make later late data skip recomputation, never recompute from a half-deleted bucket.
 */
async function retention(
  client: InfluxClient,
  nowMs: number,
  cut: ReturnType<typeof retentionCutoffs>,
  minuteTo: number,
  lateTo: number,
): Promise<Pick<MaintenanceResult, 'deletedRaw' | 'deleted1m' | 'deleted1h'>> {
  let deletedRaw = 0;
  if (cut.raw !== null) {
    const [pending] = await client.query(`SELECT min(bucket) FROM rollup_late WHERE time > ${lateTo}ms`);
    const p = rowsOf(pending ?? [])[0]?.['min'];
    const rawCut = Math.min(cut.raw, minuteTo, typeof p === 'number' ? p : Infinity);
    deletedRaw = await countBefore(client, 'vitals', 'value', rawCut);
    await writeState(client, nowMs, { rawDeletedBefore: rawCut });
    if (deletedRaw > 0) await client.query(`DELETE FROM vitals WHERE time < ${rawCut}ms`);
  }
  const tier = async (m: string, c: number | null) => {
    if (c === null) return 0;
    const n = await countBefore(client, m, 'n', c);
    if (n > 0) await client.query(`DELETE FROM ${m} WHERE time < ${c}ms`);
    return n;
  };
  const deleted1m = await tier(MEASUREMENT['1m'], cut.minute);
  const deleted1h = await tier(MEASUREMENT['1h'], cut.hour);
  // Processed markers and superseded state points are bookkeeping: keep one day of each.
  await client.query(`DELETE FROM rollup_late WHERE time < ${lateTo - DAY_MS}ms`);
  await client.query(`DELETE FROM rollup_state WHERE time < ${nowMs - DAY_MS}ms`);
  return { deletedRaw, deleted1m, deleted1h };
}

/**
 * The late-data marker of a (patient, metric, minute) (DESIGN.md §12.10): timestamped with the store time
 * (ns, plus `seq` to keep markers of one batch apart), so maintenance finds new markers by time. Pure.
 */
export function lateMarkerLine(p: VitalPoint & { patientId: string }, seq: number): string {
  return formatLine({
    measurement: 'rollup_late',
    tags: { patient_id: p.patientId, metric: p.metric },
    fields: { bucket: int(floorTo(Math.round(p.measuredAtMs), MINUTE_MS)) },
    timestamp: BigInt(Math.round(p.storedAtMs)) * 1_000_000n + BigInt(seq % 1_000_000),
  });
}

/** Markers for the late attributed points of a batch, one per (patient, metric, minute) (§12.10). Pure. */
export function lateMarkers(points: readonly VitalPoint[], firstSeq: number): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of points) {
    if (p.patientId === null || p.measuredAtMs >= p.storedAtMs - LATE_AFTER_MS) continue;
    const k = `${p.patientId}\u0000${p.metric}\u0000${floorTo(Math.round(p.measuredAtMs), MINUTE_MS)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    lines.push(lateMarkerLine({ ...p, patientId: p.patientId }, firstSeq + lines.length));
  }
  return lines;
}
