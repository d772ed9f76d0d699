import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  BLOB,
  DOUBLE,
  DuckDBInstance,
  INTEGER,
  LIST,
  VARCHAR,
  blobValue,
  listValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { LatestVital, Metric, RejectCode } from '@openward/contracts';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  consistentRows,
  MAX_WATERMARK_RETRIES,
  numberColumns,
  readWatermark,
  toPoint,
} from './duckdb-read.js';
import { unitsOf } from './units.js';
import { applyRetention, compact, rollUp } from './duckdb-maintain.js';
import {
  daysSql,
  exportSql,
  latestManySql,
  POINT_COLUMNS,
  SCHEMA,
  seriesSql,
  SERIES_SENTINEL,
  withWatermark,
} from './duckdb-sql.js';
import { checkDaysQuery, daysSource, dayDate, finishColumns, MINUTE_MS, planSeries } from './rollup.js';
import {
  InvalidQueryError,
  StoreClosedError,
  type DayCount,
  type DaysQuery,
  type DeadLetter,
  type ExportPage,
  type ExportQuery,
  type MaintenanceResult,
  type RetentionPolicy,
  type SeriesQuery,
  type SeriesResult,
  type StoredDeadLetter,
  type VitalPoint,
  type VitalsStore,
  type WriteResult,
} from './vitals-store.js';

// One statement = one transaction = one WAL fsync (DESIGN.md §7). Columns travel as 12 lists, so the
// statement text and its plan do not depend on the batch size; ON CONFLICT makes redelivery a no-op (§4).
// $13 is the batch's write sequence number, one constant per batch: the rollup watermark's unit (§12.2).
const INSERT_POINTS = `
INSERT INTO vitals (reading_id, idx, metric, patient_id, gateway_id, device_address, characteristic,
                    measured_at, received_at, stored_at, value, unit, write_seq)
SELECT reading_id, idx, metric, patient_id, gateway_id, device_address, characteristic,
       epoch_ms(measured_ms), epoch_ms(received_ms), epoch_ms(stored_ms), value, unit, $13::BIGINT
FROM (SELECT unnest($1) AS reading_id, unnest($2) AS idx, unnest($3) AS metric, unnest($4) AS patient_id,
             unnest($5) AS gateway_id, unnest($6) AS device_address, unnest($7) AS characteristic,
             unnest($8) AS measured_ms, unnest($9) AS received_ms, unnest($10) AS stored_ms,
             unnest($11) AS value, unnest($12) AS unit)
ON CONFLICT DO NOTHING
RETURNING reading_id`;

const POINT_TYPES = [
  LIST(VARCHAR),
  LIST(INTEGER),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(BIGINT),
  LIST(BIGINT),
  LIST(BIGINT),
  LIST(DOUBLE),
  LIST(VARCHAR),
  BIGINT,
];

/** Name of the DuckDB file inside INGEST_DATA_DIR. */
export const DUCKDB_FILE = 'ingest.duckdb';

/**
 * DuckDB adapter of {@link VitalsStore}: one file under the data dir and three connections: the writer, a
 * reader (so reads never run inside a write statement's transaction) and a maintenance connection whose
 * multi-statement transactions (rollups, re-clustering, retention; DESIGN.md §12.9) never capture a write.
 *
 * Bulk loading (benchmarks, migrations): with no store open on the file, `INSERT INTO vitals BY NAME
 * SELECT …` rows without `write_seq` (NULL); the next {@link maintain} rolls them up like any new rows.
 */
