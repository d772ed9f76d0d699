import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import type { MedFloat } from '../medfloat.js';
import { decodeCharacteristic } from '../registry.js';
import type { DateTimeFields } from './date-time.js';
import {
  SENSOR_STATUS_ANNUNCIATION_BITS,
  decodeGlucoseMeasurement,
  encodeGlucoseMeasurement,
  glucoseMeasurementCodec,
  type GlucoseMeasurement,
  type GlucoseMeasurementInput,
  type SensorStatusAnnunciation,
} from './glucose-measurement.js';

// Base Time 2024-03-15 08:30:00 (year 0x07E8 little-endian).
const T = 'e807 03 0f 08 1e 00';
const baseTime: DateTimeFields = { year: 2024, month: 3, day: 15, hours: 8, minutes: 30, seconds: 0 };

const sf = (mantissa: number, exponent: number): MedFloat => ({
  kind: 'number',
  value: Number(`${mantissa}e${exponent}`),
  exponent,
  mantissa,
});

function gm(partial: Partial<GlucoseMeasurement> = {}): GlucoseMeasurement {
  return {
    sequenceNumber: 1,
    baseTime,
    timeOffset: undefined,
    glucoseConcentration: undefined,
    unit: undefined,
    concentrationMgPerDl: undefined,
    concentrationMmolPerL: undefined,
    type: undefined,
    sampleLocation: undefined,
    sensorStatusAnnunciation: undefined,
    contextInformationFollows: false,
    ...partial,
  };
}

function status(...on: (keyof SensorStatusAnnunciation)[]): SensorStatusAnnunciation {
  return Object.fromEntries(
    SENSOR_STATUS_ANNUNCIATION_BITS.map((name) => [name, on.includes(name)]),
  ) as SensorStatusAnnunciation;
}

/** A kg/L reading with every convenience field filled the way the spec says. */
const kgPerL = (m: number, e: number, mgPerDl: number) => ({
  glucoseConcentration: sf(m, e),
  unit: 'kg/L' as const,
  concentrationMgPerDl: mgPerDl,
});

const specialRows = (
  [
    ['NaN', 'ff07', 'nan'],
    ['NRes', '0008', 'nres'],
    ['+INF', 'fe07', '+inf'],
    ['-INF', '0208', '-inf'],
    ['reserved', '0108', 'reserved'],
  ] as const
).map(([label, raw, kind]): ValidRow<GlucoseMeasurement, GlucoseMeasurementInput> => ({
  name: `special SFLOAT ${label} concentration is kept, no mg/dL derived`,
  hex: `02 0100 ${T} ${raw} f1`,
  value: gm({
    glucoseConcentration: { kind },
    unit: 'kg/L',
    type: 'capillary-whole-blood',
    sampleLocation: 'not-available',
  }),
}));

