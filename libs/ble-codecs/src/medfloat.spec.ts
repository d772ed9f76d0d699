import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeFloat,
  decodeSfloat,
  encodeFloat,
  encodeSfloat,
  type MedFloat,
  type MedFloatSpecialKind,
} from './medfloat.js';

const num = (mantissa: number, exponent: number, value: number): MedFloat => ({
  kind: 'number',
  value,
  exponent,
  mantissa,
});

// Known SFLOAT codes: exponent = top nibble (signed), mantissa = low 12 bits (signed). Worked by hand and
// cross-checked with the PHD IG table "Mder FLOATs and SFLOATs" (0xF014 = 2.0, 0xE0C8 = 2.00, 0x0B2E = -1234).
const sfloatKnown: Array<[number, MedFloat]> = [
  [0x0000, num(0, 0, 0)],
  [0x0048, num(72, 0, 72)],
  [0xf2ee, num(750, -1, 75)], // 0xF = -1, 0x2EE = 750 → 75.0
  [0xf16e, num(366, -1, 36.6)], // 36.6 °C
  [0xf014, num(20, -1, 2)],
  [0xe0c8, num(200, -2, 2)],
  [0x1002, num(2, 1, 20)],
  [0x2002, num(2, 2, 200)],
  [0x04d2, num(1234, 0, 1234)],
  [0x0b2e, num(-1234, 0, -1234)], // 0xB2E = 2862 - 4096
  [0xffff, num(-1, -1, -0.1)],
  [0x8001, num(1, -8, 1e-8)], // smallest exponent
  [0x77fd, num(2045, 7, 2.045e10)], // largest finite magnitude
  [0x0803, num(-2045, 0, -2045)], // most negative finite mantissa
];

const sfloatSpecial: Array<[number, MedFloatSpecialKind]> = [
  [0x07ff, 'nan'],
  [0x0800, 'nres'],
  [0x07fe, '+inf'],
  [0x0802, '-inf'],
  [0x0801, 'reserved'],
];

const floatKnown: Array<[number, MedFloat]> = [
  [0x00000002, num(2, 0, 2)],
  [0xff000014, num(20, -1, 2)],
  [0xfe0000c8, num(200, -2, 2)],
  [0x01000002, num(2, 1, 20)],
  [0x00fffb2e, num(-1234, 0, -1234)],
  [0xff00016e, num(366, -1, 36.6)],
  [0x007ffffd, num(8388605, 0, 8388605)],
  [0x00800003, num(-8388605, 0, -8388605)],
  [0x80000001, num(1, -128, 1e-128)],
];

const floatSpecial: Array<[number, MedFloatSpecialKind]> = [
  [0x007fffff, 'nan'],
  [0x00800000, 'nres'],
  [0x007ffffe, '+inf'],
  [0x00800002, '-inf'],
  [0x00800001, 'reserved'],
];

const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;

