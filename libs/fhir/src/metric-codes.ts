/**
 * How each OpenWard metric (contracts METRICS) is coded in FHIR, per the PHD IG rules in
 * ../shared/reference/clinical.md §1: the MDC coding always (when the metric has one), LOINC when the
 * measurement is a FHIR vital sign, UCUM units, the vital-signs category for vital signs. Every metric also
 * carries OpenWard's own coding so that the ones with no MDC or LOINC code (e.g. body-composition outputs)
 * remain searchable. Pure data and functions.
 */
import { METRICS, type Metric } from '@openward/contracts';
import { SYSTEMS, VITAL_SIGNS_PROFILES, type VitalSignsProfile } from './systems.js';
import type { Coding, Quantity } from './types.js';

export interface CodeDef {
  readonly code: string;
  readonly display: string;
}

/**
 * - `single`: one Observation per measurement;
 * - `bp-component`: a component of the blood-pressure panel Observation of its reading;
 * - `device-status`: one Observation whose subject is the PHD itself (PHD IG: device status).
 */
export type MetricShape = 'single' | 'bp-component' | 'device-status';

export interface MetricCoding {
  readonly shape: MetricShape;
  /** MDC code and reference id; null when clinical.md gives none. */
  readonly mdc: CodeDef | null;
  /** LOINC codes by unit (glucose: the unit picks the code); `*` applies to every unit. */
  readonly loinc: Readonly<Record<string, readonly CodeDef[]>>;
  /** A FHIR vital sign (vital-signs category + R4 vital-signs profile). */
  readonly vitalSign: boolean;
  /** The specific R4 vital-signs profile, when there is one. */
  readonly profile: VitalSignsProfile | null;
}

const ANY = '*';
const none = {};
const HEART_RATE_LOINC = { [ANY]: [{ code: '8867-4', display: 'Heart rate' }] };

/** MDC code of a pulse rate measured by a blood-pressure cuff (0x2A35), `MDC_PULS_RATE_NON_INV` (clinical.md). */
export const MDC_PULSE_RATE_NON_INVASIVE: CodeDef = { code: '149546', display: 'MDC_PULS_RATE_NON_INV' };
const BLOOD_PRESSURE_MEASUREMENT = '2A35';

/** The blood-pressure panel (PHD compound numeric; R4 `bp` profile). */
export const BP_PANEL = {
  mdc: { code: '150020', display: 'MDC_PRESS_BLD_NONINV' },
  loinc: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
} as const;

/** Component order in the panel: systolic, diastolic, mean. */
export const BP_COMPONENTS = ['bp-systolic', 'bp-diastolic', 'bp-mean'] as const satisfies readonly Metric[];

const single = (
  mdc: CodeDef | null,
  loinc: Readonly<Record<string, readonly CodeDef[]>> = none,
  profile: VitalSignsProfile | null = null,
): MetricCoding => ({ shape: 'single', mdc, loinc, vitalSign: profile !== null, profile });

const bp = (mdc: CodeDef, loinc: CodeDef): MetricCoding => ({
  shape: 'bp-component',
  mdc,
  loinc: { [ANY]: [loinc] },
  vitalSign: true,
  profile: VITAL_SIGNS_PROFILES.bloodPressure,
});