const valid: ValidRow<GlucoseMeasurement, GlucoseMeasurementInput>[] = [
  { name: 'no optional field (flags 0x00)', hex: `00 0100 ${T}`, value: gm() },
  {
    name: 'base time with year/month/day "not known" (0)',
    hex: '00 0100 0000 00 00 17 3b 3b',
    value: gm({ baseTime: { year: 0, month: 0, day: 0, hours: 23, minutes: 59, seconds: 59 } }),
  },
  {
    // 95 mg/dL = 0.00095 kg/L = 95 × 10^-5 → SFLOAT 0xB05F; type 2 (capillary plasma), location 1 (finger).
    name: 'kg/L concentration 95 × 10^-5, capillary plasma at the finger',
    hex: `02 0100 ${T} 5fb0 12`,
    value: gm({ ...kgPerL(95, -5, 95), type: 'capillary-plasma', sampleLocation: 'finger' }),
  },
  {
    name: 'encoder takes a plain number for the concentration',
    hex: `02 0100 ${T} 5fb0 12`,
    input: {
      sequenceNumber: 1,
      baseTime,
      glucoseConcentration: 0.00095,
      unit: 'kg/L',
      type: 2,
      sampleLocation: 1,
    },
    value: gm({ ...kgPerL(95, -5, 95), type: 'capillary-plasma', sampleLocation: 'finger' }),
  },
  {
    // 5.3 mmol/L = 0.0053 mol/L = 53 × 10^-4 → 0xC035; flags bit 2 = mol/L; type 4 venous plasma, location 2 AST.
    name: 'mol/L concentration (flags bit 2) 53 × 10^-4, venous plasma, alternate site',
    hex: `06 0100 ${T} 35c0 24`,
    value: gm({
      glucoseConcentration: sf(53, -4),
      unit: 'mol/L',
      concentrationMmolPerL: 5.3,
      type: 'venous-plasma',
      sampleLocation: 'alternate-site-test',
    }),
  },
  {
    name: 'type 10 control solution, location 4 control solution',
    hex: `02 0100 ${T} 5fb0 4a`,
    value: gm({ ...kgPerL(95, -5, 95), type: 'control-solution', sampleLocation: 'control-solution' }),
  },
  {
    name: 'type 9 interstitial fluid, location 3 earlobe',
    hex: `02 0100 ${T} 5fb0 39`,
    value: gm({ ...kgPerL(95, -5, 95), type: 'interstitial-fluid', sampleLocation: 'earlobe' }),
  },
  {
    name: 'RFU type 0 and RFU location 0 are kept as numbers',
    hex: `02 0100 ${T} 5fb0 00`,
    value: gm({ ...kgPerL(95, -5, 95), type: 0, sampleLocation: 0 }),
  },
  {
    name: 'RFU type 11 and RFU location 5 are kept as numbers',
    hex: `02 0100 ${T} 5fb0 5b`,
    value: gm({ ...kgPerL(95, -5, 95), type: 11, sampleLocation: 5 }),
  },
  ...specialRows,
  { name: 'time offset -60 min (sint16)', hex: `01 0100 ${T} c4ff`, value: gm({ timeOffset: -60 }) },
  { name: 'time offset +32767 min', hex: `01 0100 ${T} ff7f`, value: gm({ timeOffset: 32767 }) },
  { name: 'time offset -32768 min', hex: `01 0100 ${T} 0080`, value: gm({ timeOffset: -32768 }) },
  {
    name: 'sensor status: battery low (bit 0) and time fault (bit 11)',
    hex: `08 0100 ${T} 0108`,
    value: gm({ sensorStatusAnnunciation: status('deviceBatteryLow', 'timeFault') }),
  },
  {
    name: 'sensor status: every defined bit 0-11',
    hex: `08 0100 ${T} ff0f`,
    value: gm({ sensorStatusAnnunciation: status(...SENSOR_STATUS_ANNUNCIATION_BITS) }),
  },
  {
    name: 'sensor status: strip pulled too soon (bit 9) and result too high (bit 5)',
    hex: `08 0100 ${T} 2002`,
    value: gm({ sensorStatusAnnunciation: status('readInterrupted', 'resultHigherThanDeviceCanProcess') }),
  },
  {
    name: 'sensor status RFU bits 12-15 are ignored',
    hex: `08 0100 ${T} 00f0`,
    canonicalHex: `08 0100 ${T} 0000`.replace(/\s/g, ''),
    value: gm({ sensorStatusAnnunciation: status() }),
  },
  {
    name: 'context information follows (flags bit 4)',
    hex: `10 ffff ${T}`,
    value: gm({ sequenceNumber: 65535, contextInformationFollows: true }),
  },
  {
    name: 'every field: offset, mol/L, type/location, status, context follows',
    hex: `1f 3412 ${T} 0f00 35c0 21 0400`,
    value: gm({
      sequenceNumber: 0x1234,
      timeOffset: 15,
      glucoseConcentration: sf(53, -4),
      unit: 'mol/L',
      concentrationMmolPerL: 5.3,
      type: 'capillary-whole-blood',
      sampleLocation: 'alternate-site-test',
      sensorStatusAnnunciation: status('sampleSizeInsufficient'),
      contextInformationFollows: true,
    }),
  },
  {
    name: 'RFU flag bits 5-7 are ignored',
    hex: `e0 0100 ${T}`,
    canonicalHex: `00 0100 ${T}`.replace(/\s/g, ''),
    value: gm(),
  },
  {
    name: 'units bit 2 without concentration (bit 1) carries no meaning',
    hex: `04 0100 ${T}`,
    canonicalHex: `00 0100 ${T}`.replace(/\s/g, ''),
    value: gm(),
  },
  {
    name: 'octets after the last flagged field are ignored',
    hex: `00 0100 ${T} ffff`,
    canonicalHex: `00 0100 ${T}`.replace(/\s/g, ''),
    value: gm(),
  },
];

