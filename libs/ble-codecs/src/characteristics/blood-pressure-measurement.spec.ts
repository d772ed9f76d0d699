import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import {
  NAN,
  NEG_INF,
  NRES,
  POS_INF,
  RESERVED,
  TS,
  TS_HEX,
  mf,
  runRandomByteProperties,
  truncations,
} from '../fixtures/medical-values.js';
import type { BloodPressureMeasurementStatus } from './blood-pressure-layout.js';
import {
  bloodPressureMeasurementCodec,
  decodeBloodPressureMeasurement,
  encodeBloodPressureMeasurement,
  type BloodPressureMeasurement,
  type BloodPressureMeasurementInput,
} from './blood-pressure-measurement.js';

function bpm(p: Partial<BloodPressureMeasurement>): BloodPressureMeasurement {
  return {
    unit: 'mmHg',
    systolic: mf(120),
    diastolic: mf(80),
    meanArterialPressure: mf(933, -1),
    timeStamp: undefined,
    pulseRate: undefined,
    pulseRateUnit: '/min',
    userId: undefined,
    measurementStatus: undefined,
    ...p,
  };
}

const status = (p: Partial<BloodPressureMeasurementStatus>): BloodPressureMeasurementStatus => ({
  bodyMovementDetected: false,
  cuffTooLoose: false,
  irregularPulseDetected: false,
  pulseRateRange: 'within-range',
  improperMeasurementPosition: false,
  ...p,
});

// 120 / 80 / 93.3 mmHg: SFLOAT 0x0078, 0x0050, 0xF3A5 (933 × 10^-1).
const COMPOUND = '7800 5000 a5f3';
// Every optional field, mmHg: flags 0x1E, time stamp, pulse 72 (0x0048), user 1, status 0x000D.
const FULL = `1e ${COMPOUND} ${TS_HEX} 4800 01 0d00`;

