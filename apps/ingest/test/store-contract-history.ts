import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RetentionPolicy, SeriesQuery, VitalPoint, VitalsStore } from '../src/store/vitals-store.js';
import { DAY, HOUR, MIN, T0, oracleDays, oracleOrder, oracleSeries, vp } from './history-oracle.js';

const FOREVER: RetentionPolicy = { rawDays: 0, minuteDays: 0, hourDays: 0 };

/**
 * History part of the VitalsStore contract (DESIGN.md §12): series, export, days with data, latestMany,
 * maintain (rollups, late data, retention). Every answer is compared with a naive oracle over the written
 * points, before and after maintain: rollups must never change an answer.
 */
export function describeHistoryContract(
  name: string,
  open: () => Promise<VitalsStore>,
  reopen?: (store: VitalsStore) => Promise<VitalsStore>,
): void {
  describe(`VitalsStore history contract: ${name}`, () => {
    let store: VitalsStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    /** Asserts every query against the oracle over `written`. */
    async function expectSeries(
      written: readonly VitalPoint[],
      queries: readonly SeriesQuery[],
    ): Promise<void> {
      for (const q of queries) {
        const got = await store.series(q);
        expect({ q, buckets: got.buckets }).toEqual({ q, buckets: oracleSeries(written, q) });
      }
    }

    // Two hours of p-1 heart rate with uneven spacing and integer values (sums are exact in binary floating
    // point, so every source must agree to the last bit), plus points that must never leak into p-1's series.
    function chartData(): VitalPoint[] {
      const pts: VitalPoint[] = [];
      for (let i = 0; i < 90; i++)
        pts.push(vp(T0 + i * 83_000 + (i % 7) * 1000, { value: 50 + ((i * 37) % 61) }));
      pts.push(vp(T0 + 5 * MIN, { value: 999, patientId: 'p-2' }));
      pts.push(vp(T0 + 5 * MIN, { value: 1, metric: 'spo2', unit: '%' }));
      pts.push(vp(T0 + 6 * MIN, { value: 500, patientId: null }));
      return pts;
    }
    const hr = (fromMs: number, toMs: number, bucketMs: number): SeriesQuery => ({
      patientId: 'p-1',
      metric: 'heart-rate',
      fromMs,
      toMs,
      bucketMs,
    });

    it('answers min/max/mean/count per bucket from raw, 1-minute and 1-hour sources, identical before and after maintain', async () => {
      const pts = chartData();
      await store.writeBatch(pts.slice(0, 40));
      await store.writeBatch(pts.slice(40));
      const queries = [
        hr(T0, T0 + 2 * HOUR, 30_000),
        hr(T0, T0 + 2 * HOUR, 60_000),
        hr(T0, T0 + 2 * HOUR, 7 * MIN),
        hr(T0 - HOUR, T0 + 3 * HOUR, HOUR),
        hr(T0, T0 + 4 * HOUR, 2 * HOUR),
      ];
      expect((await store.series(queries[0]!)).source).toBe('raw');
      expect((await store.series(queries[1]!)).source).toBe('1m');
      expect((await store.series(queries[3]!)).source).toBe('1h');
      await expectSeries(pts, queries);
      const r = await store.maintain(T0 + DAY, FOREVER);
      // 1-minute buckets of every attributed (patient, metric, unit), plus their hours.
      const minutes = new Set(
        pts
          .filter((p) => p.patientId)
          .map((p) => `${p.patientId}${p.metric}${Math.floor(p.measuredAtMs / MIN)}`),
      );
      const hours = new Set(
        pts
          .filter((p) => p.patientId)
          .map((p) => `${p.patientId}${p.metric}${Math.floor(p.measuredAtMs / HOUR)}`),
      );
      expect(r).toEqual({
        rolledBuckets: minutes.size + hours.size,
        deletedRaw: 0,
        deleted1m: 0,
        deleted1h: 0,
      });
      await expectSeries(pts, queries);
      expect(await store.series(queries[3]!)).toMatchObject({ source: '1h', unit: '/min' });
    });

    it('aligns buckets to the epoch, widens the range to whole buckets and omits empty buckets', async () => {
      const pts = [
        vp(T0 + MIN, { value: 10 }),
        vp(T0 + 4 * MIN, { value: 20 }),
        vp(T0 + 21 * MIN, { value: 30 }),
      ];
      await store.writeBatch(pts);
      const q = hr(T0 + 150_000, T0 + 750_000, 5 * MIN);
      const expected = [
        { startMs: T0, min: 10, max: 20, mean: 15, count: 2 },
        { startMs: T0 + 20 * MIN, min: 30, max: 30, mean: 30, count: 1 },
      ];
      expect((await store.series(hr(T0 + 150_000, T0 + 22 * MIN, 5 * MIN))).buckets).toEqual(expected);
      expect((await store.series(q)).buckets).toEqual(expected.slice(0, 1));
      await store.maintain(T0 + DAY, FOREVER);
      expect((await store.series(q)).buckets).toEqual(expected.slice(0, 1));
      expect(await store.series(hr(T0 + HOUR, T0 + 2 * HOUR, MIN))).toEqual({
        source: '1m',
        unit: null,
        buckets: [],
      });
    });

    it('rolls up late data (a gateway catching up after an outage) without double counting', async () => {
      const first = [
        vp(T0 + MIN, { value: 60 }),
        vp(T0 + 2 * MIN, { value: 62 }),
        vp(T0 + 3 * HOUR, { value: 64 }),
      ];
      await store.writeBatch(first);
      await store.maintain(T0 + 4 * HOUR, FOREVER);
      // Measured hours ago, stored now: lands in buckets that are already rolled up.
      const storedAt = T0 + 4 * HOUR + 5000;
      // (Not at a first-batch time: one device cannot make two readings in the same millisecond.)
      const late = [MIN + 10_000, 2 * MIN + 500, 30 * MIN].map((dt, i) =>
        vp(T0 + dt, { value: 40 + i * 50, storedAtMs: storedAt, receivedAtMs: storedAt }),
      );
      await store.writeBatch(late);
      const all = [...first, ...late];
      const queries = [
        hr(T0, T0 + 4 * HOUR, MIN),
        hr(T0, T0 + 4 * HOUR, HOUR),
        hr(T0, T0 + 4 * HOUR, 10 * MIN),
      ];
      await expectSeries(all, queries);
      await store.maintain(T0 + 5 * HOUR, FOREVER);
      await expectSeries(all, queries);
      await store.maintain(T0 + 6 * HOUR, FOREVER);
      await expectSeries(all, queries);
    });

    it('converts to the canonical unit only when one answer mixes units', async () => {
      const temp = (t: number, value: number, unit: string) =>
        vp(t, { metric: 'body-temperature', unit, value, characteristic: '2A1C' });
      await store.writeBatch([
        temp(T0 + 10 * MIN, 98.6, '[degF]'),
        temp(T0 + 70 * MIN, 37, 'Cel'),
        temp(T0 + 71 * MIN, 38, 'Cel'),
      ]);
      for (const when of ['before', 'after'] as const) {
        if (when === 'after') await store.maintain(T0 + DAY, FOREVER);
        const q = (from: number, to: number): SeriesQuery => ({
          patientId: 'p-1',
          metric: 'body-temperature',
          fromMs: from,
          toMs: to,
          bucketMs: HOUR,
        });
        expect(await store.series(q(T0, T0 + HOUR))).toEqual({
          source: '1h',
          unit: '[degF]',
          buckets: [{ startMs: T0, min: 98.6, max: 98.6, mean: 98.6, count: 1 }],
        });
        const mixed = await store.series(q(T0, T0 + 2 * HOUR));
        expect(mixed.unit).toBe('Cel');
        expect(mixed.buckets.map((b) => [b.startMs, b.count])).toEqual([
          [T0, 1],
          [T0 + HOUR, 2],
        ]);
        expect(mixed.buckets[0]!.mean).toBeCloseTo(37, 9);
        expect(mixed.buckets[1]).toMatchObject({ min: 37, max: 38, mean: 37.5 });
      }
    });

    it('applies retention per tier and still answers older ranges from the rollups', async () => {
      const now = T0 + 200 * DAY;
      const at = (daysAgo: number, i: number) => now - daysAgo * DAY + i * 20_000;
      const pts = [100, 30, 1].flatMap((d) => [0, 1, 2, 3, 4].map((i) => vp(at(d, i), { value: d + i })));
      pts.push(
        vp(at(100, 0), { patientId: null, value: 1 }),
        vp(at(30, 5), { metric: 'spo2', unit: '%', value: 97 }),
      );
      await store.writeBatch(pts);
      const r = await store.maintain(now, { rawDays: 7, minuteDays: 60, hourDays: 0 });
      const old = pts.filter((p) => p.measuredAtMs < now - 7 * DAY);
      const oldMinutes = new Set(
        pts
          .filter((p) => p.patientId && p.measuredAtMs < now - 60 * DAY)
          .map((p) => `${p.metric}${Math.floor(p.measuredAtMs / MIN)}`),
      );
      expect(r).toMatchObject({ deletedRaw: old.length, deleted1m: oldMinutes.size, deleted1h: 0 });
      // Raw is gone before the raw cutoff...
      const page = await store.exportPoints({
        patientId: 'p-1',
        fromMs: now - 300 * DAY,
        toMs: now + DAY,
        limit: 100,
      });
      expect(page.points.map((p) => p.readingId)).toEqual(
        oracleOrder(pts.filter((p) => p.patientId === 'p-1' && p.measuredAtMs >= now - 7 * DAY)).map(
          (p) => p.readingId,
        ),
      );
      // ...but 1-minute and 1-hour charts of that range still answer from the rollups.
      const d30 = hr(now - 31 * DAY, now - 29 * DAY, MIN);
      expect((await store.series(d30)).buckets).toEqual(oracleSeries(pts, d30));
      expect((await store.series(d30)).buckets).toHaveLength(2);
      const d100 = hr(now - 101 * DAY, now - 99 * DAY, MIN);
      expect((await store.series(d100)).buckets).toEqual([]);
      const d100h = hr(now - 101 * DAY, now - 99 * DAY, HOUR);
      expect((await store.series(d100h)).buckets).toEqual(oracleSeries(pts, d100h));
      expect(await store.maintain(now, { rawDays: 7, minuteDays: 60, hourDays: 0 })).toEqual({
        rolledBuckets: 0,
        deletedRaw: 0,
        deleted1m: 0,
        deleted1h: 0,
      });
      // 1-hour buckets go too once older than their own retention: the one hour of p-1's 100-day-old points.
      expect(
        (await store.maintain(now + 200 * DAY, { rawDays: 7, minuteDays: 60, hourDays: 250 })).deleted1h,
      ).toBe(1);
    });

    it('pages an export with a keyset cursor: every point once, in (measuredAt, readingId, idx) order', async () => {
      const pts: VitalPoint[] = [];
      for (let r = 0; r < 9; r++) {
        const t = T0 + Math.floor(r / 3) * 1000; // three readings share each measuredAt
        const readingId = `r-${String.fromCharCode(99 - (r % 3))}-${r}`;
        // Readings sharing a millisecond come from different devices (a device's reading id is its time).
        const deviceAddress = `c0:ff:ee:00:01:0${r % 3}`;
        pts.push(vp(t, { readingId, deviceAddress, value: r }));
        for (let i = 1; i <= r % 4; i++) {
          pts.push(
            vp(t, { readingId, deviceAddress, idx: i, metric: 'rr-interval', unit: 'ms', value: 800 + i }),
          );
        }
      }
      pts.push(vp(T0 + 500, { patientId: 'p-2' }), vp(T0 - 1, {}), vp(T0 + HOUR, {}));
      await store.writeBatch(pts);
      const mine = oracleOrder(
        pts.filter((p) => p.patientId === 'p-1' && p.measuredAtMs >= T0 && p.measuredAtMs < T0 + HOUR),
      );
      for (const limit of [1, 4, 7, 1000]) {
        const got: VitalPoint[] = [];
        let after: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.exportPoints({
            patientId: 'p-1',
            fromMs: T0,
            toMs: T0 + HOUR,
            limit,
            ...(after ? { after } : {}),
          });
          expect(page.points.length).toBeLessThanOrEqual(limit);
          got.push(...page.points);
          if (page.next === null) break;
          after = page.next;
        }
        expect(got).toEqual(mine);
      }
      const rr = await store.exportPoints({
        patientId: 'p-1',
        fromMs: T0,
        toMs: T0 + HOUR,
        metric: 'rr-interval',
        limit: 100,
      });
      expect(rr).toEqual({ points: mine.filter((p) => p.metric === 'rr-interval'), next: null });
      await expect(
        store.exportPoints({ patientId: 'p-1', fromMs: T0, toMs: T0 + HOUR, limit: 5, after: 'garbage' }),
      ).rejects.toThrow('cursor');
    });

    it('counts readings per local day, at whole-hour and half-hour UTC offsets across midnight', async () => {
      const pts: VitalPoint[] = [];
      const reading = (t: number, patientId: string, rr: number) => {
        const head = vp(t, { patientId });
        pts.push(
          head,
          ...Array.from({ length: rr }, (_, i) =>
            vp(t, {
              patientId,
              readingId: head.readingId,
              idx: i + 1,
              metric: 'rr-interval',
              unit: 'ms',
              value: 800,
            }),
          ),
        );
      };
      // 22:50, 23:40, 00:20, 05:00 UTC around the midnight T0 + 1 day, p-1 and p-3; p-2 never measured.
      for (const [dt, rr] of [
        [-70 * MIN, 2],
        [-20 * MIN, 0],
        [20 * MIN, 3],
        [5 * HOUR, 1],
      ] as const)
        reading(T0 + DAY + dt, 'p-1', rr);
      reading(T0 + DAY + 10 * MIN, 'p-3', 0);
      reading(T0 + DAY + 10 * MIN, 'p-9', 0);
      pts.push(vp(T0 + DAY, { patientId: null }));
      await store.writeBatch(pts);
      const ids = ['p-1', 'p-2', 'p-3'];
      for (const when of ['before', 'after'] as const) {
        if (when === 'after') await store.maintain(T0 + 5 * DAY, FOREVER);
        for (const off of [0, 60, -60, 330, -570]) {
          const fromMs = T0 - off * MIN;
          const toMs = T0 + 3 * DAY - off * MIN;
          const got = await store.daysWithData({ patientIds: ids, fromMs, toMs, utcOffsetMinutes: off });
          expect({ when, off, got }).toEqual({ when, off, got: oracleDays(pts, ids, fromMs, toMs, off) });
        }
      }
      const utc = await store.daysWithData({
        patientIds: ids,
        fromMs: T0,
        toMs: T0 + 3 * DAY,
        utcOffsetMinutes: 0,
      });
      expect(utc).toEqual([
        { patientId: 'p-1', date: '2024-01-10', readings: 2 },
        { patientId: 'p-1', date: '2024-01-11', readings: 2 },
        { patientId: 'p-3', date: '2024-01-11', readings: 1 },
      ]);
    });

    it('returns the latest value per metric for many patients in one call, before and after maintain', async () => {
      const pts = [
        vp(T0 + 1000, { patientId: 'p-1', value: 60 }),
        vp(T0 + 3000, { patientId: 'p-1', value: 61 }),
        vp(T0 + 2000, { patientId: 'p-1', metric: 'spo2', unit: '%', value: 97 }),
        vp(T0 + 5000, { patientId: 'p-2', value: 80 }),
        vp(T0 + 9000, { patientId: 'p-4', value: 99 }),
      ];
      await store.writeBatch(pts);
      const check = async (p1hr: number) => {
        const m = await store.latestMany(['p-1', 'p-2', 'p-3']);
        expect([...m.keys()].sort()).toEqual(['p-1', 'p-2', 'p-3']);
        expect(m.get('p-1')!.map((v) => [v.metric, v.value])).toEqual([
          ['heart-rate', p1hr],
          ['spo2', 97],
        ]);
        expect(m.get('p-2')!.map((v) => [v.metric, v.value, v.measuredAt])).toEqual([
          ['heart-rate', 80, new Date(T0 + 5000).toISOString()],
        ]);
        expect(m.get('p-3')).toEqual([]);
        expect(await store.latest('p-1')).toEqual(m.get('p-1'));
      };
      await check(61);
      await store.maintain(T0 + DAY, FOREVER);
      await check(61);
      const later = { storedAtMs: T0 + DAY + 1000 };
      await store.writeBatch([vp(T0 + 2500, { value: 1, ...later }), vp(T0 + 4000, { value: 62, ...later })]);
      await check(62);
      await store.maintain(T0 + 2 * DAY, FOREVER);
      await check(62);
    });

    if (reopen) {
      it('keeps rollups and the watermark across close and reopen: nothing lost, nothing counted twice', async () => {
        const a = [vp(T0 + MIN, { value: 1 }), vp(T0 + 2 * MIN, { value: 2 })];
        await store.writeBatch(a);
        // Closed before any maintain (a crash between the raw write and the rollup).
        store = await reopen(store);
        await store.maintain(T0 + DAY, FOREVER);
        store = await reopen(store);
        const b = [vp(T0 + MIN + 1, { value: 3, storedAtMs: T0 + DAY + 1000 })];
        await store.writeBatch(b);
        const q = hr(T0, T0 + HOUR, MIN);
        await expectSeries([...a, ...b], [q, hr(T0, T0 + HOUR, HOUR)]);
        await store.maintain(T0 + 2 * DAY, FOREVER);
        store = await reopen(store);
        await expectSeries([...a, ...b], [q, hr(T0, T0 + HOUR, HOUR)]);
        expect((await store.maintain(T0 + 3 * DAY, FOREVER)).rolledBuckets).toBe(0);
      });
    }

    it('refuses a series of more than 50,000 buckets', async () => {
      await expect(store.series(hr(T0, T0 + 50_001 * 1000, 1000))).rejects.toThrow('50000');
      await expect(store.series(hr(T0, T0 + 50_000 * 1000, 1000))).resolves.toMatchObject({ buckets: [] });
    });
  });
}
