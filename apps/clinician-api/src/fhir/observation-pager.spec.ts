import { describe, expect, it } from '@jest/globals';
import type { ExportPoint, Metric, ReadingsResponse } from '@openward/contracts';
import type { StreamPosition } from './observation-cursor.js';
import { collectPage, PointStream, type FetchPage } from './observation-pager.js';

const T0 = Date.parse('2026-01-10T08:00:00.000Z');

function pt(readingId: string, atMs: number, idx: number, metric: Metric): ExportPoint {
  const at = new Date(atMs).toISOString();
  return {
    readingId,
    idx,
    metric,
    value: 1,
    unit: '/min',
    measuredAt: at,
    receivedAt: at,
    storedAt: at,
    gatewayId: 'gw-1',
    deviceAddress: 'c0:ff:ee:00:10:01',
    characteristic: '2A35',
  };
}

/** Readings a second apart: BP cuff readings (3 bp points + pulse) alternating with heart-rate readings. */
const POINTS: ExportPoint[] = Array.from({ length: 12 }, (_, i) => {
  const id = `r${String(i).padStart(2, '0')}`;
  const t = T0 + i * 1000;
  return i % 2 === 0
    ? (['bp-systolic', 'bp-diastolic', 'bp-mean', 'pulse-rate'] as const).map((m, idx) => pt(id, t, idx, m))
    : [pt(id, t, 0, 'heart-rate')];
}).flat();

/** An ingest stand-in: pages of `limit`, cursor = index of the next point. Counts calls. */
function fakeIngest(points: readonly ExportPoint[]) {
  const calls: { metric: Metric | undefined; after: string | null }[] = [];
  const fetchPage: FetchPage = async (metric, after, limit) => {
    calls.push({ metric, after });
    const all = points.filter((p) => metric === undefined || p.metric === metric);
    const start = after === null ? 0 : Number(after.slice(1));
    const slice = all.slice(start, start + limit);
    const end = start + slice.length;
    const page: ReadingsResponse = {
      patientId: 'p-1',
      points: slice,
      next: end < all.length ? `n${end}` : null,
    };
    return page;
  };
  return { fetchPage, calls };
}

/** Items are reading ids; one item per reading. */
const byReading = (g: ExportPoint[]): string[] => [`${g[0]!.readingId}:${g.length}`];

async function pageAll(
  fetchPage: FetchPage,
  metrics: readonly (Metric | undefined)[],
  count: number,
  limit: number,
): Promise<string[][]> {
  const pages: string[][] = [];
  let positions: StreamPosition[] | null = metrics.map(() => ({ after: null, skip: 0 }));
  while (positions) {
    const start: StreamPosition[] = positions;
    const streams = metrics.map((m, i) => new PointStream(fetchPage, m, start[i]!, limit));
    const page = await collectPage(streams, { count, maxScan: 10_000, map: byReading });
    pages.push(page.items);
    positions = page.next;
    expect(pages.length).toBeLessThan(50);
  }
  return pages;
}

describe('collectPage', () => {
  it('serves every reading exactly once, in order, never splitting one across ingest pages', async () => {
    const { fetchPage } = fakeIngest(POINTS);
    // Ingest pages of 3 points cut the 4-point BP readings; pages of 2 readings.
    const pages = await pageAll(fetchPage, [undefined], 2, 3);
    expect(pages.flat()).toEqual(
      Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}:${i % 2 === 0 ? 4 : 1}`),
    );
    expect(pages.every((p) => p.length === 2)).toBe(true);
  });

  it('merges one stream per metric into the same order as one stream of all metrics', async () => {
    const { fetchPage, calls } = fakeIngest(POINTS);
    const bp: Metric[] = ['bp-systolic', 'bp-diastolic', 'bp-mean'];
    const pages = await pageAll(fetchPage, bp, 4, 2);
    expect(pages.flat()).toEqual(['r00:3', 'r02:3', 'r04:3', 'r06:3', 'r08:3', 'r10:3']);
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(new Set(calls.map((c) => c.metric))).toEqual(new Set(bp));
  });

  it('ends a page early rather than exceed the count, and stops after maxScan points', async () => {
    const { fetchPage } = fakeIngest(POINTS);
    const twice = (g: ExportPoint[]) => [g[0]!.readingId, g[0]!.readingId];
    const page = await collectPage([new PointStream(fetchPage, undefined, { after: null, skip: 0 }, 100)], {
      count: 3,
      maxScan: 10_000,
      map: twice,
    });
    expect(page.items).toEqual(['r00', 'r00']);
    expect(page.next).toEqual([{ after: null, skip: 4 }]);
    const scan = await collectPage([new PointStream(fetchPage, undefined, { after: null, skip: 0 }, 100)], {
      count: 100,
      maxScan: 5,
      map: byReading,
    });
    expect(scan.items).toEqual(['r00:4', 'r01:1']);
    expect(scan.next).toEqual([{ after: null, skip: 5 }]);
  });

  it('answers an empty page with no next for an empty store', async () => {
    const { fetchPage } = fakeIngest([]);
    const page = await collectPage([new PointStream(fetchPage, undefined, { after: null, skip: 0 }, 10)], {
      count: 10,
      maxScan: 10,
      map: byReading,
    });
    expect(page).toEqual({ items: [], next: null });
  });
});
