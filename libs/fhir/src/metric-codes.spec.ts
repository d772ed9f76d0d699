import { describe, expect, it } from '@jest/globals';
import { METRIC_NAMES, METRICS } from '@openward/contracts';
import { loincOf, mdcOf, METRIC_CODINGS, metricCodings, toFhirQuantity } from './metric-codes.js';
import { SYSTEMS } from './systems.js';

describe('METRIC_CODINGS', () => {
  it('maps every metric of contracts METRIC_NAMES', () => {
    const unmapped = METRIC_NAMES.filter((m) => !(m in METRIC_CODINGS));
    expect(unmapped).toEqual([]);
    expect(Object.keys(METRIC_CODINGS).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it.each(METRIC_NAMES)('codes %s with the MDC and LOINC codes of contracts METRICS', (metric) => {
    const c = METRIC_CODINGS[metric];
    expect(c.mdc === null ? null : Number(c.mdc.code)).toBe(METRICS[metric].mdc);
    const canonicalLoinc = loincOf(metric, toFhirQuantity(metric, 1, METRICS[metric].unit).code ?? '');
    expect(canonicalLoinc[0]?.code ?? null).toBe(METRICS[metric].loinc);
  });

  it('marks the FHIR vital signs, each with its R4 profile', () => {
    const vital = METRIC_NAMES.filter((m) => METRIC_CODINGS[m].vitalSign);
    expect(vital).toEqual([
      'heart-rate',
      'spo2',
      'pulse-rate',
      'body-temperature',
      'bp-systolic',
      'bp-diastolic',
      'bp-mean',
      'body-weight',
      'bmi',
      'body-height',
    ]);
    expect(vital.every((m) => METRIC_CODINGS[m].profile !== null)).toBe(true);
  });

  it('keeps glucose out of the vital signs and picks its LOINC code by unit', () => {
    expect(METRIC_CODINGS.glucose.vitalSign).toBe(false);
    expect(loincOf('glucose', 'mmol/L').map((l) => l.code)).toEqual(['14743-9']);
    expect(loincOf('glucose', 'mg/dL').map((l) => l.code)).toEqual(['41653-7']);
  });

  it('codes a pulse rate from a blood-pressure cuff as MDC_PULS_RATE_NON_INV', () => {
    expect(mdcOf('pulse-rate', '2A5E')?.code).toBe('149530');
    expect(mdcOf('pulse-rate', '2a35')?.code).toBe('149546');
  });

  it('puts MDC first, then LOINC, then the OpenWard metric coding', () => {
    expect(metricCodings('spo2', '%', '2A5E').map((c) => `${c.system}|${c.code}`)).toEqual([
      `${SYSTEMS.mdc}|150456`,
      `${SYSTEMS.loinc}|2708-6`,
      `${SYSTEMS.loinc}|59408-5`,
      `${SYSTEMS.openwardMetric}|spo2`,
    ]);
    expect(metricCodings('body-fat', '%', '2A9C').map((c) => c.code)).toEqual(['body-fat']);
  });
});

describe('toFhirQuantity', () => {
  it('keeps the device unit as a UCUM quantity with a readable label', () => {
    expect(toFhirQuantity('body-temperature', 99.1, '[degF]')).toEqual({
      value: 99.1,
      unit: '°F',
      system: 'http://unitsofmeasure.org',
      code: '[degF]',
    });
    expect(toFhirQuantity('heart-rate', 72, '/min')).toMatchObject({ value: 72, code: '/min' });
  });

  it('converts blood pressure in kPa to mm[Hg] (the bp profile fixes the unit)', () => {
    expect(toFhirQuantity('bp-systolic', 16, 'kPa')).toMatchObject({
      value: 120,
      code: 'mm[Hg]',
      unit: 'mmHg',
    });
  });

  it('converts body height from metres to centimetres (bodyheight binds cm or [in_i])', () => {
    expect(toFhirQuantity('body-height', 1.75, 'm')).toMatchObject({ value: 175, code: 'cm' });
    expect(toFhirQuantity('body-height', 69, '[in_i]')).toMatchObject({ value: 69, code: '[in_i]' });
  });
});
