import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { METRICS, METRIC_NAMES, type Metric } from '@openward/contracts';
import { decodeCursor, encodeCursor } from './cursor.js';
import { runs } from './influx-rollup.js';
import { segments } from './influx-history.js';
import { lateMarkers } from './influx-rollup.js';
import {
  ceilTo,
  daysSource,
  finishSeries,
  floorTo,
  HOUR_MS,
  MINUTE_MS,
  planSeries,
  policyProblem,
  retentionCutoffs,
  seriesSource,
  type PartialBucket,
} from './rollup.js';
import { conversionOf, toCanonical } from './units.js';

describe('bucket arithmetic', () => {
  it('floors and ceils to a step for any sign (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 1, max: 1e9 }), (t, step) => {
        const f = floorTo(t, step);
        const c = ceilTo(t, step);
        expect(Math.abs(f % step)).toBe(0);
        expect(f <= t && t - f < step).toBe(true);
        expect(c >= t && c - t < step && (c - f === 0 || c - f === step)).toBe(true);
      }),
    );
  });

  it('picks the coarsest source dividing the bucket', () => {
    expect([1000, 30_000, 60_000, 90_000, 3_600_000, 86_400_000].map(seriesSource)).toEqual([
      'raw',
      'raw',
      '1m',
      'raw',
      '1h',
      '1h',
    ]);
    expect(daysSource({ fromMs: 0, toMs: 86_400_000, utcOffsetMinutes: 330 })).toBe('1m');
    expect(daysSource({ fromMs: 0, toMs: 86_400_000, utcOffsetMinutes: -300 })).toBe('1h');
    expect(daysSource({ fromMs: 1, toMs: 86_400_000, utcOffsetMinutes: 0 })).toBe('raw');
  });

  it('widens a series range to whole buckets and refuses more than 50,000', () => {
    expect(
      planSeries({ patientId: 'p', metric: 'spo2', fromMs: 90_000, toMs: 150_001, bucketMs: 60_000 }),
    ).toEqual({
      source: '1m',
      startMs: 60_000,
      endMs: 180_000,
      bucketMs: 60_000,
    });
    expect(() =>
      planSeries({ patientId: 'p', metric: 'spo2', fromMs: 0, toMs: 50_000_001, bucketMs: 1000 }),
    ).toThrow('50000');
    expect(() => planSeries({ patientId: 'p', metric: 'spo2', fromMs: 2, toMs: 1, bucketMs: 1000 })).toThrow(
      'after',
    );
  });
});

describe('finishSeries', () => {
  const point = fc.record({
    t: fc.integer({ min: 0, max: 10 * HOUR_MS }),
    v: fc.integer({ min: -1000, max: 1000 }),
  });

  it('gives the same buckets however the points are split into partial aggregates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (pts, parts) => {
          const bucket = 7 * MINUTE_MS;
          const one = (p: { t: number; v: number }): PartialBucket => ({
            startMs: floorTo(p.t, bucket),
            unit: 'ms',
            min: p.v,
            max: p.v,
            sum: p.v,
            count: 1,
          });
          const plan = { source: 'raw' as const, startMs: 0, endMs: 11 * HOUR_MS, bucketMs: bucket };
          const direct = finishSeries('rr-interval', plan, pts.map(one));
          // Pre-aggregate into `parts` groups per bucket (as rollups + tail would), then finish.
          const groups = new Map<string, PartialBucket>();
          pts.forEach((p, i) => {
            const k = `${floorTo(p.t, bucket)}:${i % parts}`;
            const g = groups.get(k);
            const o = one(p);
            groups.set(
              k,
              g
                ? {
                    ...g,
                    min: Math.min(g.min, o.min),
                    max: Math.max(g.max, o.max),
                    sum: g.sum + o.sum,
                    count: g.count + 1,
                  }
                : o,
            );
          });
          expect(finishSeries('rr-interval', plan, [...groups.values()])).toEqual(direct);
          expect(direct.buckets.reduce((n, b) => n + b.count, 0)).toBe(pts.length);
        },
      ),
    );
  });

  it('keeps one unit as is and converts mixed units to the canonical one', () => {
    const f = (unit: string, v: number): PartialBucket => ({
      startMs: 0,
      unit,
      min: v,
      max: v,
      sum: v,
      count: 1,
    });
    const plan = { source: '1m' as const, startMs: 0, endMs: MINUTE_MS, bucketMs: MINUTE_MS };
    expect(finishSeries('glucose', plan, [f('mg/dL', 90)])).toMatchObject({
      unit: 'mg/dL',
      buckets: [{ mean: 90 }],
    });
    const mixed = finishSeries('glucose', plan, [f('mg/dL', 90.078), f('mmol/L', 5)]);
    expect(mixed.unit).toBe('mmol/L');
    expect(mixed.buckets[0]!.mean).toBeCloseTo(5, 6);
    expect(finishSeries('glucose', plan, [])).toEqual({ source: '1m', unit: null, buckets: [] });
  });
});

