import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeCharacteristic,
  encodeCharacteristic,
  type KnownCharacteristicUuid,
} from '@openward/ble-codecs';
import { isUnitOf, type Measurement } from '@openward/contracts';
import { mapMeasurements, type MappedReading } from './map-measurements.js';

const ts = { year: 2026, month: 11, day: 25, hours: 9, minutes: 30, seconds: 5 };

/** Encodes with the library encoder and maps what the library decoder makes of the bytes. */
function roundTrip<U extends KnownCharacteristicUuid>(
  uuid: U,
  input: Parameters<typeof encodeCharacteristic<U>>[1],
): MappedReading {
  const bytes = encodeCharacteristic(uuid, input);
  if (!bytes.ok) throw new Error(`${uuid}: ${bytes.message}`);
  const decoded = decodeCharacteristic(uuid, bytes.value);
  if (!decoded.ok) throw new Error(`${uuid}: ${decoded.message}`);
  const mapped = mapMeasurements(uuid, decoded.value);
  if (!mapped) throw new Error(`${uuid}: not mapped`);
  return mapped;
}

interface Row {
  name: string;
  map: () => MappedReading;
  measurements: Measurement[];
  expect?: Partial<MappedReading>;
}

const rows: Row[] = [
  {
    name: '2A37 heart rate with energy and RR',
    map: () => roundTrip('2A37', { heartRate: 72, energyExpended: 10, rrIntervals: [1024] }),
    measurements: [
      { metric: 'heart-rate', value: 72, unit: '/min' },
      { metric: 'energy-expended', value: 10, unit: 'kJ' },
      { metric: 'rr-interval', value: 1000, unit: 'ms' },
    ],
    expect: { deviceTime: null, omitted: 0 },
  },
  {
    name: '2A35 blood pressure in mmHg with time stamp and pulse',
    map: () =>
      roundTrip('2A35', {
        unit: 'mmHg',
        systolic: 121,
        diastolic: 79,
        meanArterialPressure: 93,
        timeStamp: ts,
        pulseRate: 64,
      }),
    measurements: [
      { metric: 'bp-systolic', value: 121, unit: 'mm[Hg]' },
      { metric: 'bp-diastolic', value: 79, unit: 'mm[Hg]' },
      { metric: 'bp-mean', value: 93, unit: 'mm[Hg]' },
      { metric: 'pulse-rate', value: 64, unit: '/min' },
    ],
    expect: { deviceTime: ts },
  },
  {
    name: '2A35 blood pressure in kPa, MAP not available (NaN) omitted',
    map: () =>
      roundTrip('2A35', {
        unit: 'kPa',
        systolic: 16.1,
        diastolic: 10.5,
        meanArterialPressure: { kind: 'nan' },
      }),
    measurements: [
      { metric: 'bp-systolic', value: 16.1, unit: 'kPa' },
      { metric: 'bp-diastolic', value: 10.5, unit: 'kPa' },
    ],
    expect: { omitted: 1, deviceTime: null },
  },
  {
    name: '2A36 intermediate cuff pressure',
    map: () => roundTrip('2A36', { unit: 'mmHg', currentCuffPressure: 152 }),
    measurements: [{ metric: 'cuff-pressure', value: 152, unit: 'mm[Hg]' }],
    expect: { intermediate: true },
  },
  {
    name: '2A1C temperature in Cel with time stamp',
    map: () => roundTrip('2A1C', { unit: 'Cel', temperatureMeasurementValue: 37.4, timeStamp: ts }),
    measurements: [{ metric: 'body-temperature', value: 37.4, unit: 'Cel' }],
    expect: { deviceTime: ts },
  },
  {
    name: '2A1C temperature in degF',
    map: () => roundTrip('2A1C', { unit: 'degF', temperatureMeasurementValue: 99.5 }),
    measurements: [{ metric: 'body-temperature', value: 99.5, unit: '[degF]' }],
  },
  {
    name: '2A1C temperature NRes: no numeric measurement',
    map: () => roundTrip('2A1C', { unit: 'Cel', temperatureMeasurementValue: { kind: 'nres' } }),
    measurements: [],
    expect: { omitted: 1 },
  },
  {
    name: '2A1E intermediate temperature',
    map: () => roundTrip('2A1E', { unit: 'Cel', temperatureMeasurementValue: 36.9 }),
    measurements: [{ metric: 'body-temperature', value: 36.9, unit: 'Cel' }],
    expect: { intermediate: true },
  },
  {
    name: '2A5E PLX spot-check with pulse amplitude index',
    map: () =>
      roundTrip('2A5E', { spo2PrSpotCheck: { spo2: 97, pr: 71 }, timestamp: ts, pulseAmplitudeIndex: 4.2 }),
    measurements: [
      { metric: 'spo2', value: 97, unit: '%' },
      { metric: 'pulse-rate', value: 71, unit: '/min' },
      { metric: 'pulse-amplitude-index', value: 4.2, unit: '%' },
    ],
    expect: { deviceTime: ts },
  },
  {
    name: '2A5E PLX spot-check "device clock not set"',
    map: () =>
      roundTrip('2A5E', { spo2PrSpotCheck: { spo2: 95, pr: 80 }, timestamp: ts, deviceClockNotSet: true }),
    measurements: [
      { metric: 'spo2', value: 95, unit: '%' },
      { metric: 'pulse-rate', value: 80, unit: '/min' },
    ],
    expect: { clockNotSet: true },
  },
  {
    name: '2A5F PLX continuous (normal averaging), +INF pulse omitted',
    map: () =>
      roundTrip('2A5F', {
        spo2PrNormal: { spo2: 93, pr: { kind: '+inf' } },
        spo2PrFast: { spo2: 92, pr: 90 },
      }),
    measurements: [{ metric: 'spo2', value: 93, unit: '%' }],
    expect: { omitted: 1, deviceTime: null },
  },
  {
    name: '2A18 glucose kg/L → mg/dL',
    map: () =>
      roundTrip('2A18', {
        sequenceNumber: 17,
        baseTime: ts,
        timeOffset: -30,
        glucoseConcentration: { kind: 'number', mantissa: 95, exponent: -5 },
        unit: 'kg/L',
        type: 'capillary-whole-blood',
        sampleLocation: 'finger',
        contextInformationFollows: true,
      }),
    measurements: [{ metric: 'glucose', value: 95, unit: 'mg/dL' }],
    expect: { deviceSequence: 17, deviceTime: ts, deviceTimeOffsetMinutes: -30, contextFollows: true },
  },
  {
    name: '2A18 glucose mol/L → mmol/L',
    map: () =>
      roundTrip('2A18', {
        sequenceNumber: 18,
        baseTime: ts,
        glucoseConcentration: { kind: 'number', mantissa: 53, exponent: -4 },
        unit: 'mol/L',
        type: 'capillary-plasma',
        sampleLocation: 'finger',
      }),
    measurements: [{ metric: 'glucose', value: 5.3, unit: 'mmol/L' }],
    expect: { deviceSequence: 18, contextFollows: false },
  },
  {
    name: '2A18 glucose record without concentration',
    map: () => roundTrip('2A18', { sequenceNumber: 19, baseTime: ts }),
    measurements: [],
    expect: { deviceSequence: 19, omitted: 0 },
  },
  {
    name: '2A9D weight SI with BMI and height',
    map: () =>
      roundTrip('2A9D', { measurementUnits: 'SI', weight: 81.5, timeStamp: ts, bmi: 25.2, height: 1.8 }),
    measurements: [
      { metric: 'body-weight', value: 81.5, unit: 'kg' },
      { metric: 'bmi', value: 25.2, unit: 'kg/m2' },
      { metric: 'body-height', value: 1.8, unit: 'm' },
    ],
    expect: { deviceTime: ts },
  },
  {
    name: '2A9D weight imperial',
    map: () => roundTrip('2A9D', { measurementUnits: 'imperial', weight: 180.2, bmi: 24.4, height: 70.5 }),
    measurements: [
      { metric: 'body-weight', value: 180.2, unit: '[lb_av]' },
      { metric: 'bmi', value: 24.4, unit: 'kg/m2' },
      { metric: 'body-height', value: 70.5, unit: '[in_i]' },
    ],
  },
  {
    name: '2A9D weight "measurement unsuccessful"',
    map: () => roundTrip('2A9D', { measurementUnits: 'SI', weight: 'measurement-unsuccessful' }),
    measurements: [],
    expect: { omitted: 1 },
  },
  {
    name: '2A9C body composition SI, every field',
    map: () =>
      roundTrip('2A9C', {
        measurementUnits: 'SI',
        bodyFatPercentage: 22.5,
        timeStamp: ts,
        basalMetabolism: 6500,
        musclePercentage: 40.1,
        muscleMass: 32.5,
        fatFreeMass: 60,
        softLeanMass: 55.5,
        bodyWaterMass: 44,
        impedance: 512.3,
        weight: 78,
        height: 1.75,
      }),
    measurements: [
      { metric: 'body-fat', value: 22.5, unit: '%' },
      { metric: 'basal-metabolism', value: 6500, unit: 'kJ' },
      { metric: 'muscle-percentage', value: 40.1, unit: '%' },
      { metric: 'muscle-mass', value: 32.5, unit: 'kg' },
      { metric: 'fat-free-mass', value: 60, unit: 'kg' },
      { metric: 'soft-lean-mass', value: 55.5, unit: 'kg' },
      { metric: 'body-water-mass', value: 44, unit: 'kg' },
      { metric: 'impedance', value: 512.3, unit: 'Ohm' },
      { metric: 'body-weight', value: 78, unit: 'kg' },
      { metric: 'body-height', value: 1.75, unit: 'm' },
    ],
    expect: { deviceTime: ts },
  },
  {
    name: '2A9C body composition imperial',
    map: () =>
      roundTrip('2A9C', { measurementUnits: 'imperial', bodyFatPercentage: 30, weight: 200.5, height: 68 }),
    measurements: [
      { metric: 'body-fat', value: 30, unit: '%' },
      { metric: 'body-weight', value: 200.5, unit: '[lb_av]' },
      { metric: 'body-height', value: 68, unit: '[in_i]' },
    ],
  },
];

