import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import type { MedFloat } from '../medfloat.js';
import { decodeCharacteristic } from '../registry.js';
import {
  GLUCOSE_MEASUREMENT_CONTEXT_UNITS as units,
  decodeGlucoseMeasurementContext,
  encodeGlucoseMeasurementContext,
  glucoseMeasurementContextCodec,
  type GlucoseMeasurementContext,
  type GlucoseMeasurementContextInput,
} from './glucose-measurement-context.js';

const sf = (mantissa: number, exponent: number): MedFloat => ({
  kind: 'number',
  value: Number(`${mantissa}e${exponent}`),
  exponent,
  mantissa,
});

function ctx(partial: Partial<GlucoseMeasurementContext> = {}): GlucoseMeasurementContext {
  return {
    sequenceNumber: 1,
    extendedFlags: undefined,
    carbohydrateId: undefined,
    carbohydrate: undefined,
    carbohydrateGrams: undefined,
    meal: undefined,
    tester: undefined,
    health: undefined,
    exerciseDuration: undefined,
    exerciseDurationOverrun: undefined,
    exerciseIntensity: undefined,
    medicationId: undefined,
    medication: undefined,
    medicationUnit: undefined,
    medicationMilligrams: undefined,
    medicationMillilitres: undefined,
    hbA1c: undefined,
    units,
    ...partial,
  };
}

type Row = ValidRow<GlucoseMeasurementContext, GlucoseMeasurementContextInput>;

const mealRows: Row[] = (
  [
    [1, 'preprandial'],
    [2, 'postprandial'],
    [3, 'fasting'],
    [4, 'casual'],
    [5, 'bedtime'],
    [0, 0],
    [6, 6],
  ] as const
).map(([code, meal]) => ({
  name: `meal code ${code} → ${String(meal)}`,
  hex: `02 0100 0${code}`,
  value: ctx({ meal }),
}));

