/**
 * The vital-sign metrics OpenWard stores, each with its UCUM units (canonical first; a reading carries the
 * unit the device reported) and codes (IEEE 11073 MDC, LOINC). Source: ../shared/reference/clinical.md §1
 * (PHD IG conventions). `null` = no code in the reference; codes marked "verify in RTMMS" there are kept as
 * given. Units are UCUM case-sensitive codes.
 */
export const METRICS = {
  'heart-rate': {
    unit: '/min',
    units: ['/min'],
    mdc: 147842,
    loinc: '8867-4',
    display: 'Heart rate',
    displayUnit: 'bpm',
  },
  'rr-interval': {
    unit: 'ms',
    units: ['ms'],
    mdc: 147240,
    loinc: null,
    display: 'RR interval',
    displayUnit: 'ms',
  },
  'energy-expended': {
    unit: 'kJ',
    units: ['kJ'],
    mdc: null,
    loinc: null,
    display: 'Energy expended',
    displayUnit: 'kJ',
  },
  spo2: { unit: '%', units: ['%'], mdc: 150456, loinc: '2708-6', display: 'SpO₂', displayUnit: '%' },
  'pulse-rate': {
    unit: '/min',
    units: ['/min'],
    mdc: 149530,
    loinc: '8867-4',
    display: 'Pulse rate',
    displayUnit: 'bpm',
  },
  'pulse-amplitude-index': {
    unit: '%',
    units: ['%'],
    mdc: null,
    loinc: null,
    display: 'Pulse amplitude index',
    displayUnit: '%',
  },
  'body-temperature': {
    unit: 'Cel',
    units: ['Cel', '[degF]'],
    mdc: 150364,
    loinc: '8310-5',
    display: 'Temperature',
    displayUnit: '°C',
  },
  'bp-systolic': {
    unit: 'mm[Hg]',
    units: ['mm[Hg]', 'kPa'],
    mdc: 150021,
    loinc: '8480-6',
    display: 'Systolic BP',
    displayUnit: 'mmHg',
  },
  'bp-diastolic': {
    unit: 'mm[Hg]',
    units: ['mm[Hg]', 'kPa'],
    mdc: 150022,
    loinc: '8462-4',
    display: 'Diastolic BP',
    displayUnit: 'mmHg',
  },
  'bp-mean': {
    unit: 'mm[Hg]',
    units: ['mm[Hg]', 'kPa'],
    mdc: 150023,
    loinc: '8478-0',
    display: 'Mean arterial pressure',
    displayUnit: 'mmHg',
  },
  'cuff-pressure': {
    unit: 'mm[Hg]',
    units: ['mm[Hg]', 'kPa'],
    mdc: null,
    loinc: null,
    display: 'Cuff pressure',
    displayUnit: 'mmHg',
  },
  glucose: {
    unit: 'mmol/L',
    units: ['mmol/L', 'mg/dL'],
    mdc: 160184,
    loinc: '14743-9',
    display: 'Glucose',
    displayUnit: 'mmol/L',
  },
  'body-weight': {
    unit: 'kg',
    units: ['kg', '[lb_av]'],
    mdc: 188736,
    loinc: '29463-7',
    display: 'Body weight',
    displayUnit: 'kg',
  },
  bmi: {
    unit: 'kg/m2',
    units: ['kg/m2'],
    mdc: 188752,
    loinc: '39156-5',
    display: 'BMI',
    displayUnit: 'kg/m²',
  },
  'body-height': {
    unit: 'm',
    units: ['m', '[in_i]'],
    mdc: 188740,
    loinc: '8302-2',
    display: 'Body height',
    displayUnit: 'm',
  },
  'body-fat': { unit: '%', units: ['%'], mdc: null, loinc: null, display: 'Body fat', displayUnit: '%' },
  'basal-metabolism': {
    unit: 'kJ',
    units: ['kJ'],
    mdc: null,
    loinc: null,
    display: 'Basal metabolism',
    displayUnit: 'kJ',
  },
  'muscle-percentage': {
    unit: '%',
    units: ['%'],
    mdc: null,
    loinc: null,
    display: 'Muscle',
    displayUnit: '%',
  },
  'muscle-mass': {
    unit: 'kg',
    units: ['kg', '[lb_av]'],
    mdc: null,
    loinc: null,
    display: 'Muscle mass',
    displayUnit: 'kg',
  },
  'fat-free-mass': {
    unit: 'kg',
    units: ['kg', '[lb_av]'],
    mdc: null,
    loinc: null,
    display: 'Fat-free mass',
    displayUnit: 'kg',
  },
  'soft-lean-mass': {
    unit: 'kg',
    units: ['kg', '[lb_av]'],
    mdc: null,
    loinc: null,
    display: 'Soft lean mass',
    displayUnit: 'kg',
  },
  'body-water-mass': {
    unit: 'kg',
    units: ['kg', '[lb_av]'],
    mdc: null,
    loinc: null,
    display: 'Body water mass',
    displayUnit: 'kg',
  },
  impedance: { unit: 'Ohm', units: ['Ohm'], mdc: null, loinc: null, display: 'Impedance', displayUnit: 'Ω' },
  'battery-level': { unit: '%', units: ['%'], mdc: 67996, loinc: null, display: 'Battery', displayUnit: '%' },
} as const satisfies Record<
  string,
  {
    unit: string;
    units: readonly string[];
    mdc: number | null;
    loinc: string | null;
    display: string;
    displayUnit: string;
  }
>;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

/** Canonical UCUM unit of a metric. */
export function unitOf(metric: Metric): (typeof METRICS)[Metric]['unit'] {
  return METRICS[metric].unit;
}

/** Whether `unit` is a UCUM unit OpenWard accepts for `metric`. */
export function isUnitOf(metric: Metric, unit: string): boolean {
  return (METRICS[metric].units as readonly string[]).includes(unit);
}