describe('mapMeasurements (decoded GATT value → ReadingV1 measurements)', () => {
  it.each(rows)('$name', (row) => {
    const mapped = row.map();
    expect(mapped.measurements).toEqual(row.measurements);
    for (const m of mapped.measurements) expect(isUnitOf(m.metric, m.unit)).toBe(true);
    if (row.expect) expect(mapped).toMatchObject(row.expect);
  });

  it('returns null for characteristics that are not measurements', () => {
    expect(mapMeasurements('2A19', { level: 50, unit: '%' })).toBeNull();
    expect(mapMeasurements('2A52', { opCode: 'response-code' })).toBeNull();
  });

  it('never throws and only yields finite values in allowed units for any decodable bytes', () => {
    const uuids = ['2A37', '2A35', '2A36', '2A1C', '2A1E', '2A5E', '2A5F', '2A18', '2A9D', '2A9C'];
    fc.assert(
      fc.property(fc.constantFrom(...uuids), fc.uint8Array({ maxLength: 40 }), (uuid, bytes) => {
        const d = decodeCharacteristic(uuid, bytes);
        if (!d.ok) return true;
        const m = mapMeasurements(uuid, d.value);
        return (
          m !== null && m.measurements.every((x) => Number.isFinite(x.value) && isUnitOf(x.metric, x.unit))
        );
      }),
      { numRuns: 2000 },
    );
  });
});