/** The coding of every metric; a `Record<Metric, …>`, so a new metric does not compile until it is mapped. */
export const METRIC_CODINGS: Readonly<Record<Metric, MetricCoding>> = {
  'heart-rate': single(
    { code: '147842', display: 'MDC_ECG_HEART_RATE' },
    HEART_RATE_LOINC,
    VITAL_SIGNS_PROFILES.heartRate,
  ),
  'rr-interval': single({ code: '147240', display: 'MDC_ECG_TIME_PD_RR_GL' }),
  'energy-expended': single(null),
  spo2: single(
    { code: '150456', display: 'MDC_PULS_OXIM_SAT_O2' },
    {
      [ANY]: [
        { code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
        { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
      ],
    },
    VITAL_SIGNS_PROFILES.oxygenSaturation,
  ),
  // From the oximeter; a cuff's pulse uses MDC_PULS_RATE_NON_INV instead (see mdcOf).
  'pulse-rate': single(
    { code: '149530', display: 'MDC_PULS_OXIM_PULS_RATE' },
    HEART_RATE_LOINC,
    VITAL_SIGNS_PROFILES.heartRate,
  ),
  'pulse-amplitude-index': single(null),
  'body-temperature': single(
    { code: '150364', display: 'MDC_TEMP_BODY' },
    { [ANY]: [{ code: '8310-5', display: 'Body temperature' }] },
    VITAL_SIGNS_PROFILES.bodyTemperature,
  ),
  'bp-systolic': bp(
    { code: '150021', display: 'MDC_PRESS_BLD_NONINV_SYS' },
    { code: '8480-6', display: 'Systolic blood pressure' },
  ),
  'bp-diastolic': bp(
    { code: '150022', display: 'MDC_PRESS_BLD_NONINV_DIA' },
    { code: '8462-4', display: 'Diastolic blood pressure' },
  ),
  // 8478-0 is not a FHIR vital sign; clinical.md [POCD-BP] pairs it with 150023.
  'bp-mean': bp(
    { code: '150023', display: 'MDC_PRESS_BLD_NONINV_MEAN' },
    { code: '8478-0', display: 'Mean blood pressure' },
  ),
  'cuff-pressure': single(null),
  // Not a FHIR vital sign: PHD category only.
  glucose: single(
    { code: '160184', display: 'MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD' },
    {
      'mmol/L': [{ code: '14743-9', display: 'Glucose [Moles/volume] in Capillary blood by Glucometer' }],
      'mg/dL': [{ code: '41653-7', display: 'Glucose [Mass/volume] in Capillary blood by Glucometer' }],
    },
  ),
  'body-weight': single(
    { code: '188736', display: 'MDC_MASS_BODY_ACTUAL' },
    { [ANY]: [{ code: '29463-7', display: 'Body weight' }] },
    VITAL_SIGNS_PROFILES.bodyWeight,
  ),
  bmi: single(
    { code: '188752', display: 'MDC_RATIO_MASS_BODY_LEN_SQ' },
    { [ANY]: [{ code: '39156-5', display: 'Body mass index (BMI) [Ratio]' }] },
    VITAL_SIGNS_PROFILES.bmi,
  ),
  'body-height': single(
    { code: '188740', display: 'MDC_LEN_BODY_ACTUAL' },
    { [ANY]: [{ code: '8302-2', display: 'Body height' }] },
    VITAL_SIGNS_PROFILES.bodyHeight,
  ),
  'body-fat': single(null),
  'basal-metabolism': single(null),
  'muscle-percentage': single(null),
  'muscle-mass': single(null),
  'fat-free-mass': single(null),
  'soft-lean-mass': single(null),
  'body-water-mass': single(null),
  impedance: single(null),
  'battery-level': {
    shape: 'device-status',
    mdc: { code: '67996', display: 'MDC_ATTR_VAL_BATT_CHARGE' },
    loinc: none,
    vitalSign: false,
    profile: null,
  },
};

/** The MDC code of a measurement: a pulse rate from a BP cuff is coded apart from an oximeter's. */
export function mdcOf(metric: Metric, characteristic: string): CodeDef | null {
  if (metric === 'pulse-rate' && characteristic.toUpperCase() === BLOOD_PRESSURE_MEASUREMENT) {
    return MDC_PULSE_RATE_NON_INVASIVE;
  }
  return METRIC_CODINGS[metric].mdc;
}

/** LOINC codes of a metric measured in `unit` (the FHIR unit, after {@link toFhirQuantity}). */
export function loincOf(metric: Metric, unit: string): readonly CodeDef[] {
  const l = METRIC_CODINGS[metric].loinc;
  return l[unit] ?? l[ANY] ?? [];
}

/** The codings of a measurement's Observation.code (or component code): MDC, LOINC, then OpenWard's. */
export function metricCodings(metric: Metric, unit: string, characteristic: string): Coding[] {
  const mdc = mdcOf(metric, characteristic);
  return [
    ...(mdc ? [{ system: SYSTEMS.mdc, code: mdc.code, display: mdc.display }] : []),
    ...loincOf(metric, unit).map((l) => ({ system: SYSTEMS.loinc, code: l.code, display: l.display })),
    { system: SYSTEMS.openwardMetric, code: metric, display: METRICS[metric].display },
  ];
}

/** Every coding a metric's Observations may carry (whatever the unit or source), for code search. */
export function allMetricCodings(metric: Metric): Coding[] {
  const c = METRIC_CODINGS[metric];
  const mdc = [c.mdc, ...(metric === 'pulse-rate' ? [MDC_PULSE_RATE_NON_INVASIVE] : [])].filter(
    (x): x is CodeDef => x !== null,
  );
  return [
    ...mdc.map((m) => ({ system: SYSTEMS.mdc, code: m.code })),
    ...Object.values(c.loinc)
      .flat()
      .map((l) => ({ system: SYSTEMS.loinc, code: l.code })),
    { system: SYSTEMS.openwardMetric, code: metric },
  ];
}

/** Human-readable unit labels for `Quantity.unit` (the UCUM code is in `Quantity.code`). */
const UNIT_LABELS: Readonly<Record<string, string>> = {
  Cel: '°C',
  '[degF]': '°F',
  'mm[Hg]': 'mmHg',
  '[lb_av]': 'lb',
  '[in_i]': 'in',
  '/min': '/min',
  'kg/m2': 'kg/m2',
  Ohm: 'Ω',
};

const MMHG_PER_KPA = 7.50062;

/** Rounds away binary noise from unit conversions (e.g. 1.75 m × 100). */
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * A stored value as a UCUM Quantity in the unit FHIR expects: blood pressure in `mm[Hg]` (the R4 `bp` profile
 * fixes it; kPa is converted) and body height in `cm` (the `bodyheight` profile binds cm or [in_i]; OpenWard
 * stores metres). Every other unit is kept as the device reported it.
 */
export function toFhirQuantity(metric: Metric, value: number, unit: string): Quantity {
  let v = value;
  let code = unit;
  if (METRIC_CODINGS[metric].shape === 'bp-component' && unit === 'kPa') {
    v = round(value * MMHG_PER_KPA, 1);
    code = 'mm[Hg]';
  } else if (metric === 'body-height' && unit === 'm') {
    v = round(value * 100, 2);
    code = 'cm';
  }
  return { value: v, unit: UNIT_LABELS[code] ?? code, system: SYSTEMS.ucum, code };
}
