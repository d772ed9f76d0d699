/**
 * Named clinical scenarios a simulated patient can be put in (per device, through SIM_DEVICES or the
 * control API). Each one is a pure function of the time elapsed since it started: it shifts or pins the
 * vitals of the daily-rhythm model so that the alert thresholds the scenario is named after are met
 * (after its onset), whatever the noise.
 */
export const SCENARIOS = [
  'stable',
  'hypoxia-episode',
  'hypertensive-crisis',
  'fever',
  'atrial-fibrillation',
  'heart-failure-weight-gain',
  'hypoglycaemia',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenario(v: unknown): v is ScenarioName {
  return typeof v === 'string' && (SCENARIOS as readonly string[]).includes(v);
}

/** A scenario as a patient carries it: which one and since when (simulated epoch ms). */
export interface ScenarioState {
  name: ScenarioName;
  startedAtMs: number;
}

/** Time for the hypoxia episode to reach its nadir (simulated). */
export const HYPOXIA_ONSET_MS = 2 * 60_000;
/** The weight gain of decompensating heart failure: +2.2 kg spread over 3 days (≥ 2 kg / 3 days). */
export const HF_GAIN_KG = 2.2;
export const HF_GAIN_MS = 3 * 24 * 3_600_000;

/** Thresholds each scenario guarantees (after onset); the unit tests hold the model to them. */
export const SCENARIO_LIMITS = {
  hypoxiaSpo2Max: 87,
  crisisSystolicMin: 180,
  crisisDiastolicMin: 120,
  feverMinC: 38.5,
  hypoglycaemiaMaxMmolL: 3.9,
} as const;

/** How a scenario changes the vitals; `pin*` replace the modelled value, the rest add to it. */
export interface ScenarioEffect {
  heartRateDelta: number;
  /** Irregularly irregular rhythm: RR intervals without pattern (atrial fibrillation). */
  irregularRhythm: boolean;
  /** 0–1: how far SpO2 moves from normal towards `spo2Target`. */
  spo2Blend: number;
  spo2Target: number;
  bloodPressure?: { systolic: number; diastolic: number };
  temperatureC?: number;
  glucoseMmolL?: number;
  weightDeltaKg: number;
}

const NONE: ScenarioEffect = {
  heartRateDelta: 0,
  irregularRhythm: false,
  spo2Blend: 0,
  spo2Target: 97,
  weightDeltaKg: 0,
};

/**
 * The effect of `scenario` `elapsedMs` after it started. `noise` is a standard normal deviate supplied by
 * the caller (so this stays pure); pinned values are clamped to keep the named threshold.
 */
export function scenarioEffect(scenario: ScenarioName, elapsedMs: number, noise: number): ScenarioEffect {
  const t = Math.max(0, elapsedMs);
  switch (scenario) {
    case 'stable':
      return NONE;
    case 'hypoxia-episode': {
      const blend = Math.min(1, t / HYPOXIA_ONSET_MS);
      // Compensatory tachycardia: up to +25 bpm at the nadir.
      return { ...NONE, heartRateDelta: 25 * blend, spo2Blend: blend, spo2Target: 85 };
    }
    case 'hypertensive-crisis':
      return {
        ...NONE,
        heartRateDelta: 8,
        bloodPressure: {
          systolic: Math.max(182, Math.round(196 + 6 * noise)),
          diastolic: Math.max(121, Math.round(125 + 3 * noise)),
        },
      };
    case 'fever':
      // About +10 bpm per °C above normal.
      return { ...NONE, heartRateDelta: 22, temperatureC: Math.max(38.6, 39.1 + 0.15 * noise) };
    case 'atrial-fibrillation':
      return { ...NONE, heartRateDelta: 28, irregularRhythm: true };
    case 'heart-failure-weight-gain':
      return { ...NONE, heartRateDelta: 6, weightDeltaKg: HF_GAIN_KG * Math.min(1, t / HF_GAIN_MS) };
    case 'hypoglycaemia':
      // Adrenergic response: tachycardia.
      return { ...NONE, heartRateDelta: 15, glucoseMmolL: Math.min(3.6, Math.max(2.2, 3.1 + 0.2 * noise)) };
  }
}
