import type { LatestVital, Metric } from '@openward/contracts';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  comparePoints,
  daysSource,
  checkDaysQuery,
  dayDate,
  finishSeries,
  floorTo,
  combine,
  localDay,
  planSeries,
  retentionCutoffs,
  SOURCE_MS,
  type PartialBucket,
} from './rollup.js';
import type { Aggregate } from './units.js';
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

interface Stored extends VitalPoint {
  /** Write sequence number of the batch that inserted it (DESIGN.md §12.2). */
  seq: number;
}

/** A rollup row: the aggregate of a (patient, metric, unit, bucket) plus its reading count. */
interface RollupRow extends Aggregate {
  patientId: string;
  metric: Metric;
  unit: string;
  bucket: number;
  readings: number;
}

const rollupKey = (patientId: string, metric: string, unit: string, bucket: number) =>
  `${patientId}\u0000${metric}\u0000${unit}\u0000${bucket}`;

/**
 * In-memory adapter (not durable): for unit tests of code above the port; passes the same contract suite,
 * rollups and watermark included (the same algorithm as the DuckDB adapter, §12.2).
 */
export class MemoryVitalsStore implements VitalsStore {
  private readonly points = new Map<string, Stored>();
  private readonly letters: StoredDeadLetter[] = [];
  private readonly rollups: Record<'1m' | '1h', Map<string, RollupRow>> = {
    '1m': new Map(),
    '1h': new Map(),
  };
  private lastSeq = 0;
  private watermark = 0;
  private open = true;

  async writeBatch(points: readonly VitalPoint[]): Promise<WriteResult> {
    this.assertOpen();
    const seq = ++this.lastSeq;
    let inserted = 0;
    for (const p of points) {
      const key = `${p.readingId}\u0000${p.idx}`;
      if (this.points.has(key)) continue;
      this.points.set(key, { ...p, seq });
      inserted++;
    }
    return { inserted, duplicates: points.length - inserted };
  }

