/**
 * Reference answers for the history contract, computed naively from the points a test wrote: the oracle the
 * adapters (SQL, InfluxQL, maps) are compared with. Deliberately simple, no shared code with the adapters.
 */
import type { Metric } from '@openward/contracts';
import type { DayCount, SeriesBucket, VitalPoint } from '../src/store/vitals-store.js';

export const T0 = Date.UTC(2024, 0, 10); // a midnight, so whole hours and days line up
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let n = 0;
/** A fresh attributed heart-rate point at `t`, stored 1 s after it was measured (on time). */
export function vp(t: number, over: Partial<VitalPoint> = {}): VitalPoint {
  n++;
  return {
    readingId: `gw-h:c0:ff:ee:00:00:01:2A37:${t}:${n}`,
    idx: 0,
    metric: 'heart-rate',
    patientId: 'p-1',
    gatewayId: 'gw-h',
    deviceAddress: 'c0:ff:ee:00:00:01',
    characteristic: '2A37',
    measuredAtMs: t,
    receivedAtMs: t + 500,
    storedAtMs: t + 1000,
    value: 70,
    unit: '/min',
    ...over,
  };
}

/** Floor for any sign. */
const floor = (t: number, step: number) => Math.floor(t / step) * step;

/** Expected series: whole buckets covering [from, to), empty ones omitted, one unit assumed. */
export function oracleSeries(
  points: readonly VitalPoint[],
  q: { patientId: string; metric: Metric; fromMs: number; toMs: number; bucketMs: number },
): SeriesBucket[] {
  const start = floor(q.fromMs, q.bucketMs);
  const end = Math.max(Math.ceil(q.toMs / q.bucketMs) * q.bucketMs, start);
  const by = new Map<number, number[]>();
  for (const p of points) {
    if (p.patientId !== q.patientId || p.metric !== q.metric) continue;
    if (p.measuredAtMs < start || p.measuredAtMs >= end) continue;
    const b = floor(p.measuredAtMs, q.bucketMs);
    by.set(b, [...(by.get(b) ?? []), p.value]);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startMs, vs]) => {
      const sum = vs.reduce((s, v) => s + v, 0);
      return { startMs, min: Math.min(...vs), max: Math.max(...vs), mean: sum / vs.length, count: vs.length };
    });
}

/** Expected export order. */
export function oracleOrder(points: readonly VitalPoint[]): VitalPoint[] {
  return [...points].sort((a, b) =>
    a.measuredAtMs !== b.measuredAtMs
      ? a.measuredAtMs - b.measuredAtMs
      : a.readingId !== b.readingId
        ? a.readingId < b.readingId
          ? -1
          : 1
        : a.idx - b.idx,
  );
}

/** Expected days with data: distinct reading ids per patient per local day in [from, to). */
export function oracleDays(
  points: readonly VitalPoint[],
  patientIds: readonly string[],
  fromMs: number,
  toMs: number,
  offsetMin: number,
): DayCount[] {
  const sets = new Map<string, Set<string>>();
  for (const p of points) {
    if (p.patientId === null || !patientIds.includes(p.patientId)) continue;
    if (p.measuredAtMs < fromMs || p.measuredAtMs >= toMs) continue;
    const date = new Date(floor(p.measuredAtMs + offsetMin * MIN, DAY)).toISOString().slice(0, 10);
    const k = `${p.patientId} ${date}`;
    sets.set(k, (sets.get(k) ?? new Set()).add(p.readingId));
  }
  return [...sets.entries()]
    .map(([k, s]) => {
      const [patientId = '', date = ''] = k.split(' ');
      return { patientId, date, readings: s.size };
    })
    .sort((a, b) =>
      a.patientId !== b.patientId ? (a.patientId < b.patientId ? -1 : 1) : a.date < b.date ? -1 : 1,
    );
}
