/**
 * The heart-rate strap's physiology model. Pure: the time and the random source are parameters, so the
 * same seed and the same clock readings always give the same measurements.
 */
import { msToRrInterval, type HeartRateMeasurementInput } from '@openward/ble-codecs';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Small seeded PRNG (mulberry32): deterministic, fast, good enough for a simulator. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string: a stable per-device seed (e.g. from its address). */
export function seedFromString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Standard normal deviate (Box–Muller). */
export function gaussian(random: Random): number {
  const u1 = 1 - random(); // (0, 1]: log(0) is impossible
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Fixed parameters of one wearer. */
export interface StrapModel {
  baselineBpm: number;
  /** Amplitude of the slow sinusoidal drift, bpm. */
  variationBpm: number;
  /** Period of the drift, ms (a few minutes, like activity and breathing-rate changes). */
  periodMs: number;
  /** Phase offset so straps do not move in lockstep, radians. */
  phase: number;
  /** Standard deviation of beat-to-beat noise on the reported rate, bpm. */
  noiseBpm: number;
  /** Relative standard deviation of individual RR intervals (heart-rate variability). */
  rrJitter: number;
  /** Battery drain, percent per hour. */
  batteryDrainPerHour: number;
  /**
   * Atrial fibrillation: beats are irregularly irregular, each RR interval drawn independently within
   * ±35 % of the mean, so successive differences are large and carry no pattern.
   */
  irregular?: boolean;
}

/** What changes from one measurement to the next. */
export interface StrapState {
  lastSampleMs: number | null;
  /** Fraction of a beat carried into the next interval, so RR intervals add up to elapsed time. */
  beatCarry: number;
  /** Accumulated energy expended, kJ (fractional; reported floored). */
  energyKj: number;
  sampleCount: number;
  batteryPercent: number;
}

/** One measurement ready to encode, plus the battery level at that moment. */
export interface StrapSample {
  measurement: HeartRateMeasurementInput & { heartRate: number; rrIntervals: number[] };
  batteryLevel: number;
}

/** HRS v1.0: include Energy Expended about once every 10 measurements. */
export const ENERGY_EVERY_N_SAMPLES = 10;
/** At most 7 RR intervals fit a 20-octet notification next to a uint16 rate and energy (HRS v1.0). */
export const MAX_RR_PER_NOTIFICATION = 7;
const MIN_BPM = 30;
const MAX_BPM = 220;

/** Draws a wearer's parameters around a resting rate. */
export function createModel(baselineBpm: number, random: Random): StrapModel {
  return {
    baselineBpm,
    variationBpm: 4 + random() * 4,
    periodMs: (3 + random() * 4) * 60_000,
    phase: random() * 2 * Math.PI,
    noiseBpm: 1.5,
    rrJitter: 0.03,
    batteryDrainPerHour: 1,
  };
}

/** A fresh strap: battery between 80 and 100 %, nothing accumulated yet. */
export function initialState(random: Random): StrapState {
  return {
    lastSampleMs: null,
    beatCarry: 0,
    energyKj: 0,
    sampleCount: 0,
    batteryPercent: 80 + random() * 20,
  };
}

/** The model's heart rate at `nowMs` without noise: baseline + slow sinusoid. */
export function trendBpm(model: StrapModel, nowMs: number): number {
  return (
    model.baselineBpm + model.variationBpm * Math.sin((2 * Math.PI * nowMs) / model.periodMs + model.phase)
  );
}

/** Resting-level energy estimate from heart rate: about 5 kJ/min at 70 bpm (≈ 7 MJ/day). */
function energyKjPerMinute(bpm: number): number {
  return (5 * bpm) / 70;
}

/**
 * Advances the model to `nowMs` and returns the next measurement. RR intervals are the beats that
 * completed since the previous measurement, each around 60 000 / rate ms, so their sum tracks the
 * elapsed time; a notification may carry none when the rate is slower than the notification rate.
 */
export function nextSample(
  model: StrapModel,
  state: StrapState,
  nowMs: number,
  random: Random,
): { sample: StrapSample; state: StrapState } {
  const raw = trendBpm(model, nowMs) + model.noiseBpm * gaussian(random);
  const heartRate = Math.min(MAX_BPM, Math.max(MIN_BPM, Math.round(raw)));
  const beatMs = 60_000 / heartRate;
  // First sample: one beat's worth. After a long gap (auto paused) only the newest beats are sent.
  const elapsed = state.lastSampleMs === null ? beatMs : Math.max(0, nowMs - state.lastSampleMs);
  const beats = state.beatCarry + elapsed / beatMs;
  const count = Math.min(MAX_RR_PER_NOTIFICATION, Math.floor(beats));
  const beatCarry = Math.min(beats - Math.floor(beats), 1);

  const rrIntervals: number[] = [];
  for (let i = 0; i < count; i++) {
    const jitter = model.irregular
      ? (random() * 2 - 1) * 0.35
      : Math.max(-0.1, Math.min(0.1, model.rrJitter * gaussian(random)));
    rrIntervals.push(msToRrInterval(beatMs * (1 + jitter)));
  }

  const elapsedMin = elapsed / 60_000;
  const energyKj = state.energyKj + energyKjPerMinute(heartRate) * elapsedMin;
  const batteryPercent = Math.max(
    0,
    state.batteryPercent - (model.batteryDrainPerHour * elapsed) / 3_600_000,
  );
  const sampleCount = state.sampleCount + 1;

  const measurement: StrapSample['measurement'] = { heartRate, sensorContact: 'detected', rrIntervals };
  if (state.sampleCount % ENERGY_EVERY_N_SAMPLES === 0) {
    // HRS v1.0: Energy Expended saturates at 0xFFFF kJ until reset.
    measurement.energyExpended = Math.min(0xffff, Math.floor(energyKj));
  }
  return {
    sample: { measurement, batteryLevel: Math.ceil(batteryPercent) },
    state: { lastSampleMs: nowMs, beatCarry, energyKj, sampleCount, batteryPercent },
  };
}

/** Battery level (integer %) the strap reports in a given state. */
export function batteryLevelOf(state: StrapState): number {
  return Math.ceil(state.batteryPercent);
}
