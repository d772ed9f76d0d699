/**
 * A simulated patient's vitals at a moment: baseline + daily rhythm + activity bursts + noise + the
 * active scenario. Pure: the simulated time and the random source are parameters, and activity bursts are
 * a hash of (seed, time window), so the same seed and clock readings always give the same vitals.
 */
import { gaussian, seedFromString, type Random } from '../physiology.js';
import { scenarioEffect, type ScenarioState } from './scenarios.js';

/** Resting values of one patient (SIM_DEVICES `patient`); every field has a plausible default. */
export interface PatientProfile {
  /** Seeds the activity pattern (per device by default). */
  seed: number;
  restingBpm: number;
  spo2: number;
  systolic: number;
  diastolic: number;
  temperatureC: number;
  glucoseMmolL: number;
  weightKg: number;
  heightM: number;
  bodyFatPercent: number;
}

export const DEFAULT_PROFILE: Omit<PatientProfile, 'seed'> = {
  restingBpm: 72,
  spo2: 97,
  systolic: 124,
  diastolic: 79,
  temperatureC: 36.8,
  glucoseMmolL: 5.4,
  weightKg: 78,
  heightM: 1.74,
  bodyFatPercent: 24,
};

/** The vitals a device samples. Values are unrounded; each device rounds to its own resolution. */
export interface Vitals {
  heartRate: number;
  irregularRhythm: boolean;
  spo2: number;
  /** Pulse amplitude index, % (perfusion). */
  pulseAmplitudeIndex: number;
  systolic: number;
  diastolic: number;
  meanArterial: number;
  temperatureC: number;
  glucoseMmolL: number;
  weightKg: number;
  heightM: number;
  bmi: number;
  bodyFatPercent: number;
  /** Bio-impedance of the body, Ω (falls with body water). */
  impedanceOhm: number;
  /** Resting metabolic rate, kJ/day (Mifflin–St Jeor style estimate). */
  basalMetabolismKj: number;
  /** 0 at rest … 1 in a strong activity burst. */
  activity: number;
}

const HOUR = 3_600_000;
const ACTIVITY_WINDOW_MS = 15 * 60_000;

/** Hour of the (UTC) day, fractional. */
function hourOfDay(ms: number): number {
  return (((ms % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)) / HOUR;
}

/** Cosine daily rhythm: −1 at `troughHour`, +1 twelve hours later. */
function circadian(ms: number, troughHour: number): number {
  return -Math.cos((2 * Math.PI * (hourOfDay(ms) - troughHour)) / 24);
}

/**
 * Activity level at `ms`: each 15-minute window is active with a probability that is higher in the
 * daytime; an active window is a smooth bump of a drawn intensity. A hash, not a random stream, so it is
 * the same whenever it is asked.
 */
export function activityAt(seed: number, ms: number): number {
  const w = Math.floor(ms / ACTIVITY_WINDOW_MS);
  const h = seedFromString(`${seed}:${w}`) / 4294967296;
  const hour = hourOfDay(ms);
  const chance = hour >= 7 && hour < 22 ? 0.3 : 0.03;
  if (h >= chance) return 0;
  const intensity = 0.3 + 0.7 * (h / chance);
  const frac = (ms - w * ACTIVITY_WINDOW_MS) / ACTIVITY_WINDOW_MS;
  return intensity * Math.sin(Math.PI * frac);
}

/** Glucose rise after meals at 07:30, 12:30 and 18:30: +2.5 mmol/L peaking at 45 min, gone by ~3 h. */
function mealGlucose(ms: number): number {
  const hour = hourOfDay(ms);
  let rise = 0;
  for (const meal of [7.5, 12.5, 18.5]) {
    const since = hour - meal;
    if (since > 0 && since < 3) rise += 2.5 * (since / 0.75) * Math.exp(1 - since / 0.75);
  }
  return rise;
}

/**
 * The noise-free part of the heart rate's deviation from rest at `ms`: daily rhythm (trough around
 * 03:00, −6 bpm), activity bursts (up to +35 bpm) and the scenario; plus whether the rhythm is irregular.
 * The heart-rate strap's beat model centres on `restingBpm + offsetBpm`.
 */
export function heartRateDrive(
  profile: PatientProfile,
  scenario: ScenarioState,
  ms: number,
): { offsetBpm: number; irregularRhythm: boolean } {
  const effect = scenarioEffect(scenario.name, ms - scenario.startedAtMs, 0);
  return {
    offsetBpm: 6 * circadian(ms, 3) + 35 * activityAt(profile.seed, ms) + effect.heartRateDelta,
    irregularRhythm: effect.irregularRhythm,
  };
}

/** The patient's vitals at simulated time `ms` under `scenario`. Draws six normal deviates from `random`. */
export function vitalsAt(
  profile: PatientProfile,
  scenario: ScenarioState,
  ms: number,
  random: Random,
): Vitals {
  const activity = activityAt(profile.seed, ms);
  const n = {
    hr: gaussian(random),
    spo2: gaussian(random),
    bp: gaussian(random),
    temp: gaussian(random),
    glucose: gaussian(random),
    weight: gaussian(random),
  };
  const effect = scenarioEffect(scenario.name, ms - scenario.startedAtMs, n.bp);

  const heartRate = profile.restingBpm + heartRateDrive(profile, scenario, ms).offsetBpm + 1.5 * n.hr;
  const normalSpo2 = Math.min(100, profile.spo2 - 0.8 * activity + 0.6 * n.spo2);
  const spo2 =
    effect.spo2Blend > 0
      ? normalSpo2 + (effect.spo2Target + 0.7 * n.spo2 - normalSpo2) * effect.spo2Blend
      : normalSpo2;
  // Blood pressure: nocturnal dip (~10 %), pressor response to activity.
  const systolic =
    effect.bloodPressure?.systolic ?? profile.systolic + 8 * circadian(ms, 3) + 18 * activity + 5 * n.bp;
  const diastolic =
    effect.bloodPressure?.diastolic ?? profile.diastolic + 5 * circadian(ms, 3) + 8 * activity + 3.5 * n.bp;
  // Core temperature: lowest around 04:30, highest late afternoon.
  const temperatureC =
    effect.temperatureC ?? profile.temperatureC + 0.3 * circadian(ms, 4.5) + 0.2 * activity + 0.08 * n.temp;
  const glucoseMmolL =
    effect.glucoseMmolL ?? Math.max(3.9, profile.glucoseMmolL + mealGlucose(ms) + 0.25 * n.glucose);
  // Weight: ~0.4 kg heavier in the evening than in the morning.
  const weightKg = profile.weightKg + 0.2 * circadian(ms, 6) + effect.weightDeltaKg + 0.05 * n.weight;
  const bmi = weightKg / (profile.heightM * profile.heightM);
  const leanKg = weightKg * (1 - profile.bodyFatPercent / 100);
  return {
    heartRate: Math.min(220, Math.max(30, heartRate)),
    irregularRhythm: effect.irregularRhythm,
    spo2: Math.min(100, Math.max(70, spo2)),
    pulseAmplitudeIndex: Math.max(0.2, 4.5 + 2 * activity + 0.4 * n.spo2),
    systolic,
    diastolic,
    meanArterial: diastolic + (systolic - diastolic) / 3,
    temperatureC,
    glucoseMmolL,
    weightKg,
    heightM: profile.heightM,
    bmi,
    bodyFatPercent: profile.bodyFatPercent,
    impedanceOhm: 520 - 3 * (leanKg - 55),
    basalMetabolismKj: 4.184 * (10 * weightKg + 625 * profile.heightM - 5 * 50 + 5),
    activity,
  };
}
