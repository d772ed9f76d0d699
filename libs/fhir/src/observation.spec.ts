import { describe, expect, it } from '@jest/globals';
import { METRIC_NAMES, type Metric } from '@openward/contracts';
import { everyMetric, point, reading, T0 } from '../test/points.js';
import { parseObservationId } from './ids.js';
import { METRIC_CODINGS } from './metric-codes.js';
import { groupByReading, isPatientObservation, readingObservations } from './observation.js';
import { EXTENSIONS, SYSTEMS, VITAL_SIGNS_PROFILES } from './systems.js';
import type { Observation } from './types.js';

const codes = (o: Observation, system: string) =>
  (o.code.coding ?? []).filter((c) => c.system === system).map((c) => c.code);
const categories = (o: Observation) => (o.category ?? []).flatMap((c) => c.coding ?? []).map((c) => c.code);

describe('readingObservations, one metric at a time', () => {
  const single = METRIC_NAMES.filter((m) => METRIC_CODINGS[m].shape !== 'bp-component');

  it.each(single)('maps %s to one coded Observation with a UCUM value', (metric: Metric) => {
    const p = point(metric);
    const [obs, ...rest] = readingObservations('p-1001', [p]);
    expect(rest).toEqual([]);
    const c = METRIC_CODINGS[metric];
    expect(obs!.status).toBe('final');
    expect(codes(obs!, SYSTEMS.mdc)).toEqual(c.mdc ? [c.mdc.code] : []);
    expect(codes(obs!, SYSTEMS.openwardMetric)).toEqual([metric]);
    expect(obs!.valueQuantity?.system).toBe(SYSTEMS.ucum);
    expect(obs!.effectiveDateTime).toBe(p.measuredAt);
    expect(obs!.issued).toBe(p.storedAt);
    expect(categories(obs!)).toEqual(c.vitalSign ? ['phd', 'vital-signs'] : ['phd']);
    expect(obs!.meta?.profile).toEqual(c.profile ? [c.profile] : undefined);
    expect(obs!.device).toEqual({ reference: `Device/${p.deviceAddress.replace(/:/g, '.')}` });
    expect(obs!.extension).toEqual([
      { url: EXTENSIONS.gatewayDevice, valueReference: { reference: 'Device/gw-demo-home-1' } },
    ]);
    expect(obs!.identifier).toEqual([{ system: SYSTEMS.openwardObservation, value: `${p.readingId}/0` }]);
    expect(parseObservationId(obs!.id!)).toMatchObject({ patientId: 'p-1001', measuredAtMs: T0 });
  });

  it('makes the PHD the subject of a battery level (device status), not the patient', () => {
    const [obs] = readingObservations('p-1001', [point('battery-level')]);
    expect(obs!.subject).toEqual({ reference: 'Device/c0.ff.ee.00.10.01' });
    expect(isPatientObservation(obs!)).toBe(false);
  });

  it('codes SpO2 with MDC 150456 and both LOINC 2708-6 and 59408-5', () => {
    const [obs] = readingObservations('p-1001', [point('spo2')]);
    expect(codes(obs!, SYSTEMS.mdc)).toEqual(['150456']);
    expect(codes(obs!, SYSTEMS.loinc)).toEqual(['2708-6', '59408-5']);
    expect(obs!.valueQuantity).toEqual({ value: 97, unit: '%', system: SYSTEMS.ucum, code: '%' });
  });

  it('codes glucose in mg/dL with LOINC 41653-7 and leaves it out of vital signs', () => {
    const [obs] = readingObservations('p-1001', [point('glucose', { value: 110, unit: 'mg/dL' })]);
    expect(codes(obs!, SYSTEMS.loinc)).toEqual(['41653-7']);
    expect(categories(obs!)).toEqual(['phd']);
  });
});

describe('blood pressure', () => {
  const cuff = reading(['bp-systolic', 'bp-diastolic', 'bp-mean', 'pulse-rate']);

  it('makes one 85354-9 panel with systolic, diastolic and mean components, and the pulse apart', () => {
    const [panel, pulse, ...rest] = readingObservations('p-1001', cuff);
    expect(rest).toEqual([]);
    expect(codes(panel!, SYSTEMS.loinc)).toEqual(['85354-9']);
    expect(codes(panel!, SYSTEMS.mdc)).toEqual(['150020']);
    expect(panel!.valueQuantity).toBeUndefined();
    expect(panel!.meta?.profile).toEqual([VITAL_SIGNS_PROFILES.bloodPressure]);
    expect(
      panel!.component?.map((c) => [
        c.code.coding?.find((x) => x.system === SYSTEMS.loinc)?.code,
        c.valueQuantity?.value,
      ]),
    ).toEqual([
      ['8480-6', 128],
      ['8462-4', 82],
      ['8478-0', 97],
    ]);
    expect(panel!.component?.every((c) => c.valueQuantity?.code === 'mm[Hg]')).toBe(true);
    expect(panel!.identifier?.[0]?.value).toBe(`${cuff[0]!.readingId}/bp`);
    expect(codes(pulse!, SYSTEMS.mdc)).toEqual(['149546']);
    expect(codes(pulse!, SYSTEMS.loinc)).toEqual(['8867-4']);
    expect(panel!.id).not.toBe(pulse!.id);
  });

  it('converts a cuff reporting kPa to mm[Hg]', () => {
    const kpa = reading(['bp-systolic', 'bp-diastolic'], T0, {
      'bp-systolic': 'kPa',
      'bp-diastolic': 'kPa',
    }).map((p) => ({ ...p, value: p.metric === 'bp-systolic' ? 16 : 10.7 }));
    const [panel] = readingObservations('p-1001', kpa);
    expect(panel!.component?.map((c) => c.valueQuantity?.value)).toEqual([120, 80.3]);
  });

  it('claims only the generic vital-signs profile for a panel without diastolic', () => {
    const [panel] = readingObservations('p-1001', reading(['bp-systolic']));
    expect(panel!.meta?.profile).toEqual([VITAL_SIGNS_PROFILES.vitalSigns]);
  });
});

describe('groupByReading', () => {
  it('splits ordered points into readings', () => {
    const groups = groupByReading(everyMetric().flat());
    expect(groups).toHaveLength(everyMetric().length);
    expect(groups[0]!.map((p) => p.metric)).toEqual(['bp-systolic', 'bp-diastolic', 'bp-mean']);
  });
});
