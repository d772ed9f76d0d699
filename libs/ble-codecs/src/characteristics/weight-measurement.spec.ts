import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import { TS, TS_HEX, runRandomByteProperties, truncations } from '../fixtures/medical-values.js';
import {
  decodeWeightMeasurement,
  encodeWeightMeasurement,
  weightMeasurementCodec,
  type WeightMeasurement,
  type WeightMeasurementInput,
} from './weight-measurement.js';

const SI_UNITS = { weight: 'kg', height: 'm', bmi: 'kg/m2' } as const;
const IMPERIAL_UNITS = { weight: 'lb', height: 'in', bmi: 'kg/m2' } as const;

function wm(p: Partial<WeightMeasurement>): WeightMeasurement {
  const imperial = p.measurementUnits === 'imperial';
  return {
    measurementUnits: 'SI',
    weight: 70,
    timeStamp: undefined,
    userId: undefined,
    bmi: undefined,
    height: undefined,
    units: imperial ? IMPERIAL_UNITS : SI_UNITS,
    ...p,
  };
}

// 70 kg = 14000 × 0.005 kg (0x36B0); BMI 22.9 = 229 (0x00E5); height 1.75 m = 1750 (0x06D6).
const FULL = `0e b036 ${TS_HEX} 01 e500 d606`;

const valid: ValidRow<WeightMeasurement, WeightMeasurementInput>[] = [
  { name: '70 kg, SI, weight only', hex: '00 b036', value: wm({}) },
  { name: '70.005 kg (one resolution step above)', hex: '00 b136', value: wm({ weight: 70.005 }) },
  {
    name: 'imperial (flags bit 0): 154.32 lb',
    hex: '01 483c',
    value: wm({ measurementUnits: 'imperial', weight: 154.32 }),
  },
  { name: 'lowest weight 0 kg', hex: '00 0000', value: wm({ weight: 0 }) },
  { name: 'highest weight 0xFFFE = 327.67 kg', hex: '00 feff', value: wm({ weight: 327.67 }) },
  {
    name: 'highest weight 0xFFFE = 655.34 lb',
    hex: '01 feff',
    value: wm({ measurementUnits: 'imperial', weight: 655.34 }),
  },
  { name: 'time stamp (flags bit 1)', hex: `02 b036 ${TS_HEX}`, value: wm({ timeStamp: TS }) },
  { name: 'user id (flags bit 2), unknown user 255', hex: '04 b036 ff', value: wm({ userId: 255 }) },
  {
    name: 'BMI and height (flags bit 3), SI',
    hex: '08 b036 e500 d606',
    value: wm({ bmi: 22.9, height: 1.75 }),
  },
  {
    name: 'BMI and height, imperial: 68.9 in',
    hex: '09 483c e500 b102',
    value: wm({ measurementUnits: 'imperial', weight: 154.32, bmi: 22.9, height: 68.9 }),
  },
  {
    name: 'BMI and height at uint16 max',
    hex: '08 b036 ffff ffff',
    value: wm({ bmi: 6553.5, height: 65.535 }),
  },
  {
    name: 'every field, SI (flags 0x0E)',
    hex: FULL,
    value: wm({ timeStamp: TS, userId: 1, bmi: 22.9, height: 1.75 }),
  },
  {
    name: 'every field, imperial (flags 0x0F)',
    hex: `0f 483c ${TS_HEX} 02 e500 b102`,
    value: wm({
      measurementUnits: 'imperial',
      weight: 154.32,
      timeStamp: TS,
      userId: 2,
      bmi: 22.9,
      height: 68.9,
    }),
  },
  {
    name: 'measurement unsuccessful (0xFFFF)',
    hex: '00 ffff',
    value: wm({ weight: 'measurement-unsuccessful' }),
  },
  {
    name: 'measurement unsuccessful with time stamp and user id (allowed by WSS §3.2.1.2)',
    hex: `06 ffff ${TS_HEX} 03`,
    value: wm({ weight: 'measurement-unsuccessful', timeStamp: TS, userId: 3 }),
  },
  { name: 'reserved flag bits 4-7 ignored', hex: 'f0 b036', canonicalHex: '00b036', value: wm({}) },
  { name: 'trailing octets ignored', hex: '00 b036 00', canonicalHex: '00b036', value: wm({}) },
  {
    name: 'encoder rounds to the 0.005 kg resolution (70.002 → 70)',
    hex: '00 b036',
    input: { measurementUnits: 'SI', weight: 70.002 },
    value: wm({}),
  },
];

runFixtureTable(weightMeasurementCodec, {
  valid,
  errors: [
    ...truncations('every-field row', FULL),
    { name: 'BMI flag with BMI but no height', hex: '08 b036 e500', code: 'TRUNCATED' },
    { name: 'measurement unsuccessful with BMI and height', hex: '08 ffff e500 d606', code: 'MALFORMED' },
    { name: 'time stamp month 13', hex: '02 b036 ea07 0d 19 09 1e 0f', code: 'OUT_OF_RANGE' },
    { name: 'time stamp year 1000', hex: '02 b036 e803 01 01 00 00 00', code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    {
      name: 'weight above 327.67 kg',
      input: { measurementUnits: 'SI', weight: 327.675 },
      code: 'OUT_OF_RANGE',
    },
    { name: 'negative weight', input: { measurementUnits: 'SI', weight: -1 }, code: 'OUT_OF_RANGE' },
    { name: 'NaN weight', input: { measurementUnits: 'SI', weight: Number.NaN }, code: 'OUT_OF_RANGE' },
    {
      name: 'unknown unit system',
      input: { measurementUnits: 'metric' as 'SI', weight: 70 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'BMI without height',
      input: { measurementUnits: 'SI', weight: 70, bmi: 22.9 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'height above uint16',
      input: { measurementUnits: 'SI', weight: 70, bmi: 22.9, height: 65.536 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'BMI with an unsuccessful measurement',
      input: { measurementUnits: 'SI', weight: 'measurement-unsuccessful', bmi: 22.9, height: 1.75 },
      code: 'OUT_OF_RANGE',
    },
    { name: 'user id 256', input: { measurementUnits: 'SI', weight: 70, userId: 256 }, code: 'OUT_OF_RANGE' },
  ],
});

runRandomByteProperties(weightMeasurementCodec);

describe('Weight Measurement resolution', () => {
  it('every raw weight decodes to a number that re-encodes to the same raw value (SI and imperial)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xfffe }), fc.boolean(), (raw, imperial) => {
        const bytes = Uint8Array.of(imperial ? 1 : 0, raw & 0xff, raw >> 8);
        const d = decodeWeightMeasurement(bytes);
        expect(d.ok && typeof d.value.weight).toBe('number');
        const e = d.ok ? encodeWeightMeasurement(d.value) : d;
        expect(e.ok && Array.from(e.value)).toEqual(Array.from(bytes));
      }),
    );
  });
});