const valid: Row[] = [
  { name: 'sequence number only (flags 0x00)', hex: '00 0100', value: ctx() },
  {
    // 50 g = 0.05 kg = 5 × 10^-2 → SFLOAT 0xE005; carbohydrate ID 1 = breakfast.
    name: 'carbohydrate: breakfast, 5 × 10^-2 kg (flags bit 0)',
    hex: '01 0100 01 05e0',
    value: ctx({ carbohydrateId: 'breakfast', carbohydrate: sf(5, -2), carbohydrateGrams: 50 }),
  },
  {
    name: 'carbohydrate ID 7 brunch',
    hex: '01 0100 07 05e0',
    value: ctx({ carbohydrateId: 'brunch', carbohydrate: sf(5, -2), carbohydrateGrams: 50 }),
  },
  {
    name: 'RFU carbohydrate ID 8',
    hex: '01 0100 08 05e0',
    value: ctx({ carbohydrateId: 8, carbohydrate: sf(5, -2), carbohydrateGrams: 50 }),
  },
  ...mealRows,
  {
    // Tester = low nibble (2 health care professional), Health = high nibble (1 minor health issues).
    name: 'tester-health 0x12: tester low nibble, health high nibble',
    hex: '04 0100 12',
    value: ctx({ tester: 'health-care-professional', health: 'minor-health-issues' }),
  },
  {
    name: 'tester-health 0x51: self, no health issues',
    hex: '04 0100 51',
    value: ctx({ tester: 'self', health: 'no-health-issues' }),
  },
  {
    name: 'tester-health 0x43: lab test, under stress',
    hex: '04 0100 43',
    value: ctx({ tester: 'lab-test', health: 'under-stress' }),
  },
  {
    name: 'tester-health 0xff: both not available',
    hex: '04 0100 ff',
    value: ctx({ tester: 'not-available', health: 'not-available' }),
  },
  {
    name: 'tester-health RFU nibbles (tester 4, health 0) kept as numbers',
    hex: '04 0100 04',
    value: ctx({ tester: 4, health: 0 }),
  },
  {
    name: 'exercise 3600 s at 50 % (flags bit 3)',
    hex: '08 0100 100e 32',
    value: ctx({ exerciseDuration: 3600, exerciseDurationOverrun: false, exerciseIntensity: 50 }),
  },
  {
    name: 'exercise duration 65535 = overrun',
    hex: '08 0100 ffff 64',
    value: ctx({ exerciseDuration: 65535, exerciseDurationOverrun: true, exerciseIntensity: 100 }),
  },
  {
    // 5 mg = 5 × 10^-6 kg → 0xA005; medication ID 1 rapid acting insulin; bit 5 clear = kilograms.
    name: 'medication in kg: rapid-acting insulin 5 × 10^-6 kg',
    hex: '10 0100 01 05a0',
    value: ctx({
      medicationId: 'rapid-acting-insulin',
      medication: sf(5, -6),
      medicationUnit: 'kg',
      medicationMilligrams: 5,
    }),
  },
  {
    // 0.2 mL = 2 × 10^-4 L → 0xC002; bit 5 set = litres; ID 4 long acting insulin.
    name: 'medication in litres (flags bit 5): long-acting insulin 2 × 10^-4 L',
    hex: '30 0100 04 02c0',
    value: ctx({
      medicationId: 'long-acting-insulin',
      medication: sf(2, -4),
      medicationUnit: 'L',
      medicationMillilitres: 0.2,
    }),
  },
  {
    name: 'RFU medication ID 6 kept as a number',
    hex: '10 0100 06 05a0',
    value: ctx({ medicationId: 6, medication: sf(5, -6), medicationUnit: 'kg', medicationMilligrams: 5 }),
  },
  {
    name: 'medication units bit 5 without medication (bit 4) carries no meaning',
    hex: '20 0100',
    canonicalHex: '000100',
    value: ctx(),
  },
  { name: 'HbA1c 6.5 % (65 × 10^-1, flags bit 6)', hex: '40 0100 41f0', value: ctx({ hbA1c: sf(65, -1) }) },
  { name: 'HbA1c NaN kept', hex: '40 0100 ff07', value: ctx({ hbA1c: { kind: 'nan' } }) },
  {
    name: 'carbohydrate NRes kept, no grams derived',
    hex: '01 0100 02 0008',
    value: ctx({ carbohydrateId: 'lunch', carbohydrate: { kind: 'nres' } }),
  },
  {
    name: 'medication +INF kept, no millilitres derived',
    hex: '30 0100 03 fe07',
    value: ctx({
      medicationId: 'intermediate-acting-insulin',
      medication: { kind: '+inf' },
      medicationUnit: 'L',
    }),
  },
  {
    name: 'medication -INF and reserved SFLOAT kept',
    hex: '50 0100 05 0208 0108',
    value: ctx({
      medicationId: 'pre-mixed-insulin',
      medication: { kind: '-inf' },
      medicationUnit: 'kg',
      hbA1c: { kind: 'reserved' },
    }),
  },
  {
    name: 'extended flags present (bit 7): octet after the sequence number, kept raw',
    hex: '80 0100 00',
    value: ctx({ extendedFlags: 0 }),
  },
  {
    name: 'extended flags 0xa5 before a meal field',
    hex: '82 0100 a5 03',
    value: ctx({ extendedFlags: 0xa5, meal: 'fasting' }),
  },
  {
    name: 'every field, medication in litres, extended flags',
    hex: 'ff 3412 00 02 05e0 02 21 100e 32 04 02c0 41f0',
    value: ctx({
      sequenceNumber: 0x1234,
      extendedFlags: 0,
      carbohydrateId: 'lunch',
      carbohydrate: sf(5, -2),
      carbohydrateGrams: 50,
      meal: 'postprandial',
      tester: 'self',
      health: 'major-health-issues',
      exerciseDuration: 3600,
      exerciseDurationOverrun: false,
      exerciseIntensity: 50,
      medicationId: 'long-acting-insulin',
      medication: sf(2, -4),
      medicationUnit: 'L',
      medicationMillilitres: 0.2,
      hbA1c: sf(65, -1),
    }),
  },
  {
    name: 'encoder takes plain numbers for the SFLOAT fields',
    hex: '41 0100 03 05e0 41f0',
    input: { sequenceNumber: 1, carbohydrateId: 'dinner', carbohydrate: 0.05, hbA1c: 6.5 },
    value: ctx({
      carbohydrateId: 'dinner',
      carbohydrate: sf(5, -2),
      carbohydrateGrams: 50,
      hbA1c: sf(65, -1),
    }),
  },
  {
    name: 'octets after the last flagged field are ignored',
    hex: '02 0100 01 ffff',
    canonicalHex: '02010001',
    value: ctx({ meal: 'preprandial' }),
  },
];