const valid: ValidRow<BloodPressureMeasurement, BloodPressureMeasurementInput>[] = [
  { name: 'mmHg, compound value only (flags 0x00)', hex: `00 ${COMPOUND}`, value: bpm({}) },
  {
    name: 'kPa (flags bit 0): 16.0 / 10.7 / 12.4 kPa',
    hex: '01 a0f0 6bf0 7cf0',
    value: bpm({
      unit: 'kPa',
      systolic: mf(160, -1),
      diastolic: mf(107, -1),
      meanArterialPressure: mf(124, -1),
    }),
  },
  {
    name: 'time stamp present (flags bit 1)',
    hex: `02 ${COMPOUND} ${TS_HEX}`,
    value: bpm({ timeStamp: TS }),
  },
  {
    name: 'time stamp with unknown year, month and day (0 = not known)',
    hex: `02 ${COMPOUND} 0000 00 00 00 00 00`,
    value: bpm({ timeStamp: { year: 0, month: 0, day: 0, hours: 0, minutes: 0, seconds: 0 } }),
  },
  {
    name: 'time stamp at the upper bounds (9999-12-31 23:59:59)',
    hex: `02 ${COMPOUND} 0f27 0c 1f 17 3b 3b`,
    value: bpm({ timeStamp: { year: 9999, month: 12, day: 31, hours: 23, minutes: 59, seconds: 59 } }),
  },
  {
    name: 'time stamp at the lowest year 1582',
    hex: `02 ${COMPOUND} 2e06 0a 0f 00 00 00`,
    value: bpm({ timeStamp: { year: 1582, month: 10, day: 15, hours: 0, minutes: 0, seconds: 0 } }),
  },
  {
    name: 'pulse rate present (flags bit 2), 72 /min',
    hex: `04 ${COMPOUND} 4800`,
    value: bpm({ pulseRate: mf(72) }),
  },
  { name: 'user id present (flags bit 3)', hex: `08 ${COMPOUND} 03`, value: bpm({ userId: 3 }) },
  { name: 'user id 255 = unknown user', hex: `08 ${COMPOUND} ff`, value: bpm({ userId: 255 }) },
  {
    name: 'measurement status, no condition (flags bit 4)',
    hex: `10 ${COMPOUND} 0000`,
    value: bpm({ measurementStatus: status({}) }),
  },
  {
    name: 'status: body movement, irregular pulse, pulse rate exceeds upper limit (0x000D)',
    hex: `10 ${COMPOUND} 0d00`,
    value: bpm({
      measurementStatus: status({
        bodyMovementDetected: true,
        irregularPulseDetected: true,
        pulseRateRange: 'exceeds-upper-limit',
      }),
    }),
  },
  {
    name: 'status: cuff too loose, pulse below lower limit, improper position (0x0032)',
    hex: `10 ${COMPOUND} 3200`,
    value: bpm({
      measurementStatus: status({
        cuffTooLoose: true,
        pulseRateRange: 'below-lower-limit',
        improperMeasurementPosition: true,
      }),
    }),
  },
  {
    name: 'status: pulse rate range 3 (RFU) kept as reserved',
    hex: `10 ${COMPOUND} 1800`,
    value: bpm({ measurementStatus: status({ pulseRateRange: 'reserved' }) }),
  },
  {
    name: 'status: RFU bits 6-15 ignored',
    hex: `10 ${COMPOUND} c0ff`,
    canonicalHex: `10${COMPOUND.replace(/ /g, '')}0000`,
    value: bpm({ measurementStatus: status({}) }),
  },
  {
    name: 'every field, mmHg (flags 0x1E)',
    hex: FULL,
    value: bpm({
      timeStamp: TS,
      pulseRate: mf(72),
      userId: 1,
      measurementStatus: status({
        bodyMovementDetected: true,
        irregularPulseDetected: true,
        pulseRateRange: 'exceeds-upper-limit',
      }),
    }),
  },
  {
    name: 'every field, kPa (flags 0x1F)',
    hex: `1f a0f0 6bf0 7cf0 ${TS_HEX} 4800 ff 0000`,
    value: bpm({
      unit: 'kPa',
      systolic: mf(160, -1),
      diastolic: mf(107, -1),
      meanArterialPressure: mf(124, -1),
      timeStamp: TS,
      pulseRate: mf(72),
      userId: 255,
      measurementStatus: status({}),
    }),
  },
  {
    name: 'special SFLOATs kept: NaN systolic, NRes diastolic, +INF MAP, -INF pulse',
    hex: '04 ff07 0008 fe07 0208',
    value: bpm({ systolic: NAN, diastolic: NRES, meanArterialPressure: POS_INF, pulseRate: NEG_INF }),
  },
  {
    name: 'reserved SFLOAT code 0x0801 decodes as reserved',
    hex: '00 0108 5000 a5f3',
    value: bpm({ systolic: RESERVED }),
  },
  {
    name: 'reserved SFLOAT mantissa with non-zero exponent (0x17FF) decodes as reserved, re-encodes 0x0801',
    hex: '00 ff17 5000 a5f3',
    canonicalHex: '00 0108 5000 a5f3'.replace(/ /g, ''),
    value: bpm({ systolic: RESERVED }),
  },
  {
    name: 'SFLOAT extremes: 0, largest 2045e7, most negative -2045',
    hex: '00 0000 fd77 0308',
    value: bpm({ systolic: mf(0), diastolic: mf(2045, 7), meanArterialPressure: mf(-2045) }),
  },
  {
    name: 'precision kept: 2.00 (0xE0C8) is not re-encoded as 2',
    hex: '00 c8e0 5000 a5f3',
    value: bpm({ systolic: mf(200, -2) }),
  },
  {
    name: 'reserved flag bits 5-7 ignored',
    hex: `e0 ${COMPOUND}`,
    canonicalHex: `00${COMPOUND.replace(/ /g, '')}`,
    value: bpm({}),
  },
  {
    name: 'octets after the last flagged field are ignored',
    hex: `00 ${COMPOUND} ffff`,
    canonicalHex: `00${COMPOUND.replace(/ /g, '')}`,
    value: bpm({}),
  },
  {
    // A plain number carries no precision: trailing zeros are dropped (120 → 12 × 10^1 = 0x100C).
    name: 'encoder input with plain numbers and partial status',
    hex: '14 0c10 0810 a5f3 4800 0400',
    input: {
      unit: 'mmHg',
      systolic: 120,
      diastolic: 80,
      meanArterialPressure: 93.3,
      pulseRate: 72,
      measurementStatus: { irregularPulseDetected: true },
    },
    value: bpm({
      systolic: mf(12, 1),
      diastolic: mf(8, 1),
      pulseRate: mf(72),
      measurementStatus: status({ irregularPulseDetected: true }),
    }),
  },
];

