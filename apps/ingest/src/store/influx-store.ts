import type { LatestVital, Metric, RejectCode } from '@openward/contracts';
import { decodeCursor, encodeCursor } from './cursor.js';
import { InfluxClient, rowsOf, type InfluxParams } from './influx-client.js';
import {
  dayCounts,
  latestOf,
  patientChunks,
  readStateAndLate,
  segments,
  seriesParts,
} from './influx-history.js';
import { formatLine, float, int, str, LineProtocolError } from './influx-line-protocol.js';
import { lateMarkers, maintainInflux } from './influx-rollup.js';
import {
  checkDaysQuery,
  comparePoints,
  dayDate,
  daysSource,
  finishSeries,
  localDay,
  planSeries,
} from './rollup.js';
import {
  ClassifiedStoreError,
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

/** Tag value standing for "no patient" (patient ids match PATIENT_ID_PATTERN, which forbids a leading `_`). */
export const UNASSIGNED_TAG = '_unassigned';

/** Database names are interpolated into `CREATE DATABASE` (identifiers cannot be bound), so keep them plain. */
export const INFLUX_DB_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const NS_PER_MS = 1_000_000n;
/** idx is < 64 (contracts: at most 64 measurements per reading), far below the 1 ms an offset may use. */
const MAX_IDX_OFFSET = 999_999;
/** Statements per existence-check request (keeps the form body and InfluxDB's planner work bounded). */
const CHECK_STATEMENTS_PER_REQUEST = 200;

export interface InfluxStoreOptions {
  url: string;
  database: string;
  timeoutMs?: number;
  /** HTTP basic auth (InfluxDB `auth-enabled = true`); both or neither. */
  username?: string;
  password?: string;
  /** Clock for dead-letter ids (ms). */
  now?: () => number;
}

const key = (readingId: string, idx: number) => `${readingId}\u0000${idx}`;
const deviceKey = (p: VitalPoint) => `${p.gatewayId}\u0000${p.deviceAddress}`;

/** Point timestamp in ns: measured_at plus idx ns, so the measurements of one reading never collide (§11.2). */
export function pointTimeNs(measuredAtMs: number, idx: number): bigint {
  if (!Number.isInteger(idx) || idx < 0 || idx > MAX_IDX_OFFSET) {
    throw new LineProtocolError(`idx must be an integer in 0..${MAX_IDX_OFFSET}, got ${idx}`);
  }
  return BigInt(Math.round(measuredAtMs)) * NS_PER_MS + BigInt(idx);
}

/** The line of one vital point (layout: DESIGN.md §11.1). Pure. */
export function vitalLine(p: VitalPoint): string {
  return formatLine({
    measurement: 'vitals',
    tags: {
      patient_id: p.patientId ?? UNASSIGNED_TAG,
      metric: p.metric,
      gateway_id: p.gatewayId,
      device_address: p.deviceAddress,
    },
    fields: {
      value: float(p.value),
      unit: str(p.unit),
      reading_id: str(p.readingId),
      idx: int(p.idx),
      characteristic: str(p.characteristic),
      received_at: int(Math.round(p.receivedAtMs)),
      stored_at: int(Math.round(p.storedAtMs)),
    },
    timestamp: pointTimeNs(p.measuredAtMs, p.idx),
  });
}

/** The line of one dead letter; `idUs` is its id and timestamp (µs). Pure. */
export function deadLetterLine(l: DeadLetter, idUs: number): string {
  return formatLine({
    measurement: 'dead_letters',
    tags: { code: l.code, client_id: l.clientId },
    fields: {
      topic: str(l.topic),
      message: str(l.message),
      payload: str(Buffer.from(l.payload).toString('base64')),
      bytes: int(l.payload.byteLength),
      received_at: int(Math.round(l.receivedAtMs)),
    },
    timestamp: BigInt(idUs),
  });
}

/**
 * InfluxDB adapter of {@link VitalsStore} over the v1 HTTP API (DESIGN.md §11). Idempotency is
 * read-before-write: points whose (reading id, idx) is already stored are skipped, so a redelivery neither
 * duplicates nor overwrites; and a point's key (series + measured_at + idx ns) is the same on every
 * redelivery, so even a race between two writers overwrites a point with itself instead of adding one.
 */
export class InfluxVitalsStore implements VitalsStore {
  private open = true;
  private lastDeadLetterUs: number;
  /** Marker time offsets (ns) so that markers of one store time never overwrite each other. */
  private markerSeq = 0;
  /**
   * Per device (gateway, address): the newest point time (ns) this adapter has written or found stored.
   * A point newer than its device's mark cannot be stored yet, so it skips the read-before-write (§11.2).
   */
  private readonly newestNs = new Map<string, bigint>();
  /** Highest late_through seen: marker reads start there (older values only read more markers). */
  private lateSeen = 0;

  private constructor(
    private readonly client: InfluxClient,
    private readonly now: () => number,
    lastDeadLetterUs: number,
  ) {
    this.lastDeadLetterUs = lastDeadLetterUs;
  }

  /** Creates the database if absent (`CREATE DATABASE` is idempotent) and reads the last dead-letter id. */
  static async open(opts: InfluxStoreOptions): Promise<InfluxVitalsStore> {
    if (!INFLUX_DB_PATTERN.test(opts.database)) {
      throw new ClassifiedStoreError('permanent', `invalid InfluxDB database name "${opts.database}"`);
    }
    const client = new InfluxClient(opts);
    try {
      await client.query(`CREATE DATABASE "${opts.database}"`, {}, { db: false });
    } catch (err) {
      // A least-privilege user (ALL on its database, not admin) may not create databases: 403 from 1.x.
      // The operator created the database (compose: INFLUXDB_DB); the next query proves we can use it.
      if (!(err instanceof ClassifiedStoreError && err.status === 403)) throw err;
    }
    const [last] = await client.query('SELECT last(bytes) FROM dead_letters', {}, { epoch: 'u' });
    const lastUs = Number(rowsOf(last ?? [])[0]?.['time'] ?? 0);
    return new InfluxVitalsStore(client, opts.now ?? Date.now, lastUs);
  }

  async writeBatch(points: readonly VitalPoint[]): Promise<WriteResult> {
    this.assertOpen();
    if (points.length === 0) return { inserted: 0, duplicates: 0 };
    const unique = new Map<string, VitalPoint>();
    for (const p of points) if (!unique.has(key(p.readingId, p.idx))) unique.set(key(p.readingId, p.idx), p);
    const candidates = [...unique.values()];
    // Only points at or below their device's mark can be stored already; the rest need no query (§11.2).
    const maybeStored = candidates.filter((p) => {
      const mark = this.newestNs.get(deviceKey(p));
      return mark === undefined || pointTimeNs(p.measuredAtMs, p.idx) <= mark;
    });
    const stored = maybeStored.length > 0 ? await this.storedKeys(maybeStored) : new Set<string>();
    const fresh = candidates.filter((p) => !stored.has(key(p.readingId, p.idx)));
    // Markers for every late point, duplicates included: a redelivery after a half-applied write re-marks.
    const markers = lateMarkers([...unique.values()], this.markerSeq);
    this.markerSeq += markers.length;
    const lines = [...fresh.map(vitalLine), ...markers];
    if (lines.length > 0) await this.client.write(this.lines(lines), 'ns');
    // Only after the write succeeded: every candidate is now stored (written now or found stored).
    for (const p of candidates) {
      const k = deviceKey(p);
      const t = pointTimeNs(p.measuredAtMs, p.idx);
      const mark = this.newestNs.get(k);
      if (mark === undefined || t > mark) this.newestNs.set(k, t);
    }
    return { inserted: fresh.length, duplicates: points.length - fresh.length };
  }

  async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.assertOpen();
    if (letters.length === 0) return;
    // Ids are strictly increasing µs timestamps: dead letters are never deduplicated (DESIGN.md §4), so two
    // letters must never share a timestamp within one series (code, client_id), or one would replace the other.
    const lines = letters.map((l) => {
      this.lastDeadLetterUs = Math.max(this.lastDeadLetterUs + 1, Math.round(this.now() * 1000));
      return deadLetterLine(l, this.lastDeadLetterUs);
    });
    await this.client.write(this.lines(lines), 'u');
  }

  /** last() is a selector: the other selected fields and tags come from the same (newest) point. */
  async latest(patientId: string): Promise<LatestVital[]> {
    return (await this.latestMany([patientId])).get(patientId) ?? [];
  }

  async latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>> {
    this.assertOpen();
    return latestOf(this.client, patientIds);
  }

  async series(q: SeriesQuery): Promise<SeriesResult> {
    this.assertOpen();
    const plan = planSeries(q);
    let segs = segments('raw', plan.startMs, plan.endMs, { minuteThrough: null, hourThrough: null }, null);
    if (plan.source !== 'raw') {
      const { state, lateFrom } = await readStateAndLate(
        this.client,
        patientChunks([q.patientId]),
        q.metric,
        this.lateSeen,
        { start: plan.startMs, end: plan.endMs },
      );
      this.lateSeen = Math.max(this.lateSeen, state.lateThrough ?? 0);
      segs = segments(plan.source, plan.startMs, plan.endMs, state, lateFrom);
    }
    const parts = await seriesParts(this.client, q.patientId, q.metric, segs, plan.bucketMs);
    return finishSeries(q.metric, plan, parts);
  }

  async daysWithData(q: DaysQuery): Promise<DayCount[]> {
    this.assertOpen();
    checkDaysQuery(q);
    if (q.patientIds.length === 0) return [];
    const source = daysSource(q);
    const filters = patientChunks(q.patientIds);
    let segs = segments('raw', q.fromMs, q.toMs, { minuteThrough: null, hourThrough: null }, null);
    if (source !== 'raw') {
      const { state, lateFrom } = await readStateAndLate(this.client, filters, null, this.lateSeen, {
        start: q.fromMs,
        end: q.toMs,
      });
      this.lateSeen = Math.max(this.lateSeen, state.lateThrough ?? 0);
      segs = segments(source, q.fromMs, q.toMs, state, lateFrom);
    }
    const counts = await dayCounts(this.client, filters, segs, q.utcOffsetMinutes);
    const out: DayCount[] = [];
    for (const [patientId, days] of counts) {
      for (const [startMs, readings] of days) {
        if (readings > 0)
          out.push({ patientId, date: dayDate(localDay(startMs, q.utcOffsetMinutes)), readings });
      }
    }
    return out.sort((a, b) =>
      a.patientId !== b.patientId
        ? a.patientId < b.patientId
          ? -1
          : 1
        : a.date < b.date
          ? -1
          : a.date > b.date
            ? 1
            : 0,
    );
  }

  /**
   * Keyset export (§12.6). InfluxDB orders by time only and a LIMIT may cut through points of one millisecond,
   * so: the cursor's own millisecond is read whole, then `limit + 1` later points; if that cut a millisecond
   * short of a full page, that millisecond is read whole too. The page is then sorted by the export key.
   */
  async exportPoints(q: ExportQuery): Promise<ExportPage> {
    this.assertOpen();
    const after = q.after === undefined ? null : decodeCursor(q.after);
    if (q.after !== undefined && !after) throw new InvalidQueryError('bad cursor');
    if (![q.fromMs, q.toMs, q.limit].every(Number.isSafeInteger) || q.limit < 1) {
      throw new InvalidQueryError('fromMs, toMs and limit must be integers, limit ≥ 1');
    }
    const params: Record<string, string> = {
      patient: q.patientId,
      ...(q.metric ? { metric: q.metric } : {}),
    };
    const where = `patient_id = $patient${q.metric ? ' AND metric = $metric' : ''}`;
    const select = (a: number, b: number, limit?: number) =>
      `SELECT * FROM vitals WHERE ${where} AND time >= ${a}ms AND time < ${b}ms ORDER BY time ASC` +
      (limit ? ` LIMIT ${limit}` : '');
    const from = after ? Math.max(q.fromMs, after.measuredAtMs + 1) : q.fromMs;
    const statements = [select(from, q.toMs, q.limit + 1)];
    if (after && after.measuredAtMs >= q.fromMs && after.measuredAtMs < q.toMs) {
      statements.push(select(after.measuredAtMs, after.measuredAtMs + 1));
    }
    const [later = [], same = []] = await this.client.query(statements.join('; '), params, { epoch: 'ms' });
    const laterRows = rowsOf(later).map(toPoint);
    let rows = [...rowsOf(same).map(toPoint), ...laterRows];
    const lastMs = laterRows[laterRows.length - 1]?.measuredAtMs;
    if (laterRows.length > q.limit && lastMs !== undefined) {
      // The last millisecond may be partial: replace it by all of its points.
      const [whole = []] = await this.client.query(select(lastMs, lastMs + 1), params, { epoch: 'ms' });
      rows = [...rows.filter((p) => p.measuredAtMs !== lastMs), ...rowsOf(whole).map(toPoint)];
    }
    const sorted = rows.filter((p) => !after || comparePoints(p, after) > 0).sort(comparePoints);
    const page = sorted.slice(0, q.limit);
    const last = page[page.length - 1];
    return { points: page, next: sorted.length > q.limit && last ? encodeCursor(last) : null };
  }

  /** Rollups, late data, retention (§12.10). */
  async maintain(nowMs: number, policy: RetentionPolicy): Promise<MaintenanceResult> {
    this.assertOpen();
    return maintainInflux(this.client, nowMs, policy);
  }

  async deadLetters(limit: number): Promise<StoredDeadLetter[]> {
    this.assertOpen();
    if (!Number.isSafeInteger(limit) || limit < 1) return [];
    // LIMIT cannot be bound; `limit` is a checked integer, not text.
    const [series] = await this.client.query(
      `SELECT * FROM dead_letters ORDER BY time DESC LIMIT ${limit}`,
      {},
      { epoch: 'u' },
    );
    return rowsOf(series ?? []).map((r) => ({
      id: Number(r['time']),
      receivedAtMs: Number(r['received_at']),
      clientId: String(r['client_id']),
      topic: String(r['topic']),
      code: String(r['code']) as RejectCode,
      message: String(r['message']),
      payload: new Uint8Array(Buffer.from(String(r['payload']), 'base64')),
    }));
  }

  /** reading_id is a field (a tag would make one series per reading), so this scans: audit and tests only. */
  async pointsOf(readingId: string): Promise<VitalPoint[]> {
    this.assertOpen();
    const [series] = await this.client.query(
      'SELECT * FROM vitals WHERE reading_id = $reading',
      { reading: readingId },
      { epoch: 'ms' },
    );
    return rowsOf(series ?? [])
      .map(toPoint)
      .sort((a, b) => a.idx - b.idx);
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Nothing to flush: every resolved write was already acknowledged by InfluxDB. */
  async close(): Promise<void> {
    this.open = false;
  }

  /**
   * (reading id, idx) pairs already stored among `points`: one statement per device, over the time span of
   * that device's points in the batch (a live batch spans seconds; a replayed journal at most its age).
   */
  private async storedKeys(points: readonly VitalPoint[]): Promise<Set<string>> {
    const byDevice = new Map<string, { gw: string; dev: string; min: bigint; max: bigint }>();
    for (const p of points) {
      const t = pointTimeNs(p.measuredAtMs, p.idx);
      const k = `${p.gatewayId}\u0000${p.deviceAddress}`;
      const g = byDevice.get(k);
      if (!g) byDevice.set(k, { gw: p.gatewayId, dev: p.deviceAddress, min: t, max: t });
      else {
        if (t < g.min) g.min = t;
        if (t > g.max) g.max = t;
      }
    }
    const groups = [...byDevice.values()];
    const found = new Set<string>();
    for (let start = 0; start < groups.length; start += CHECK_STATEMENTS_PER_REQUEST) {
      const chunk = groups.slice(start, start + CHECK_STATEMENTS_PER_REQUEST);
      const params: Record<string, string> = {};
      const statements = chunk.map((g, i) => {
        params[`g${i}`] = g.gw;
        params[`d${i}`] = g.dev;
        // Time bounds are integers we computed (bigint), not user text.
        return (
          `SELECT reading_id, idx FROM vitals WHERE gateway_id = $g${i} AND device_address = $d${i} ` +
          `AND time >= ${g.min} AND time <= ${g.max}`
        );
      });
      const results = await this.client.query(statements.join('; '), params as InfluxParams);
      for (const series of results) {
        for (const r of rowsOf(series)) found.add(key(String(r['reading_id']), Number(r['idx'])));
      }
    }
    return found;
  }

  private lines(lines: string[]): string {
    return lines.join('\n');
  }

  private assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }
}

function toPoint(r: Record<string, unknown>): VitalPoint {
  const patient = String(r['patient_id']);
  return {
    readingId: String(r['reading_id']),
    idx: Number(r['idx']),
    metric: String(r['metric']) as Metric,
    patientId: patient === UNASSIGNED_TAG ? null : patient,
    gatewayId: String(r['gateway_id']),
    deviceAddress: String(r['device_address']),
    characteristic: String(r['characteristic']),
    // epoch=ms truncates the idx ns offset away: the stored ms is measured_at exactly.
    measuredAtMs: Number(r['time']),
    receivedAtMs: Number(r['received_at']),
    storedAtMs: Number(r['stored_at']),
    value: Number(r['value']),
    unit: String(r['unit']),
  };
}
