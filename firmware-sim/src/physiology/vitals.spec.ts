import { describe, expect, it } from '@jest/globals';
import { mulberry32 } from '../physiology.js';
import {
  HF_GAIN_MS,
  HYPOXIA_ONSET_MS,
  SCENARIO_LIMITS,
  SCENARIOS,
  scenarioEffect,
  type ScenarioName,
} from './scenarios.js';
import { activityAt, DEFAULT_PROFILE, heartRateDrive, vitalsAt, type Vitals } from './vitals.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0); // midnight UTC
const HOUR = 3_600_000;
const profile = { ...DEFAULT_PROFILE, seed: 7 };

/** Vitals every `stepMs` for `count` samples, the scenario started at T0. */
function series(scenario: ScenarioName, count: number, stepMs = 60_000, start = T0, seed = 1): Vitals[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) =>
    vitalsAt(profile, { name: scenario, startedAtMs: T0 }, start + i * stepMs, random),
  );
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('vitals model', () => {
  it('is deterministic for a seed and a sequence of clock readings', () => {
    expect(series('stable', 200)).toEqual(series('stable', 200));
    expect(series('stable', 200, 60_000, T0, 2)).not.toEqual(series('stable', 200));
  });

  it('keeps a stable patient in normal ranges over two days', () => {
    const v = series('stable', 2 * 24 * 60);
    for (const s of v) {
      expect(s.spo2).toBeGreaterThanOrEqual(93);
      expect(s.spo2).toBeLessThanOrEqual(100);
      expect(s.systolic).toBeLessThan(175);
      expect(s.diastolic).toBeLessThan(110);
      expect(s.temperatureC).toBeGreaterThan(35.8);
      expect(s.temperatureC).toBeLessThan(37.8);
      expect(s.glucoseMmolL).toBeGreaterThanOrEqual(3.9);
      expect(s.glucoseMmolL).toBeLessThan(11);
      expect(s.heartRate).toBeGreaterThan(50);
      expect(s.heartRate).toBeLessThan(125);
      expect(s.irregularRhythm).toBe(false);
    }
    expect(mean(v.map((s) => s.spo2))).toBeGreaterThan(95.5);
    expect(mean(v.map((s) => s.systolic))).toBeLessThan(140);
  });

  it('follows a daily rhythm: lower heart rate and temperature at night than in the late afternoon', () => {
    // Same hour on seven days, so activity bursts average out.
    const at = (hour: number, pick: (v: Vitals) => number): number => {
      const random = mulberry32(3);
      return mean(
        Array.from({ length: 7 * 20 }, (_, i) =>
          pick(
            vitalsAt(
              profile,
              { name: 'stable', startedAtMs: T0 },
              T0 + Math.floor(i / 20) * 24 * HOUR + hour * HOUR + (i % 20) * 60_000,
              random,
            ),
          ),
        ),
      );
    };
    expect(at(3, (v) => v.heartRate)).toBeLessThan(at(15, (v) => v.heartRate) - 6);
    expect(at(4, (v) => v.temperatureC)).toBeLessThan(at(17, (v) => v.temperatureC) - 0.3);
    expect(at(3, (v) => v.systolic)).toBeLessThan(at(15, (v) => v.systolic) - 8);
  });

  it('has activity bursts: some daytime windows active, few at night, each a smooth bump ≤ 1', () => {
    const day = Array.from({ length: 15 * 4 }, (_, i) =>
      activityAt(7, T0 + 7 * HOUR + i * 15 * 60_000 + 7.5 * 60_000),
    );
    const night = Array.from({ length: 7 * 4 * 10 }, (_, i) =>
      activityAt(7, T0 + (i % 28) * 15 * 60_000 + Math.floor(i / 28) * 24 * HOUR + 7.5 * 60_000),
    );
    expect(day.filter((a) => a > 0).length).toBeGreaterThan(5);
    expect(night.filter((a) => a > 0).length / night.length).toBeLessThan(0.1);
    expect(Math.max(...day)).toBeLessThanOrEqual(1);
    // The same moment always has the same activity (a hash, not a random stream).
    expect(activityAt(7, T0 + 10 * HOUR)).toBe(activityAt(7, T0 + 10 * HOUR));
  });
});