const full = `1f3412${T.replace(/\s/g, '')}0f0035c0210400`; // 17 octets, every field
runFixtureTable(glucoseMeasurementCodec, {
  valid,
  errors: [
    // Every truncation of the fullest value: each length 0..16 ends inside a field the flags announce.
    ...Array.from({ length: full.length / 2 }, (_, len) => ({
      name: `every-field value cut to ${len} octet(s)`,
      hex: full.slice(0, len * 2),
      code: 'TRUNCATED' as const,
    })),
    { name: 'base time month 13 (RFU)', hex: `00 0100 e807 0d 0f 08 1e 00`, code: 'OUT_OF_RANGE' },
    { name: 'base time hours 24', hex: `00 0100 e807 03 0f 18 1e 00`, code: 'OUT_OF_RANGE' },
    { name: 'base time year 1581', hex: `00 0100 2d06 03 0f 08 1e 00`, code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    { name: 'sequence number 65536', input: { sequenceNumber: 65536, baseTime }, code: 'OUT_OF_RANGE' },
    { name: 'sequence number -1', input: { sequenceNumber: -1, baseTime }, code: 'OUT_OF_RANGE' },
    {
      name: 'time offset 32768',
      input: { sequenceNumber: 1, baseTime, timeOffset: 32768 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'time offset 1.5',
      input: { sequenceNumber: 1, baseTime, timeOffset: 1.5 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'base time month 13',
      input: { sequenceNumber: 1, baseTime: { ...baseTime, month: 13 } },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'concentration without type and location',
      input: { sequenceNumber: 1, baseTime, glucoseConcentration: 0.00095, unit: 'kg/L' },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'type nibble 16',
      input: {
        sequenceNumber: 1,
        baseTime,
        glucoseConcentration: 1,
        unit: 'kg/L',
        type: 16,
        sampleLocation: 1,
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown sample location name',
      input: {
        sequenceNumber: 1,
        baseTime,
        glucoseConcentration: 1,
        unit: 'kg/L',
        type: 1,
        sampleLocation: 'toe' as never,
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unit mg/dL is not a wire unit',
      input: {
        sequenceNumber: 1,
        baseTime,
        glucoseConcentration: 95,
        unit: 'mg/dL' as never,
        type: 1,
        sampleLocation: 1,
      },
      code: 'OUT_OF_RANGE',
    },
  ],
});

describe('Glucose Measurement conveniences', () => {
  it('derives mg/dL exactly from kg/L (× 100000) and mmol/L from mol/L (× 1000)', () => {
    const kg = decodeGlucoseMeasurement(hexToBytes(`02 0100 ${T} 5fb0 12`));
    expect(kg.ok && [kg.value.concentrationMgPerDl, kg.value.concentrationMmolPerL]).toEqual([95, undefined]);
    // 126 × 10^-6 kg/L = 12.6 mg/dL: decimal shift, no binary rounding error.
    const small = decodeGlucoseMeasurement(hexToBytes(`02 0100 ${T} 7ea0 12`));
    expect(small.ok && small.value.concentrationMgPerDl).toBe(12.6);
    const mol = decodeGlucoseMeasurement(hexToBytes(`06 0100 ${T} 35c0 24`));
    expect(mol.ok && [mol.value.concentrationMgPerDl, mol.value.concentrationMmolPerL]).toEqual([
      undefined,
      5.3,
    ]);
  });

  it('is reachable through the registry as 0x2A18', () => {
    const r = decodeCharacteristic('2a18', hexToBytes(`02 0100 ${T} 5fb0 12`));
    expect(r.ok && (r.value as GlucoseMeasurement).concentrationMgPerDl).toBe(95);
  });
});

const dateTime: fc.Arbitrary<DateTimeFields> = fc.record({
  year: fc.oneof(fc.constant(0), fc.integer({ min: 1582, max: 9999 })),
  month: fc.integer({ min: 0, max: 12 }),
  day: fc.integer({ min: 0, max: 31 }),
  hours: fc.integer({ min: 0, max: 23 }),
  minutes: fc.integer({ min: 0, max: 59 }),
  seconds: fc.integer({ min: 0, max: 59 }),
});

/** Flags, sequence number and a valid base time, then random octets: reaches every optional field. */
const plausibleBytes = fc
  .tuple(
    fc.integer({ min: 0, max: 0xff }),
    fc.integer({ min: 0, max: 0xffff }),
    dateTime,
    fc.uint8Array({ maxLength: 12 }),
  )
  .map(([flags, seq, t, tail]) =>
    Uint8Array.from([
      flags,
      seq & 0xff,
      seq >> 8,
      t.year & 0xff,
      t.year >> 8,
      t.month,
      t.day,
      t.hours,
      t.minutes,
      t.seconds,
      ...tail,
    ]),
  );

describe('Glucose Measurement properties', () => {
  it('never throws on random bytes and always answers a result', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 24 }), plausibleBytes), (bytes) => {
        const r = decodeGlucoseMeasurement(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });

  it('whatever decodes re-encodes and decodes to the same value', () => {
    fc.assert(
      fc.property(plausibleBytes, (bytes) => {
        const first = decodeGlucoseMeasurement(bytes);
        if (!first.ok) return;
        const again = encodeGlucoseMeasurement(first.value);
        if (!again.ok) throw new Error(`${again.message} for ${bytesToHex(bytes)}`);
        expect(decodeGlucoseMeasurement(again.value)).toEqual(first);
      }),
    );
  });
});