export class DuckDbVitalsStore implements VitalsStore {
  private open = true;
  /** Last write sequence number handed out (§12.2). */
  private lastSeq: number;
  /** Sequence numbers of batches whose insert has not returned yet. */
  private readonly inflight = new Set<number>();
  private maintaining: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private readonly maint: DuckDBConnection,
    lastSeq: number,
  ) {
    this.lastSeq = lastSeq;
  }

  /** Opens (creating if needed) `<dataDir>/ingest.duckdb`; replays the WAL after a crash. */
  static async open(dataDir: string): Promise<DuckDbVitalsStore> {
    await mkdir(dataDir, { recursive: true });
    const instance = await DuckDBInstance.create(join(dataDir, DUCKDB_FILE));
    const writer = await instance.connect();
    await writer.run(SCHEMA);
    const r = await writer.runAndReadAll(
      'SELECT greatest(coalesce((SELECT max(write_seq) FROM vitals), 0), (SELECT watermark FROM rollup_state))::DOUBLE',
    );
    const lastSeq = Number(r.getRows()[0]?.[0] ?? 0);
    const reader = await instance.connect();
    const maint = await instance.connect();
    return new DuckDbVitalsStore(instance, writer, reader, maint, lastSeq);
  }

  async writeBatch(points: readonly VitalPoint[]): Promise<WriteResult> {
    this.assertOpen();
    if (points.length === 0) return { inserted: 0, duplicates: 0 };
    const seq = ++this.lastSeq;
    this.inflight.add(seq);
    const col = <T extends DuckDBValue>(f: (p: VitalPoint) => T) => listValue(points.map(f));
    try {
      const result = await this.writer.run(
        INSERT_POINTS,
        [
          col((p) => p.readingId),
          col((p) => p.idx),
          col((p) => p.metric),
          col((p) => p.patientId),
          col((p) => p.gatewayId),
          col((p) => p.deviceAddress),
          col((p) => p.characteristic),
          col((p) => BigInt(Math.round(p.measuredAtMs))),
          col((p) => BigInt(Math.round(p.receivedAtMs))),
          col((p) => BigInt(Math.round(p.storedAtMs))),
          col((p) => p.value),
          col((p) => p.unit),
          BigInt(seq),
        ],
        POINT_TYPES,
      );
      const inserted = result.rowCount;
      return { inserted, duplicates: points.length - inserted };
    } finally {
      this.inflight.delete(seq);
    }
  }

  async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.assertOpen();
    if (letters.length === 0) return;
    const sql = `INSERT INTO dead_letters (received_at, client_id, topic, code, message, payload)
      SELECT epoch_ms(unnest($1)), unnest($2), unnest($3), unnest($4), unnest($5), unnest($6)`;
    await this.writer.run(
      sql,
      [
        listValue(letters.map((l) => BigInt(Math.round(l.receivedAtMs)))),
        listValue(letters.map((l) => l.clientId)),
        listValue(letters.map((l) => l.topic)),
        listValue(letters.map((l) => l.code)),
        listValue(letters.map((l) => l.message)),
        listValue(letters.map((l) => blobValue(l.payload))),
      ],
      [LIST(BIGINT), LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(BLOB)],
    );
  }

  async latest(patientId: string): Promise<LatestVital[]> {
    return (await this.latestMany([patientId])).get(patientId) ?? [];
  }

  async latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>> {
    this.assertOpen();
    const out = new Map<string, LatestVital[]>(patientIds.map((id) => [id, []]));
    if (patientIds.length === 0) return out;
    const rows = await consistentRows(
      this.reader,
      latestManySql,
      9,
      { ids: listValue([...patientIds]) },
      { ids: LIST(VARCHAR) },
    );
    rows.sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : String(a[1]) > String(b[1]) ? 1 : 0));
    for (const [patient, metric, value, unit, measuredMs, storedMs, readingId, , device] of rows) {
      out.get(String(patient))?.push({
        metric: String(metric) as Metric,
        value: Number(value),
        unit: String(unit),
        measuredAt: new Date(Number(measuredMs)).toISOString(),
        storedAt: new Date(Number(storedMs)).toISOString(),
        readingId: String(readingId),
        deviceAddress: String(device),
      });
    }
    return out;
  }

  async deadLetters(limit: number): Promise<StoredDeadLetter[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(
      `SELECT id, epoch_ms(received_at) AS received_ms, client_id, topic, code, message, payload
       FROM dead_letters ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return reader.getRowObjectsJS().map((r) => ({
      id: Number(r['id']),
      receivedAtMs: Number(r['received_ms']),
      clientId: String(r['client_id']),
      topic: String(r['topic']),
      code: String(r['code']) as RejectCode,
      message: String(r['message']),
      payload: new Uint8Array(r['payload'] as Uint8Array),
    }));
  }

  async pointsOf(readingId: string): Promise<VitalPoint[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(
      `SELECT ${POINT_COLUMNS} FROM vitals WHERE reading_id = $1 ORDER BY idx`,
      [readingId],
    );
    return reader.getRowObjectsJS().map(toPoint);
  }

  async series(q: SeriesQuery): Promise<SeriesResult> {
    this.assertOpen();
    const plan = planSeries(q);
    const units = [...unitsOf(q.metric)];
    const params = { patient: q.patientId, metric: q.metric, units: listValue(units) };
    const types = { patient: VARCHAR, metric: VARCHAR, units: LIST(VARCHAR) };
    const sql = (w: number) => seriesSql(plan.source, plan.startMs, plan.endMs, plan.bucketMs, w);
    let cols: Float64Array[] | null = null;
    if (plan.source === 'raw') {
      cols = numberColumns(await this.reader.run(sql(0), params, types), 6);
    } else {
      // The tail query with the watermark spliced in; the watermark row proves it was current (§12.3). That
      // row has count 0, so finishColumns ignores it.
      for (let attempt = 0; attempt < MAX_WATERMARK_RETRIES && !cols; attempt++) {
        const w = await readWatermark(this.reader);
        const all = numberColumns(
          await this.reader.run(withWatermark(sql(w), SERIES_SENTINEL), params, types),
          7,
        );
        if (all[6]!.find((x) => x !== -1) === w) cols = all;
      }
      if (!cols)
        throw new Error(`the rollup watermark moved ${MAX_WATERMARK_RETRIES} times during one query`);
    }
    // Typed arrays, not getRowObjectsJS(): a 30-day 1-minute chart is 43,200 rows (§12.9).
    const [u, start, min, max, sum, count] = cols;
    return finishColumns(q.metric, plan, {
      length: start!.length,
      unit: units.length === 1 ? () => units[0]! : (i) => units[u![i]! - 1] ?? '?',
      start: start!,
      min: min!,
      max: max!,
      sum: sum!,
      count: count!,
    });
  }

  async exportPoints(q: ExportQuery): Promise<ExportPage> {
    this.assertOpen();
    const after = q.after === undefined ? null : decodeCursor(q.after);
    if (q.after !== undefined && !after) throw new InvalidQueryError('bad cursor');
    if (![q.fromMs, q.toMs, q.limit].every(Number.isSafeInteger) || q.limit < 1) {
      throw new InvalidQueryError('fromMs, toMs and limit must be integers, limit ≥ 1');
    }
    const params: Record<string, string> = { patient: q.patientId };
    if (q.metric !== undefined) params['metric'] = q.metric;
    if (after) params['rid'] = after.readingId;
    const reader = await this.reader.runAndReadAll(
      exportSql(q.fromMs, q.toMs, q.metric !== undefined, after, q.limit),
      params,
    );
    const rows = reader.getRowObjectsJS().map(toPoint);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { points: page, next: rows.length > q.limit && last ? encodeCursor(last) : null };
  }

  async daysWithData(q: DaysQuery): Promise<DayCount[]> {
    this.assertOpen();
    checkDaysQuery(q);
    if (q.patientIds.length === 0) return [];
    const source = daysSource(q);
    const sql = (w: number) => daysSql(source, q.fromMs, q.toMs, q.utcOffsetMinutes * MINUTE_MS, w);
    const rows = await consistentRows(
      this.reader,
      sql,
      3,
      { ids: listValue([...q.patientIds]) },
      { ids: LIST(VARCHAR) },
    );
    return rows
      .map(([patientId, day, readings]) => ({
        patientId: String(patientId),
        day: Number(day),
        readings: Number(readings),
      }))
      .sort((a, b) => (a.patientId !== b.patientId ? (a.patientId < b.patientId ? -1 : 1) : a.day - b.day))
      .map(({ patientId, day, readings }) => ({ patientId, date: dayDate(day), readings }));
  }

  /**
   * Rolls up every batch committed so far (§12.2), re-clusters closed days (§12.9), applies retention (§12.5).
   * Runs are serialised; a run never waits for writes, and a batch still in flight stays above the watermark.
   */
  async maintain(nowMs: number, policy: RetentionPolicy): Promise<MaintenanceResult> {
    this.assertOpen();
    const run = this.maintaining.then(async () => {
      const safe = this.inflight.size > 0 ? Math.min(...this.inflight) - 1 : this.lastSeq;
      const rolledBuckets = await rollUp(this.maint, safe);
      await compact(this.maint, nowMs);
      const deleted = await applyRetention(this.maint, nowMs, policy);
      return { rolledBuckets, ...deleted };
    });
    this.maintaining = run.catch(() => undefined);
    return run;
  }

  /** Re-clusters up to `maxDays` closed dirty days now (also part of every {@link maintain}); for bulk loads. */
  async compact(nowMs: number, maxDays = Infinity): Promise<number> {
    this.assertOpen();
    const run = this.maintaining.then(() => compact(this.maint, nowMs, maxDays));
    this.maintaining = run.catch(() => undefined);
    return run;
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Closes connections and the instance (DuckDB checkpoints the WAL into the file on close). */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.maintaining;
    this.maint.closeSync();
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }

  /**
   * Runs a tail query (built by `sql` through {@link withWatermark}) with the current watermark spliced in as
   * a literal, so zone maps skip every rolled-up row group; the same statement returns its snapshot's
   * watermark (last column), and the query is retried if a maintenance run committed in between (§12.3).
   */
}