describe('unit conversions', () => {
  it('cover every non-canonical unit of every metric, with a positive factor', () => {
    for (const m of METRIC_NAMES) {
      for (const u of METRICS[m].units.slice(1)) {
        const c = conversionOf(m, u);
        expect({ m, u, ok: c !== null && c.a > 0 }).toEqual({ m, u, ok: true });
      }
    }
  });

  it('convert aggregates affinely (°F → °C, kPa → mmHg)', () => {
    const t = toCanonical('body-temperature' as Metric, '[degF]', { min: 32, max: 212, sum: 244, count: 2 });
    expect(t.min).toBeCloseTo(0, 9);
    expect(t.max).toBeCloseTo(100, 9);
    expect(t.sum / t.count).toBeCloseTo(50, 9);
    expect(toCanonical('bp-systolic', 'kPa', { min: 16, max: 16, sum: 16, count: 1 }).max).toBeCloseTo(
      120.01,
      2,
    );
  });
});

describe('retention', () => {
  it('orders tiers: raw ≤ 1-minute ≤ 1-hour, 0 = forever', () => {
    expect(policyProblem({ rawDays: 90, minuteDays: 400, hourDays: 0 })).toBeNull();
    expect(policyProblem({ rawDays: 0, minuteDays: 0, hourDays: 0 })).toBeNull();
    expect(policyProblem({ rawDays: 0, minuteDays: 400, hourDays: 0 })).toMatch(/raw/);
    expect(policyProblem({ rawDays: 7, minuteDays: 30, hourDays: 10 })).toMatch(/1-minute/);
    expect(policyProblem({ rawDays: 1.5, minuteDays: 30, hourDays: 0 })).toMatch(/integers/);
  });

  it('cuts raw at a minute and rollups at an hour boundary', () => {
    const now = Date.UTC(2024, 0, 10, 13, 37, 42, 5);
    expect(retentionCutoffs(now, { rawDays: 1, minuteDays: 2, hourDays: 0 })).toEqual({
      raw: Date.UTC(2024, 0, 9, 13, 37),
      minute: Date.UTC(2024, 0, 8, 13),
      hour: null,
    });
  });
});

describe('export cursor', () => {
  it('round-trips every key and refuses anything else without throwing (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.nat(1000),
        (t, r, i) => {
          expect(decodeCursor(encodeCursor({ measuredAtMs: t, readingId: r, idx: i }))).toEqual({
            measuredAtMs: t,
            readingId: r,
            idx: i,
          });
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (s) => void decodeCursor(s)));
    expect(decodeCursor(`v1.${Buffer.from('[1,"r",-1]').toString('base64url')}`)).toBeNull();
    expect(decodeCursor(`v2.${Buffer.from('[1,"r",1]').toString('base64url')}`)).toBeNull();
  });
});

describe('InfluxDB rollup planning', () => {
  const H = HOUR_MS;
  it('splits a range between 1-hour, 1-minute and raw segments', () => {
    const state = { minuteThrough: 10 * H + 5 * MINUTE_MS, hourThrough: 10 * H };
    expect(segments('1h', 0, 12 * H, state, null)).toEqual([
      { source: '1h', a: 0, b: 10 * H },
      { source: '1m', a: 10 * H, b: 10 * H + 5 * MINUTE_MS },
      { source: 'raw', a: 10 * H + 5 * MINUTE_MS, b: 12 * H },
    ]);
    // A pending late bucket at 3:07 moves the rollup horizon back to it.
    expect(segments('1h', 0, 12 * H, state, 3 * H + 7 * MINUTE_MS)).toEqual([
      { source: '1h', a: 0, b: 3 * H },
      { source: '1m', a: 3 * H, b: 3 * H + 7 * MINUTE_MS },
      { source: 'raw', a: 3 * H + 7 * MINUTE_MS, b: 12 * H },
    ]);
    expect(segments('1m', 0, 12 * H, { minuteThrough: null, hourThrough: null }, null)).toEqual([
      { source: 'raw', a: 0, b: 12 * H },
    ]);
    expect(segments('1m', 11 * H, 12 * H, state, null)).toEqual([{ source: 'raw', a: 11 * H, b: 12 * H }]);
  });

  it('groups dirty buckets into spans', () => {
    expect(runs([5, 0, 1, 1, 9], 1, 2)).toEqual([
      [0, 2],
      [5, 6],
      [9, 10],
    ]);
  });

  it('marks only late attributed points, once per (patient, metric, minute)', () => {
    const base = {
      readingId: 'r',
      idx: 0,
      metric: 'heart-rate' as const,
      patientId: 'p-1' as string | null,
      gatewayId: 'g',
      deviceAddress: 'd',
      characteristic: '2A37',
      receivedAtMs: 0,
      value: 1,
      unit: '/min',
    };
    const lines = lateMarkers(
      [
        { ...base, measuredAtMs: 1_000, storedAtMs: 100_000 },
        { ...base, idx: 1, measuredAtMs: 2_000, storedAtMs: 100_000 },
        { ...base, measuredAtMs: 60_000, storedAtMs: 100_000 }, // on time: 40 s old
        { ...base, patientId: null, measuredAtMs: 1_000, storedAtMs: 100_000 },
      ],
      7,
    );
    expect(lines).toEqual(['rollup_late,metric=heart-rate,patient_id=p-1 bucket=0i 100000000007']);
  });
});