describe('SFLOAT (IEEE 11073-20601 16-bit)', () => {
  it.each(sfloatKnown.map(([raw, v]) => [hex(raw), raw, v] as const))('decodes %s', (_h, raw, v) => {
    expect(decodeSfloat(raw)).toEqual(v);
  });

  it.each(sfloatKnown.map(([raw, v]) => [hex(raw), raw, v] as const))(
    'encodes %s byte-exact from its parts',
    (_h, raw, v) => {
      expect(encodeSfloat(v)).toBe(raw);
    },
  );

  it.each(sfloatSpecial.map(([raw, k]) => [hex(raw), raw, k] as const))(
    '%s is the special value',
    (_h, raw, kind) => {
      expect(decodeSfloat(raw)).toEqual({ kind });
      expect(encodeSfloat({ kind })).toBe(raw);
    },
  );

  it('decodes a reserved mantissa with a non-zero exponent as reserved, not a number', () => {
    expect(decodeSfloat(0x17ff)).toEqual({ kind: 'reserved' });
    expect(decodeSfloat(0xf800)).toEqual({ kind: 'reserved' });
    expect(decodeSfloat(0x2802)).toEqual({ kind: 'reserved' });
  });

  it.each([
    [72, 0x0048],
    [36.6, 0xf16e],
    [75, 0x004b], // a plain number carries no precision: the shortest exact form is chosen
    [0.1 + 0.2, 0xf003],
    [-0.1, 0xffff],
    [2046, 0x10cd], // needs exponent 1: 205 × 10 = 2050, the nearest representable value
    [123456, 0x24d3], // 1235 × 10^2
    [0, 0x0000],
    [-0, 0x0000],
    [1e-9, 0x0000], // below 0.5 × 10^-8 rounds to zero
    [1e12, 0x07fe],
    [-1e12, 0x0802],
    [Number.NaN, 0x07ff],
    [Number.POSITIVE_INFINITY, 0x07fe],
    [Number.NEGATIVE_INFINITY, 0x0802],
  ])('encodes the number %p as 0x%s', (value, raw) => {
    expect(encodeSfloat(value)).toBe(raw);
  });

  it('re-normalises a mantissa/exponent pair that does not fit', () => {
    expect(encodeSfloat({ kind: 'number', mantissa: 20450, exponent: -1 })).toBe(0x07fd);
  });

  it('every 16-bit code decodes without throwing and each number re-encodes to the same code', () => {
    for (let raw = 0; raw <= 0xffff; raw++) {
      const v = decodeSfloat(raw);
      if (v.kind === 'number') expect(encodeSfloat(v)).toBe(raw);
      else if ((raw & 0xf000) === 0) expect(encodeSfloat(v)).toBe(raw);
      else expect(v.kind).toBe('reserved');
    }
  });

  it('encoding a number is accurate to its precision (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -2.045e10, max: 2.045e10, noNaN: true }), (v) => {
        const d = decodeSfloat(encodeSfloat(v));
        expect(d.kind).toBe('number');
        if (d.kind !== 'number') return;
        // Most-precise fit keeps |mantissa| ≥ 205 unless at the smallest exponent: ≤ 0.25 % error.
        const bound = Math.max(0.5e-8, Math.abs(v) * 0.0025) * (1 + 1e-9);
        expect(Math.abs(d.value - v)).toBeLessThanOrEqual(bound);
      }),
    );
  });
});

describe('FLOAT (IEEE 11073-20601 32-bit)', () => {
  it.each(floatKnown.map(([raw, v]) => [hex(raw), raw, v] as const))('decodes %s', (_h, raw, v) => {
    expect(decodeFloat(raw)).toEqual(v);
  });

  it.each(floatKnown.map(([raw, v]) => [hex(raw), raw, v] as const))(
    'encodes %s byte-exact from its parts',
    (_h, raw, v) => {
      expect(encodeFloat(v)).toBe(raw);
    },
  );

  it.each(floatSpecial.map(([raw, k]) => [hex(raw), raw, k] as const))(
    '%s is the special value',
    (_h, raw, kind) => {
      expect(decodeFloat(raw)).toEqual({ kind });
      expect(encodeFloat({ kind })).toBe(raw);
    },
  );

  it('decodes a reserved mantissa with a non-zero exponent as reserved', () => {
    expect(decodeFloat(0x017fffff)).toEqual({ kind: 'reserved' });
    expect(decodeFloat(0xff800000)).toEqual({ kind: 'reserved' });
  });

  it.each([
    [36.6, 0xff00016e],
    [98.6, 0xff0003da],
    [-1234, 0x00fffb2e],
    [1e300, 0x007ffffe],
    [Number.NaN, 0x007fffff],
  ])('encodes the number %p', (value, raw) => {
    expect(encodeFloat(value)).toBe(raw);
  });

  it('any 32-bit code decodes without throwing; numbers re-encode to the same code (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (raw) => {
        const v = decodeFloat(raw);
        if (v.kind === 'number') expect(encodeFloat(v)).toBe(raw);
        else if (raw >>> 24 === 0) expect(encodeFloat(v)).toBe(raw);
        else expect(v.kind).toBe('reserved');
      }),
    );
  });
});
