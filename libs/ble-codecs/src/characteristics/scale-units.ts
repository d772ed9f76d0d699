/**
 * Units and resolutions shared by Weight Measurement (0x2A9D, Weight Scale Service (WSS) v1.0 §3.2) and
 * Body Composition Measurement (0x2A9C, Body Composition Service (BCS) v1.0 §3.2); GSS v8 §3.239, §3.34.
 * Flags bit 0 "Measurement Units" selects SI (kg, m) or Imperial (lb, in) for every mass and height field.
 */

/** Flags bit 0 of 0x2A9D and 0x2A9C. */
export type MeasurementUnits = 'SI' | 'imperial';

/** Mass fields: uint16, 0.005 kg (SI) or 0.01 lb (Imperial) per step, i.e. 200 or 100 steps per unit. */
export const MASS_STEPS_PER_UNIT: Record<MeasurementUnits, number> = { SI: 200, imperial: 100 };
/** Height fields: uint16, 0.001 m (SI) or 0.1 in (Imperial) per step. */
export const HEIGHT_STEPS_PER_UNIT: Record<MeasurementUnits, number> = { SI: 1000, imperial: 10 };

/** Unit names of the mass and height fields per measurement system. */
export const MASS_UNIT = { SI: 'kg', imperial: 'lb' } as const;
export const HEIGHT_UNIT = { SI: 'm', imperial: 'in' } as const;

/**
 * "Measurement Unsuccessful" (WSS v1.0 §3.2.1.2 Weight field, BCS v1.0 §3.2.1.2 Body Fat Percentage
 * field): the special value 0xFFFF of the mandatory field.
 */
export const MEASUREMENT_UNSUCCESSFUL_RAW = 0xffff;

/** How a decoded value spells "Measurement Unsuccessful". */
export const MEASUREMENT_UNSUCCESSFUL = 'measurement-unsuccessful';
export type MeasurementUnsuccessful = typeof MEASUREMENT_UNSUCCESSFUL;

/** Whether `v` is one of the two measurement systems. */
export function isMeasurementUnits(v: unknown): v is MeasurementUnits {
  return v === 'SI' || v === 'imperial';
}
