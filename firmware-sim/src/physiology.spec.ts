import { describe, expect, it } from '@jest/globals';
import { decodeHeartRateMeasurement, encodeHeartRateMeasurement, rrIntervalToMs } from '@openward/ble-codecs';
import {
  ENERGY_EVERY_N_SAMPLES,
  createModel,
  initialState,
  mulberry32,
  nextSample,
  seedFromString,
  trendBpm,
  type StrapSample,
} from './physiology.js';

const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

function run(seed: number, baselineBpm: number, count: number, intervalMs = 1000): StrapSample[] {
  const random = mulberry32(seed);
  const model = createModel(baselineBpm, random);
  let state = initialState(random);
  const out: StrapSample[] = [];
  for (let i = 0; i < count; i++) {
    const next = nextSample(model, state, T0 + i * intervalMs, random);
    state = next.state;
    out.push(next.sample);
  }
  return out;
}

describe('physiology model', () => {
  it('is deterministic for a seed and a sequence of clock readings', () => {
    expect(run(42, 72, 50)).toEqual(run(42, 72, 50));
    expect(run(42, 72, 50)).not.toEqual(run(43, 72, 50));
  });

  it('keeps the heart rate near the baseline: drift ≤ 8 bpm plus small noise', () => {
    const rates = run(7, 72, 600).map((s) => s.measurement.heartRate);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(72 - 8 - 7);
    expect(Math.max(...rates)).toBeLessThanOrEqual(72 + 8 + 7);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(Math.abs(mean - 72)).toBeLessThan(6);
    expect(new Set(rates).size).toBeGreaterThan(5); // it varies
  });

  it('follows the slow sinusoidal trend', () => {
    const random = mulberry32(1);
    const model = createModel(60, random);
    const peak = model.periodMs / 4 - (model.phase * model.periodMs) / (2 * Math.PI);
    expect(trendBpm(model, peak)).toBeCloseTo(60 + model.variationBpm, 6);
    expect(trendBpm(model, peak + model.periodMs / 2)).toBeCloseTo(60 - model.variationBpm, 6);
  });

  it('sends RR intervals consistent with the rate: one per completed beat, each ≈ 60000/bpm ms', () => {
    const samples = run(3, 72, 300);
    let totalRrMs = 0;
    for (const s of samples) {
      const beatMs = 60_000 / s.measurement.heartRate;
      for (const rr of s.measurement.rrIntervals) {
        const ms = rrIntervalToMs(rr);
        expect(ms).toBeGreaterThanOrEqual(beatMs * 0.89);
        expect(ms).toBeLessThanOrEqual(beatMs * 1.11);
        totalRrMs += ms;
      }
    }
    // 300 s of beats: the intervals add up to the elapsed time within a few beats.
    expect(Math.abs(totalRrMs - 300_000)).toBeLessThan(15_000);
  });

  it('reports sensor contact detected and energy expended every 10th measurement, rising', () => {
    const samples = run(5, 80, 35);
    const withEnergy = samples.flatMap((s, i) =>
      s.measurement.energyExpended === undefined ? [] : ([[i, s]] as const),
    );
    expect(withEnergy.map(([i]) => i)).toEqual([0, 10, 20, 30]);
    expect(ENERGY_EVERY_N_SAMPLES).toBe(10);
    const energies = withEnergy.map(([, s]) => s.measurement.energyExpended ?? -1);
    expect(energies[3]).toBeGreaterThan(energies[1] ?? Infinity);
    expect(samples.every((s) => s.measurement.sensorContact === 'detected')).toBe(true);
  });

  it('drains the battery slowly: about 1 % per hour', () => {
    const hourly = run(9, 70, 5, 3_600_000).map((s) => s.batteryLevel);
    for (let i = 1; i < hourly.length; i++) {
      const prev = hourly[i - 1] ?? 0;
      expect(hourly[i]).toBeLessThanOrEqual(prev);
      expect(prev - (hourly[i] ?? 0)).toBeLessThanOrEqual(2);
    }
    expect(hourly[0]).toBeGreaterThanOrEqual(80);
  });

  it('produces measurements the 0x2A37 encoder accepts and the decoder reads back', () => {
    for (const s of run(11, 190, 120)) {
      const bytes = encodeHeartRateMeasurement(s.measurement);
      expect(bytes.ok).toBe(true);
      if (!bytes.ok) continue;
      expect(bytes.value.length).toBeLessThanOrEqual(20); // fits one notification at the default ATT MTU
      const back = decodeHeartRateMeasurement(bytes.value);
      expect(back.ok && back.value.heartRate).toBe(s.measurement.heartRate);
      expect(back.ok && back.value.rrIntervals).toEqual(s.measurement.rrIntervals);
    }
  });

  it('derives a stable seed per device address', () => {
    expect(seedFromString('c0:ff:ee:00:10:01')).toBe(seedFromString('c0:ff:ee:00:10:01'));
    expect(seedFromString('c0:ff:ee:00:10:01')).not.toBe(seedFromString('c0:ff:ee:00:10:02'));
  });
});
