import { METRICS, unitOf, type Metric } from '@openward/contracts';

/**
 * Affine conversions `canonical = a × value + b` from every non-canonical unit a metric accepts (contracts
 * METRICS `units`) to that metric's canonical unit. Used only when one series answer mixes units (DESIGN.md
 * §12.4); stored values are never converted. `a > 0` for every entry, so min and max map to min and max.
 */
const TO_CANONICAL: Readonly<Record<string, { to: string; a: number; b: number }>> = {
  '[degF]': { to: 'Cel', a: 5 / 9, b: (-32 * 5) / 9 },
  // 1 mm[Hg] = 133.322387415 Pa (UCUM).
  kPa: { to: 'mm[Hg]', a: 1000 / 133.322387415, b: 0 },
  // Glucose (C6H12O6, 180.156 g/mol): 1 mmol/L = 18.0156 mg/dL. Only glucose accepts mg/dL.
  'mg/dL': { to: 'mmol/L', a: 1 / 18.0156, b: 0 },
  '[lb_av]': { to: 'kg', a: 0.45359237, b: 0 },
  '[in_i]': { to: 'm', a: 0.0254, b: 0 },
};

/** Units a metric's points may carry, canonical first (contracts METRICS). */
export function unitsOf(metric: Metric): readonly string[] {
  return METRICS[metric].units;
}

/** min / max / sum / count of some points. */
export interface Aggregate {
  min: number;
  max: number;
  sum: number;
  count: number;
}

/**
 * The conversion of `unit` to `metric`'s canonical unit, or null when `unit` is already canonical or is not a
 * unit of that metric (callers then keep it apart; validation makes that impossible for stored points).
 */
export function conversionOf(metric: Metric, unit: string): { a: number; b: number } | null {
  const c = TO_CANONICAL[unit];
  if (!c || c.to !== unitOf(metric)) return null;
  if (!(METRICS[metric].units as readonly string[]).includes(unit)) return null;
  return { a: c.a, b: c.b };
}

/** An aggregate in `unit` expressed in the canonical unit of `metric` (exact for min/max/count; sum affine). */
export function toCanonical(metric: Metric, unit: string, agg: Aggregate): Aggregate {
  const c = conversionOf(metric, unit);
  if (!c) return agg;
  return {
    min: c.a * agg.min + c.b,
    max: c.a * agg.max + c.b,
    sum: c.a * agg.sum + c.b * agg.count,
    count: agg.count,
  };
}
