import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  isPlausible,
  isUnitOf,
  METRIC_NAMES,
  METRICS,
  PHYSIOLOGICAL_RANGES,
  physiologicalRangeOf,
  unitOf,
  type Metric,
} from './index.js';

/** UCUM conversions `canonical = a × value + b` (test oracle, independent of the table under test). */
const TO_CANONICAL: Record<string, { a: number; b: number }> = {
  '[degF]': { a: 5 / 9, b: (-32 * 5) / 9 },
  kPa: { a: 1000 / 133.322387415, b: 0 },
  'mg/dL': { a: 1 / 18.0156, b: 0 },
  '[lb_av]': { a: 0.45359237, b: 0 },
  '[in_i]': { a: 0.0254, b: 0 },
};
const pairs: Array<[Metric, string]> = METRIC_NAMES.flatMap((m) =>
  (METRICS[m].units as readonly string[]).map((u): [Metric, string] => [m, u]),
);
const metricArb = fc.constantFrom(...METRIC_NAMES);
const pairArb = fc.constantFrom(...pairs);
const range = (m: Metric, u: string): readonly [number, number] => {
  const r = physiologicalRangeOf(m, u);
  if (!r) throw new Error(`no range for ${m} ${u}`);
  return r;
};

describe('physiological plausibility ranges', () => {
  it('has exactly one non-empty range for every unit of every metric, and none for other units', () => {
    for (const m of METRIC_NAMES) {
      expect(Object.keys(PHYSIOLOGICAL_RANGES[m]).sort()).toEqual([...METRICS[m].units].sort());
    }
    for (const [m, u] of pairs) {
      const [min, max] = range(m, u);
      expect(Number.isFinite(min) && Number.isFinite(max) && min < max).toBe(true);
    }
    fc.assert(
      fc.property(metricArb, fc.string({ maxLength: 12 }), (m, u) => {
        expect(physiologicalRangeOf(m, u) !== null).toBe(isUnitOf(m, u));
      }),
    );
    expect(physiologicalRangeOf('heart-rate', 'toString')).toBeNull(); // no prototype keys
    expect(physiologicalRangeOf('glucose', 'mmol/L')).toEqual([0.2, 160]);
  });

  it('states every non-canonical unit as the canonical range converted, never stricter and at most 1 % wider', () => {
    for (const [m, u] of pairs) {
      if (u === unitOf(m)) continue;
      const c = TO_CANONICAL[u];
      if (!c) throw new Error(`no conversion for ${u}`);
      const [cMin, cMax] = range(m, unitOf(m));
      const [uMin, uMax] = range(m, u);
      const lo = c.a * uMin + c.b;
      const hi = c.a * uMax + c.b;
      const tolerance = 1e-9 * Math.max(1, Math.abs(cMax));
      expect(lo).toBeLessThanOrEqual(cMin + tolerance);
      expect(hi).toBeGreaterThanOrEqual(cMax - tolerance);
      expect(cMin - lo).toBeLessThanOrEqual(0.01 * (cMax - cMin));
      expect(hi - cMax).toBeLessThanOrEqual(0.01 * (cMax - cMin));
    }
  });

  it('accepts the bounds and every value between them, in every unit', () => {
    fc.assert(
      fc.property(pairArb, fc.double({ min: 0, max: 1, noNaN: true }), ([m, u], t) => {
        const [min, max] = range(m, u);
        const v = Math.min(max, min + t * (max - min));
        expect(isPlausible(m, u, v)).toBe(true);
        expect(isPlausible(m, u, min)).toBe(true);
        expect(isPlausible(m, u, max)).toBe(true);
      }),
    );
  });

  it('rejects every value outside the range, every non-finite value and every unit the metric does not take', () => {
    fc.assert(
      fc.property(pairArb, fc.double({ noNaN: true, noDefaultInfinity: true }), ([m, u], v) => {
        const [min, max] = range(m, u);
        expect(isPlausible(m, u, v)).toBe(v >= min && v <= max);
      }),
    );
    fc.assert(
      fc.property(pairArb, fc.double({ min: 1e-9, max: 1e9, noNaN: true }), ([m, u], d) => {
        const [min, max] = range(m, u);
        expect(isPlausible(m, u, min - d * Math.max(1, Math.abs(min)))).toBe(false);
        expect(isPlausible(m, u, max + d * Math.max(1, Math.abs(max)))).toBe(false);
      }),
    );
    for (const [m, u] of pairs) {
      for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(isPlausible(m, u, v)).toBe(false);
      }
    }
    expect(isPlausible('heart-rate', 'bpm', 72)).toBe(false);
    expect(isPlausible('glucose', 'kg', 5)).toBe(false);
  });

  it('accepts what a deteriorating patient shows and rejects what only a fault produces', () => {
    const accepted: Array<[Metric, string, number]> = [
      ['heart-rate', '/min', 28], // complete heart block
      ['heart-rate', '/min', 240], // SVT
      ['spo2', '%', 62], // COVID "silent hypoxaemia"
      ['bp-systolic', 'mm[Hg]', 260], // hypertensive emergency
      ['bp-systolic', 'mm[Hg]', 55], // shock
      ['body-temperature', 'Cel', 42.1], // heat stroke
      ['body-temperature', '[degF]', 82], // severe hypothermia, 27.8 °C
      ['glucose', 'mmol/L', 1.1],
      ['glucose', 'mg/dL', 1200], // hyperosmolar state
      ['body-weight', '[lb_av]', 900],
      ['rr-interval', 'ms', 4000], // sinus pause
      ['cuff-pressure', 'mm[Hg]', 0], // deflated cuff
      ['battery-level', '%', 0],
    ];
    for (const [m, u, v] of accepted) expect([m, u, v, isPlausible(m, u, v)]).toEqual([m, u, v, true]);
    const rejected: Array<[Metric, string, number]> = [
      ['heart-rate', '/min', 0], // no contact
      ['heart-rate', '/min', 65_535], // uint16 sentinel
      ['spo2', '%', 127], // 0x7F "no data" in older oximeters
      ['body-temperature', 'Cel', 98.6], // °F sent as °C
      ['body-temperature', '[degF]', 37], // °C sent as °F
      ['glucose', 'mmol/L', 550], // mg/dL sent as mmol/L
      ['bp-systolic', 'kPa', 120], // mmHg sent as kPa
      ['body-weight', 'kg', -1],
      ['battery-level', '%', 101],
    ];
    for (const [m, u, v] of rejected) expect([m, u, v, isPlausible(m, u, v)]).toEqual([m, u, v, false]);
  });
});
