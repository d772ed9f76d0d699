/**
 * The vital-sign metrics OpenWard stores, each with its UCUM unit and codes (IEEE 11073 MDC, LOINC).
 * Source: ../shared/reference/clinical.md §1 (PHD IG conventions). Units are UCUM case-sensitive codes.
 */
export const METRICS = {
  'heart-rate': { unit: '/min', mdc: 147842, loinc: '8867-4', display: 'Heart rate', displayUnit: 'bpm' },
  'rr-interval': { unit: 'ms', mdc: 147240, loinc: null, display: 'RR interval', displayUnit: 'ms' },
  'energy-expended': { unit: 'kJ', mdc: null, loinc: null, display: 'Energy expended', displayUnit: 'kJ' },
  spo2: { unit: '%', mdc: 150456, loinc: '2708-6', display: 'SpO₂', displayUnit: '%' },
  'pulse-rate': { unit: '/min', mdc: 149530, loinc: '8867-4', display: 'Pulse rate', displayUnit: 'bpm' },
  'body-temperature': {
    unit: 'Cel',
    mdc: 150364,
    loinc: '8310-5',
    display: 'Temperature',
    displayUnit: '°C',
  },
  'bp-systolic': {
    unit: 'mm[Hg]',
    mdc: 150021,
    loinc: '8480-6',
    display: 'Systolic BP',
    displayUnit: 'mmHg',
  },
  'bp-diastolic': {
    unit: 'mm[Hg]',
    mdc: 150022,
    loinc: '8462-4',
    display: 'Diastolic BP',
    displayUnit: 'mmHg',
  },
  'bp-mean': {
    unit: 'mm[Hg]',
    mdc: 150023,
    loinc: '8478-0',
    display: 'Mean arterial pressure',
    displayUnit: 'mmHg',
  },
  glucose: { unit: 'mmol/L', mdc: 160368, loinc: '15074-8', display: 'Glucose', displayUnit: 'mmol/L' },
  'body-weight': { unit: 'kg', mdc: 188736, loinc: '29463-7', display: 'Body weight', displayUnit: 'kg' },
  'battery-level': { unit: '%', mdc: null, loinc: null, display: 'Battery', displayUnit: '%' },
} as const;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

/** UCUM unit of a metric. */
export function unitOf(metric: Metric): (typeof METRICS)[Metric]['unit'] {
  return METRICS[metric].unit;
}
