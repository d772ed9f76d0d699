import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import {
  HEART_RATE_MEASUREMENT_UNITS as units,
  decodeHeartRateMeasurement,
  encodeHeartRateMeasurement,
  heartRateMeasurementCodec,
  msToRrInterval,
  rrIntervalToMs,
  type HeartRateMeasurement,
  type HeartRateMeasurementInput,
} from './heart-rate-measurement.js';

function hrm(partial: Partial<HeartRateMeasurement> & { heartRate: number }): HeartRateMeasurement {
  const rrIntervals = partial.rrIntervals ?? [];
  return {
    heartRateFormat: 'uint8',
    sensorContact: 'not-supported',
    energyExpended: undefined,
    ...partial,
    rrIntervals,
    rrIntervalsMs: rrIntervals.map((v) => (v * 1000) / 1024),
    units,
  };
}

const valid: ValidRow<HeartRateMeasurement, HeartRateMeasurementInput>[] = [
  { name: 'uint8 72 bpm, contact not supported', hex: '00 48', value: hrm({ heartRate: 72 }) },
  { name: 'uint8 0 bpm (lowest value)', hex: '00 00', value: hrm({ heartRate: 0 }) },
  { name: 'uint8 255 bpm (highest uint8)', hex: '00 ff', value: hrm({ heartRate: 255 }) },
  {
    name: 'sensor contact supported, not detected (bits 1-2 = 0b10)',
    hex: '04 48',
    value: hrm({ heartRate: 72, sensorContact: 'not-detected' }),
  },
  {
    name: 'sensor contact supported and detected (bits 1-2 = 0b11)',
    hex: '06 48',
    value: hrm({ heartRate: 72, sensorContact: 'detected' }),
  },
  {
    name: 'bit 1 without bit 2 means not supported (non-canonical)',
    hex: '02 48',
    canonicalHex: '0048',
    value: hrm({ heartRate: 72 }),
  },
  {
    name: 'uint16 format, 300 bpm',
    hex: '01 2c01',
    value: hrm({ heartRate: 300, heartRateFormat: 'uint16' }),
  },
  {
    name: 'uint16 format carrying a small value keeps its format',
    hex: '01 4800',
    value: hrm({ heartRate: 72, heartRateFormat: 'uint16' }),
  },
  {
    name: 'uint16 65535 bpm (highest uint16)',
    hex: '01 ffff',
    value: hrm({ heartRate: 65535, heartRateFormat: 'uint16' }),
  },
  {
    name: 'encoder picks uint16 by itself above 255',
    hex: '01 0001',
    input: { heartRate: 256 },
    value: hrm({ heartRate: 256, heartRateFormat: 'uint16' }),
  },
  {
    name: 'energy expended 1000 kJ',
    hex: '0e 48 e803',
    value: hrm({ heartRate: 72, sensorContact: 'detected', energyExpended: 1000 }),
  },
  {
    name: 'energy expended saturated at 65535 kJ',
    hex: '08 48 ffff',
    value: hrm({ heartRate: 72, energyExpended: 65535 }),
  },
  {
    name: 'one RR interval (854/1024 s = 833.984375 ms)',
    hex: '16 48 5603',
    value: hrm({ heartRate: 72, sensorContact: 'detected', rrIntervals: [854] }),
  },
  {
    name: 'three RR intervals',
    hex: '16 48 5603 6003 4c03',
    value: hrm({ heartRate: 72, sensorContact: 'detected', rrIntervals: [854, 864, 844] }),
  },
  {
    name: 'every field: uint16 rate, contact, energy, two RR intervals',
    hex: '1f 4800 e803 5603 6003',
    value: hrm({
      heartRate: 72,
      heartRateFormat: 'uint16',
      sensorContact: 'detected',
      energyExpended: 1000,
      rrIntervals: [854, 864],
    }),
  },
  {
    name: 'every field with a single RR interval (short-by-two of the row above is still valid)',
    hex: '1f 4800 e803 5603',
    value: hrm({
      heartRate: 72,
      heartRateFormat: 'uint16',
      sensorContact: 'detected',
      energyExpended: 1000,
      rrIntervals: [854],
    }),
  },
  {
    name: 'nine RR intervals (the most a 20-octet notification holds with uint8 rate)',
    hex: '10 48' + ' 0004'.repeat(9),
    value: hrm({ heartRate: 72, rrIntervals: Array<number>(9).fill(1024) }),
  },
  {
    name: 'reserved flag bits 5-7 set are ignored',
    hex: 'e0 48',
    canonicalHex: '0048',
    value: hrm({ heartRate: 72 }),
  },
  {
    name: 'reserved bits with contact and RR interval',
    hex: 'f6 48 5603',
    canonicalHex: '16485603',
    value: hrm({ heartRate: 72, sensorContact: 'detected', rrIntervals: [854] }),
  },
  {
    name: 'octets after the last field without the RR flag are ignored',
    hex: '06 48 ff',
    canonicalHex: '0648',
    value: hrm({ heartRate: 72, sensorContact: 'detected' }),
  },
];