  async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.assertOpen();
    for (const l of letters) {
      this.letters.push({ ...l, payload: new Uint8Array(l.payload), id: this.letters.length + 1 });
    }
  }

  async latest(patientId: string): Promise<LatestVital[]> {
    return (await this.latestMany([patientId])).get(patientId) ?? [];
  }

  async latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>> {
    this.assertOpen();
    const wanted = new Set(patientIds);
    const best = new Map<string, VitalPoint>();
    for (const p of this.points.values()) {
      if (p.patientId === null || !wanted.has(p.patientId)) continue;
      const k = `${p.patientId}\u0000${p.metric}`;
      const cur = best.get(k);
      if (!cur || comparePoints(p, cur) > 0) best.set(k, p);
    }
    const out = new Map<string, LatestVital[]>(patientIds.map((id) => [id, []]));
    for (const p of [...best.values()].sort((a, b) => (a.metric < b.metric ? -1 : 1))) {
      out.get(p.patientId!)!.push(toLatest(p));
    }
    return out;
  }

  async deadLetters(limit: number): Promise<StoredDeadLetter[]> {
    this.assertOpen();
    return this.letters.slice(-limit).reverse();
  }

  async pointsOf(readingId: string): Promise<VitalPoint[]> {
    this.assertOpen();
    return [...this.points.values()]
      .filter((p) => p.readingId === readingId)
      .sort((a, b) => a.idx - b.idx)
      .map(strip);
  }

  async series(q: SeriesQuery): Promise<SeriesResult> {
    this.assertOpen();
    const plan = planSeries(q);
    const parts: PartialBucket[] = [];
    const inRange = (t: number) => t >= plan.startMs && t < plan.endMs;
    const start = (t: number) => floorTo(t, plan.bucketMs);
    if (plan.source !== 'raw') {
      for (const r of this.rollups[plan.source].values()) {
        if (r.patientId === q.patientId && r.metric === q.metric && inRange(r.bucket)) {
          parts.push({
            startMs: start(r.bucket),
            unit: r.unit,
            min: r.min,
            max: r.max,
            sum: r.sum,
            count: r.count,
          });
        }
      }
    }
    for (const p of this.points.values()) {
      // Rollup sources: only the points not rolled up yet (seq above the watermark) come from raw (§12.3).
      if (plan.source !== 'raw' && p.seq <= this.watermark) continue;
      if (p.patientId !== q.patientId || p.metric !== q.metric || !inRange(p.measuredAtMs)) continue;
      parts.push({
        startMs: start(p.measuredAtMs),
        unit: p.unit,
        min: p.value,
        max: p.value,
        sum: p.value,
        count: 1,
      });
    }
    return finishSeries(q.metric, plan, parts);
  }

  async exportPoints(q: ExportQuery): Promise<ExportPage> {
    this.assertOpen();
    const after = q.after === undefined ? null : decodeCursor(q.after);
    if (q.after !== undefined && !after) throw new InvalidQueryError('bad cursor');
    const rows = [...this.points.values()]
      .filter(
        (p) =>
          p.patientId === q.patientId &&
          (q.metric === undefined || p.metric === q.metric) &&
          p.measuredAtMs >= q.fromMs &&
          p.measuredAtMs < q.toMs &&
          (!after || comparePoints(p, after) > 0),
      )
      .sort(comparePoints);
    const page = rows.slice(0, q.limit).map(strip);
    const last = page[page.length - 1];
    return { points: page, next: rows.length > q.limit && last ? encodeCursor(last) : null };
  }

  async daysWithData(q: DaysQuery): Promise<DayCount[]> {
    this.assertOpen();
    checkDaysQuery(q);
    const source = daysSource(q);
    const wanted = new Set(q.patientIds);
    const counts = new Map<string, number>();
    const add = (patientId: string, t: number, n: number) => {
      const k = `${patientId}\u0000${localDay(t, q.utcOffsetMinutes)}`;
      counts.set(k, (counts.get(k) ?? 0) + n);
    };
    const inRange = (t: number) => t >= q.fromMs && t < q.toMs;
    if (source !== 'raw') {
      for (const r of this.rollups[source].values()) {
        if (wanted.has(r.patientId) && inRange(r.bucket)) add(r.patientId, r.bucket, r.readings);
      }
    }
    for (const p of this.points.values()) {
      if (source !== 'raw' && p.seq <= this.watermark) continue;
      // idx 0 exists once per reading (a reading has ≥ 1 measurement): counting it counts readings.
      if (p.idx !== 0 || p.patientId === null || !wanted.has(p.patientId) || !inRange(p.measuredAtMs))
        continue;
      add(p.patientId, p.measuredAtMs, 1);
    }
    return [...counts.entries()]
      .filter(([, n]) => n > 0)
      .map(([k, readings]) => {
        const [patientId = '', day = '0'] = k.split('\u0000');
        return { patientId, day: Number(day), readings };
      })
      .sort((a, b) => (a.patientId !== b.patientId ? (a.patientId < b.patientId ? -1 : 1) : a.day - b.day))
      .map(({ patientId, day, readings }) => ({ patientId, date: dayDate(day), readings }));
  }

  async maintain(nowMs: number, policy: RetentionPolicy): Promise<MaintenanceResult> {
    this.assertOpen();
    const cut = retentionCutoffs(nowMs, policy);
    const touched = { '1m': new Set<string>(), '1h': new Set<string>() };
    for (const p of this.points.values()) {
      if (p.seq <= this.watermark || p.patientId === null) continue;
      for (const tier of ['1m', '1h'] as const) {
        const bucket = floorTo(p.measuredAtMs, SOURCE_MS[tier]);
        const key = rollupKey(p.patientId, p.metric, p.unit, bucket);
        const one = { min: p.value, max: p.value, sum: p.value, count: 1 };
        const cur = this.rollups[tier].get(key);
        const readings = (cur?.readings ?? 0) + (p.idx === 0 ? 1 : 0);
        const agg = cur ? combine(cur, one) : one;
        this.rollups[tier].set(key, {
          ...agg,
          patientId: p.patientId,
          metric: p.metric,
          unit: p.unit,
          bucket,
          readings,
        });
        touched[tier].add(key);
      }
    }
    this.watermark = this.lastSeq;
    let deletedRaw = 0;
    if (cut.raw !== null) {
      for (const [k, p] of this.points) {
        if (p.measuredAtMs < cut.raw && p.seq <= this.watermark) {
          this.points.delete(k);
          deletedRaw++;
        }
      }
    }
    const prune = (tier: '1m' | '1h', cutoff: number | null) => {
      let n = 0;
      if (cutoff === null) return n;
      for (const [k, r] of this.rollups[tier]) {
        if (r.bucket < cutoff) {
          this.rollups[tier].delete(k);
          n++;
        }
      }
      return n;
    };
    return {
      rolledBuckets: touched['1m'].size + touched['1h'].size,
      deletedRaw,
      deleted1m: prune('1m', cut.minute),
      deleted1h: prune('1h', cut.hour),
    };
  }

  isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    this.open = false;
  }

  private assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }
}

function strip(p: Stored): VitalPoint {
  const { seq: _seq, ...point } = p;
  return point;
}

function toLatest(p: VitalPoint): LatestVital {
  return {
    metric: p.metric,
    value: p.value,
    unit: p.unit,
    measuredAt: new Date(p.measuredAtMs).toISOString(),
    storedAt: new Date(p.storedAtMs).toISOString(),
    readingId: p.readingId,
    deviceAddress: p.deviceAddress,
  };
}