runFixtureTable(bloodPressureMeasurementCodec, {
  valid,
  errors: [
    ...truncations('every-field row', FULL),
    { name: 'pulse flag without pulse rate', hex: `04 ${COMPOUND}`, code: 'TRUNCATED' },
    { name: 'user id flag without user id', hex: `08 ${COMPOUND}`, code: 'TRUNCATED' },
    { name: 'status flag with one status octet', hex: `10 ${COMPOUND} 0d`, code: 'TRUNCATED' },
    {
      name: 'time stamp flag with six time stamp octets',
      hex: `02 ${COMPOUND} ea070b19091e`,
      code: 'TRUNCATED',
    },
    {
      name: 'truncation wins over an out-of-range time stamp',
      hex: `06 ${COMPOUND} ea07 0d 19 09 1e 0f 48`,
      code: 'TRUNCATED',
    },
    { name: 'time stamp month 13', hex: `02 ${COMPOUND} ea07 0d 19 09 1e 0f`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp year 1581', hex: `02 ${COMPOUND} 2d06 01 01 00 00 00`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp year 10000', hex: `02 ${COMPOUND} 1027 01 01 00 00 00`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp day 32', hex: `02 ${COMPOUND} ea07 01 20 00 00 00`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp hour 24', hex: `02 ${COMPOUND} ea07 01 01 18 00 00`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp minute 60', hex: `02 ${COMPOUND} ea07 01 01 00 3c 00`, code: 'OUT_OF_RANGE' },
    { name: 'time stamp second 60', hex: `02 ${COMPOUND} ea07 01 01 00 00 3c`, code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    { name: 'user id 256', input: { ...bpm({}), userId: 256 }, code: 'OUT_OF_RANGE' },
    { name: 'user id -1', input: { ...bpm({}), userId: -1 }, code: 'OUT_OF_RANGE' },
    { name: 'unknown unit', input: { ...bpm({}), unit: 'psi' as 'kPa' }, code: 'OUT_OF_RANGE' },
    {
      name: 'time stamp month 13',
      input: { ...bpm({}), timeStamp: { ...TS, month: 13 } },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown pulse rate range',
      input: { ...bpm({}), measurementStatus: { pulseRateRange: 'fast' as 'reserved' } },
      code: 'OUT_OF_RANGE',
    },
  ],
});

runRandomByteProperties(bloodPressureMeasurementCodec);

describe('Blood Pressure Measurement encoder', () => {
  it('encodes any valid input so that it decodes to the same fields (property)', () => {
    const sfloat = fc
      .integer({ min: -2045, max: 2045 })
      .chain((m) => fc.integer({ min: -8, max: 7 }).map((e) => mf(m, e)));
    fc.assert(
      fc.property(
        fc.record({
          unit: fc.constantFrom('mmHg' as const, 'kPa' as const),
          systolic: sfloat,
          diastolic: sfloat,
          meanArterialPressure: sfloat,
          pulseRate: fc.option(sfloat, { nil: undefined }),
          userId: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        }),
        (input) => {
          const bytes = encodeBloodPressureMeasurement(input);
          if (!bytes.ok) throw new Error(bytes.message);
          const back = decodeBloodPressureMeasurement(bytes.value);
          expect(back.ok && back.value.unit).toBe(input.unit);
          expect(back.ok && back.value.userId).toBe(input.userId);
          const norm = (v: ReturnType<typeof mf>) => (v.kind === 'number' ? v.value : v.kind);
          expect(back.ok && norm(back.value.systolic)).toBe(norm(input.systolic));
        },
      ),
    );
  });
});