const full = '1f4800e80356036003'; // every field, 9 octets
runFixtureTable(heartRateMeasurementCodec, {
  valid,
  errors: [
    { name: 'empty buffer', hex: '', code: 'TRUNCATED' },
    { name: 'uint8 format, value missing', hex: '00', code: 'TRUNCATED' },
    { name: 'uint16 format, one value octet', hex: '01 48', code: 'TRUNCATED' },
    { name: 'energy flag, no energy octets', hex: '08 48', code: 'TRUNCATED' },
    { name: 'energy flag, one energy octet', hex: '08 48 e8', code: 'TRUNCATED' },
    { name: 'RR flag, no RR octets', hex: '10 48', code: 'TRUNCATED' },
    { name: 'RR flag, trailing odd octet', hex: '10 48 5603 60', code: 'TRUNCATED' },
    // Every-field row cut short by 1..9 octets (short-by-two is a valid single-RR row, see valid table).
    ...[1, 3, 4, 5, 6, 7, 8, 9].map((shortBy) => ({
      name: `every-field row short by ${shortBy}`,
      hex: full.slice(0, full.length - shortBy * 2),
      code: 'TRUNCATED' as const,
    })),
  ],
  encodeErrors: [
    {
      name: 'uint8 format above 255',
      input: { heartRate: 256, heartRateFormat: 'uint8' },
      code: 'OUT_OF_RANGE',
    },
    { name: 'uint16 above 65535', input: { heartRate: 65536 }, code: 'OUT_OF_RANGE' },
    { name: 'negative heart rate', input: { heartRate: -1 }, code: 'OUT_OF_RANGE' },
    { name: 'fractional heart rate', input: { heartRate: 72.5 }, code: 'OUT_OF_RANGE' },
    { name: 'NaN heart rate', input: { heartRate: Number.NaN }, code: 'OUT_OF_RANGE' },
    { name: 'energy above uint16', input: { heartRate: 72, energyExpended: 65536 }, code: 'OUT_OF_RANGE' },
    { name: 'negative RR interval', input: { heartRate: 72, rrIntervals: [800, -1] }, code: 'OUT_OF_RANGE' },
    {
      name: 'RR interval above uint16',
      input: { heartRate: 72, rrIntervals: [65536] },
      code: 'OUT_OF_RANGE',
    },
  ],
});

describe('RR interval units', () => {
  it('converts 1/1024 s units to milliseconds exactly (raw × 1000 / 1024)', () => {
    expect(rrIntervalToMs(1024)).toBe(1000);
    expect(rrIntervalToMs(854)).toBe(833.984375);
    expect(rrIntervalToMs(1)).toBe(0.9765625);
  });

  it('converts milliseconds back to the nearest raw unit', () => {
    expect(msToRrInterval(1000)).toBe(1024);
    expect(msToRrInterval(833.333)).toBe(853);
  });

  it('reports the UCUM units of the decoded fields', () => {
    const r = decodeHeartRateMeasurement(Uint8Array.of(0x00, 0x48));
    expect(r.ok && r.value.units).toEqual({ heartRate: '/min', energyExpended: 'kJ', rrIntervalsMs: 'ms' });
  });
});

const validInput: fc.Arbitrary<HeartRateMeasurementInput> = fc
  .record({
    heartRateFormat: fc.constantFrom('uint8' as const, 'uint16' as const),
    sensorContact: fc.constantFrom('not-supported' as const, 'not-detected' as const, 'detected' as const),
    energyExpended: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
    rrIntervals: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }),
  })
  .chain((r) =>
    fc
      .integer({ min: 0, max: r.heartRateFormat === 'uint16' ? 0xffff : 0xff })
      .map((heartRate) => ({ ...r, heartRate })),
  );

describe('Heart Rate Measurement properties', () => {
  it('encode → decode returns every field of any valid value', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const bytes = encodeHeartRateMeasurement(input);
        if (!bytes.ok) throw new Error(bytes.message);
        const decoded = decodeHeartRateMeasurement(bytes.value);
        expect(decoded).toEqual({
          ok: true,
          value: {
            heartRate: input.heartRate,
            heartRateFormat: input.heartRateFormat,
            sensorContact: input.sensorContact,
            energyExpended: input.energyExpended,
            rrIntervals: input.rrIntervals,
            rrIntervalsMs: (input.rrIntervals ?? []).map(rrIntervalToMs),
            units,
          },
        });
      }),
    );
  });

  it('whatever random bytes decode to re-encodes and decodes to the same value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const first = decodeHeartRateMeasurement(bytes);
        if (!first.ok) return;
        const again = encodeHeartRateMeasurement(first.value);
        expect(again.ok).toBe(true);
        if (again.ok) expect(decodeHeartRateMeasurement(again.value)).toEqual(first);
      }),
    );
  });
});