const full = 'ff 3412 00 02 05e0 02 21 100e 32 04 02c0 41f0'.replace(/\s/g, ''); // 17 octets, every field
runFixtureTable(glucoseMeasurementContextCodec, {
  valid,
  errors: Array.from({ length: full.length / 2 }, (_, len) => ({
    name: `every-field value cut to ${len} octet(s)`,
    hex: full.slice(0, len * 2),
    code: 'TRUNCATED' as const,
  })),
  encodeErrors: [
    { name: 'sequence number 65536', input: { sequenceNumber: 65536 }, code: 'OUT_OF_RANGE' },
    { name: 'extended flags 256', input: { sequenceNumber: 1, extendedFlags: 256 }, code: 'OUT_OF_RANGE' },
    {
      name: 'carbohydrate ID without carbohydrate',
      input: { sequenceNumber: 1, carbohydrateId: 'lunch' },
      code: 'OUT_OF_RANGE',
    },
    { name: 'meal 256', input: { sequenceNumber: 1, meal: 256 }, code: 'OUT_OF_RANGE' },
    {
      name: 'carbohydrate ID 256',
      input: { sequenceNumber: 1, carbohydrateId: 256, carbohydrate: 0.05 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'exercise duration without intensity',
      input: { sequenceNumber: 1, exerciseDuration: 60 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown medication ID name',
      input: { sequenceNumber: 1, medicationId: 'insulin' as never, medication: 1, medicationUnit: 'kg' },
      code: 'OUT_OF_RANGE',
    },
    { name: 'unknown meal name', input: { sequenceNumber: 1, meal: 'lunch' as never }, code: 'OUT_OF_RANGE' },
    { name: 'tester without health', input: { sequenceNumber: 1, tester: 'self' }, code: 'OUT_OF_RANGE' },
    {
      name: 'health nibble 16',
      input: { sequenceNumber: 1, tester: 'self', health: 16 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'exercise duration 65536',
      input: { sequenceNumber: 1, exerciseDuration: 65536, exerciseIntensity: 1 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'exercise intensity 256',
      input: { sequenceNumber: 1, exerciseDuration: 1, exerciseIntensity: 256 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'medication without unit',
      input: { sequenceNumber: 1, medicationId: 'pre-mixed-insulin', medication: 1 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'medication unit mL is not a wire unit',
      input: { sequenceNumber: 1, medicationId: 1, medication: 1, medicationUnit: 'mL' as never },
      code: 'OUT_OF_RANGE',
    },
  ],
});

describe('Glucose Measurement Context', () => {
  it('reads the tester from the low nibble and the health from the high nibble', () => {
    const r = decodeGlucoseMeasurementContext(hexToBytes('04 0100 52'));
    expect(r.ok && [r.value.tester, r.value.health]).toEqual([
      'health-care-professional',
      'no-health-issues',
    ]);
  });

  it('is reachable through the registry as 0x2A34 and links by sequence number', () => {
    const r = decodeCharacteristic('2A34', hexToBytes('02 3412 05'));
    expect(r.ok && r.value).toMatchObject({ sequenceNumber: 0x1234, meal: 'bedtime' });
  });
});

describe('Glucose Measurement Context properties', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(typeof decodeGlucoseMeasurementContext(bytes).ok).toBe('boolean');
      }),
    );
  });

  it('whatever decodes re-encodes and decodes to the same value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const first = decodeGlucoseMeasurementContext(bytes);
        if (!first.ok) return;
        const again = encodeGlucoseMeasurementContext(first.value);
        if (!again.ok) throw new Error(`${again.message} for ${bytesToHex(bytes)}`);
        expect(decodeGlucoseMeasurementContext(again.value)).toEqual(first);
      }),
    );
  });
});
