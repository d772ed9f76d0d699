import { METRICS, type Metric } from './metrics.js';

/** An inclusive range `[min, max]` of values in one UCUM unit. */
export type ValueRange = readonly [min: number, max: number];

/** Every metric, and for each metric every unit it accepts (contracts METRICS `units`), mapped to a range. */
type RangesPerUnit = { [M in Metric]: { [U in (typeof METRICS)[M]['units'][number]]: ValueRange } };

/**
 * Physiological plausibility ranges: the values a living person's measurement, taken by a working device
 * and carried by a working transport, can have. A value outside is a device or transport fault (a
 * sentinel, a unit or scaling mix-up, a corrupted field), never a sick patient, so ingest rejects the
 * whole reading with `OUT_OF_RANGE` and dead-letters it (apps/ingest DESIGN.md §6).
 *
 * These are NOT clinical alert limits. Each bound lies beyond both the documented human extremes and the
 * measurement ranges devices declare, so a deteriorating patient is always accepted: rejecting a true value
 * hides it from the clinician, accepting a faulty one at worst raises a false alarm. When in doubt, wider.
 *
 * Ranges are given per unit, in each unit a metric accepts: the canonical one (first in METRICS `units`)
 * and every other, converted with the UCUM factors (1 mm[Hg] = 0.133322387415 kPa, 1 [lb_av] =
 * 0.45359237 kg, 1 [in_i] = 0.0254 m, °F = °C × 9/5 + 32, glucose 1 mmol/L = 18.0156 mg/dL at
 * 180.156 g/mol) and rounded outwards, so a converted unit is never stricter than the canonical one
 * (physiological-ranges.spec.ts checks this). Reasoning per metric:
 *
 * - heart rate / pulse rate 15–350 /min: ECG monitors display 15–300 /min, oximeters 20–300; escape
 *   rhythms in complete heart block reach 20 /min, pre-excited atrial fibrillation > 300 /min.
 * - RR interval 100–30 000 ms: the refractory period makes two beats 100 ms apart impossible (300 /min is
 *   200 ms); a pause of 30 s is asystole. The 0x2A37 field (1/1024 s, uint16) reaches 64 s.
 * - energy expended 0–65 535 kJ: the whole 0x2A37 uint16 field; it is cumulative and saturates at 0xFFFF.
 * - SpO2 20–100 %: oximeters are calibrated down to 70 % and still display lower values; a displayed 25 %
 *   means profound hypoxaemia, which must reach the clinician. Nothing above 100 %.
 * - pulse amplitude index 0–100 %: any percentage (typical perfusion 0.02–20 %; 0 = no pulsatile signal).
 * - body temperature 10–47 °C: lowest documented survival of accidental hypothermia ≈ 12–14 °C core,
 *   highest of heat stroke ≈ 46.5 °C; an intermediate reading while a thermometer warms up starts near
 *   room temperature.
 * - blood pressure systolic 20–400, diastolic and mean 10–400 mmHg: intra-arterial pressures up to
 *   370/360 mmHg were recorded during heavy lifting; shock can take diastolic pressure near 10 mmHg.
 * - cuff pressure −10–400 mmHg: the cuff starts deflated at 0 (relative to air) and the sensor's zero
 *   drifts by a few mmHg; IEC 80601-2-30 caps adult inflation at 300 mmHg.
 * - glucose 0.2–160 mmol/L (3.6–2883 mg/dL): meters report 0.6–33.3 mmol/L and "LO"/"HI" beyond; the
 *   highest documented survival is 147.6 mmol/L (2656 mg/dL).
 * - body weight 0.2–700 kg: smallest surviving newborns ≈ 0.21–0.25 kg, heaviest documented person 635 kg.
 *   Component masses (muscle, fat-free, soft lean, body water) 0–700 kg: parts of the body weight.
 * - BMI 3–250 kg/m²: a 0.25 kg, 0.24 m newborn is ≈ 4.3; 635 kg at 1.85 m is ≈ 186.
 * - body height 0.15–3 m: smallest surviving newborns ≈ 0.2 m, tallest documented person 2.72 m.
 * - body fat and muscle percentage 0–100 %: any percentage; the scale's estimate is its own.
 * - basal metabolism 50–50 000 kJ/day: a 0.5 kg preterm newborn needs ≈ 100 kJ/day, 635 kg ≈ 31 000.
 * - impedance 10–10 000 Ω: whole-body bio-impedance is 300–1000 Ω; the 0x2A9C field reaches 6553.5 Ω.
 * - battery level 0–100 %: the 0x2A19 range.
 */
export const PHYSIOLOGICAL_RANGES = {
  'heart-rate': { '/min': [15, 350] },
  'rr-interval': { ms: [100, 30_000] },
  'energy-expended': { kJ: [0, 65_535] },
  spo2: { '%': [20, 100] },
  'pulse-rate': { '/min': [15, 350] },
  'pulse-amplitude-index': { '%': [0, 100] },
  'body-temperature': { Cel: [10, 47], '[degF]': [50, 116.6] },
  'bp-systolic': { 'mm[Hg]': [20, 400], kPa: [2.6, 53.4] },
  'bp-diastolic': { 'mm[Hg]': [10, 400], kPa: [1.3, 53.4] },
  'bp-mean': { 'mm[Hg]': [10, 400], kPa: [1.3, 53.4] },
  'cuff-pressure': { 'mm[Hg]': [-10, 400], kPa: [-1.4, 53.4] },
  glucose: { 'mmol/L': [0.2, 160], 'mg/dL': [3.6, 2883] },
  'body-weight': { kg: [0.2, 700], '[lb_av]': [0.44, 1544] },
  bmi: { 'kg/m2': [3, 250] },
  'body-height': { m: [0.15, 3], '[in_i]': [5.9, 118.2] },
  'body-fat': { '%': [0, 100] },
  'basal-metabolism': { kJ: [50, 50_000] },
  'muscle-percentage': { '%': [0, 100] },
  'muscle-mass': { kg: [0, 700], '[lb_av]': [0, 1544] },
  'fat-free-mass': { kg: [0, 700], '[lb_av]': [0, 1544] },
  'soft-lean-mass': { kg: [0, 700], '[lb_av]': [0, 1544] },
  'body-water-mass': { kg: [0, 700], '[lb_av]': [0, 1544] },
  impedance: { Ohm: [10, 10_000] },
  'battery-level': { '%': [0, 100] },
} as const satisfies RangesPerUnit;

/**
 * The physiological plausibility range of `metric` in `unit` (see {@link PHYSIOLOGICAL_RANGES}), or null
 * when `unit` is not a unit `metric` accepts. Pure.
 */
export function physiologicalRangeOf(metric: Metric, unit: string): ValueRange | null {
  const perUnit = PHYSIOLOGICAL_RANGES[metric] as Readonly<Record<string, ValueRange>> | undefined;
  if (perUnit === undefined || !Object.hasOwn(perUnit, unit)) return null;
  return perUnit[unit] ?? null;
}

/**
 * Whether `value` in `unit` is a physiologically possible value of `metric`: finite and inside its range,
 * bounds included. False for a unit the metric does not accept. Pure.
 */
export function isPlausible(metric: Metric, unit: string, value: number): boolean {
  const range = physiologicalRangeOf(metric, unit);
  return range !== null && Number.isFinite(value) && value >= range[0] && value <= range[1];
}