describe('scenarios', () => {
  it('lists the seven named scenarios', () => {
    expect(SCENARIOS).toEqual([
      'stable',
      'hypoxia-episode',
      'hypertensive-crisis',
      'fever',
      'atrial-fibrillation',
      'heart-failure-weight-gain',
      'hypoglycaemia',
    ]);
  });

  it('hypoxia-episode: SpO2 falls to about 85 % after the onset, with the heart rate up', () => {
    const stable = series('stable', 600);
    const hypoxic = series('hypoxia-episode', 600);
    const after = hypoxic.slice(HYPOXIA_ONSET_MS / 60_000);
    for (const v of after) expect(v.spo2).toBeLessThanOrEqual(SCENARIO_LIMITS.hypoxiaSpo2Max + 1);
    expect(mean(after.map((v) => v.spo2))).toBeGreaterThan(83.5);
    expect(mean(after.map((v) => v.spo2))).toBeLessThan(86.5);
    expect(mean(hypoxic.map((v) => v.heartRate)) - mean(stable.map((v) => v.heartRate))).toBeGreaterThan(18);
    // It falls gradually: the first minute is still near normal.
    expect(hypoxic[0]?.spo2).toBeGreaterThan(94);
  });

  it('hypertensive-crisis: every reading ≥ 180/120 mmHg', () => {
    for (const v of series('hypertensive-crisis', 1000)) {
      expect(v.systolic).toBeGreaterThanOrEqual(SCENARIO_LIMITS.crisisSystolicMin);
      expect(v.diastolic).toBeGreaterThanOrEqual(SCENARIO_LIMITS.crisisDiastolicMin);
    }
  });

  it('fever: every temperature ≥ 38.5 °C, with tachycardia', () => {
    const fever = series('fever', 1000);
    for (const v of fever) expect(v.temperatureC).toBeGreaterThanOrEqual(SCENARIO_LIMITS.feverMinC);
    expect(
      mean(fever.map((v) => v.heartRate)) - mean(series('stable', 1000).map((v) => v.heartRate)),
    ).toBeGreaterThan(15);
  });

  it('atrial-fibrillation: marks the rhythm irregular and raises the rate', () => {
    const af = series('atrial-fibrillation', 300);
    expect(af.every((v) => v.irregularRhythm)).toBe(true);
    expect(
      heartRateDrive(profile, { name: 'atrial-fibrillation', startedAtMs: T0 }, T0 + 3 * HOUR)
        .irregularRhythm,
    ).toBe(true);
    expect(mean(af.map((v) => v.heartRate))).toBeGreaterThan(
      mean(series('stable', 300).map((v) => v.heartRate)) + 20,
    );
  });

  it('heart-failure-weight-gain: +2 kg or more over 3 days, linear', () => {
    const at = (ms: number): number => {
      const random = mulberry32(5);
      // Morning weighings (06:00) to compare like with like.
      return vitalsAt(profile, { name: 'heart-failure-weight-gain', startedAtMs: T0 }, ms, random).weightKg;
    };
    const day0 = at(T0 + 6 * HOUR);
    const day3 = at(T0 + 6 * HOUR + HF_GAIN_MS);
    expect(day3 - day0).toBeGreaterThanOrEqual(2);
    expect(day3 - day0).toBeLessThan(2.6);
    expect(scenarioEffect('heart-failure-weight-gain', HF_GAIN_MS / 2, 0).weightDeltaKg).toBeCloseTo(1.1, 6);
    expect(scenarioEffect('heart-failure-weight-gain', 10 * HF_GAIN_MS, 0).weightDeltaKg).toBeCloseTo(2.2, 6);
  });

  it('hypoglycaemia: every glucose value < 3.9 mmol/L', () => {
    for (const v of series('hypoglycaemia', 1000)) {
      expect(v.glucoseMmolL).toBeLessThan(SCENARIO_LIMITS.hypoglycaemiaMaxMmolL);
      expect(v.glucoseMmolL).toBeGreaterThanOrEqual(2.2);
    }
  });

  it('pins thresholds whatever the noise deviate', () => {
    for (const noise of [-6, -3, 0, 3, 6]) {
      const crisis = scenarioEffect('hypertensive-crisis', 0, noise).bloodPressure;
      expect(crisis?.systolic).toBeGreaterThanOrEqual(180);
      expect(crisis?.diastolic).toBeGreaterThanOrEqual(120);
      expect(scenarioEffect('fever', 0, noise).temperatureC).toBeGreaterThanOrEqual(38.5);
      expect(scenarioEffect('hypoglycaemia', 0, noise).glucoseMmolL).toBeLessThan(3.9);
    }
  });
});
