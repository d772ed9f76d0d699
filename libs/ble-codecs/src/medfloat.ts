/**
 * IEEE 11073-20601 medical floats as carried in GATT characteristics: SFLOAT (16 bit, "medfloat16") and
 * FLOAT (32 bit, "medfloat32"). Value = mantissa × 10^exponent, both signed two's complement
 * (IEEE 11073-20601:2019 §F.8; Bluetooth GATT Specification Supplement (GSS) §2.3).
 *
 * - SFLOAT: exponent = bits 15..12 (4 bit), mantissa = bits 11..0 (12 bit).
 * - FLOAT:  exponent = bits 31..24 (8 bit), mantissa = bits 23..0 (24 bit).
 *
 * Special values are the exact codes with exponent 0 listed by 11073-20601 §F.8:
 * NaN = mantissa 2^(n-1)-1, NRes = -2^(n-1), +INF = 2^(n-1)-2, -INF = -(2^(n-1)-2),
 * reserved = -(2^(n-1)-1), i.e. 0x07FF/0x0800/0x07FE/0x0802/0x0801 and
 * 0x007FFFFF/0x00800000/0x007FFFFE/0x00800002/0x00800001.
 * Decision: these five mantissas are never a number; with a non-zero exponent the code is not defined by
 * the standard, so it decodes as `reserved` (the valid mantissa range is therefore ±(2^(n-1)-3)).
 */

/** A decoded medical float: a finite number with its precision, or one of the special values. */
export type MedFloat =
  | {
      kind: 'number';
      /** mantissa × 10^exponent as a JS number. */
      value: number;
      /** Signed power of ten; it carries the measurement's precision (2.0 ≠ 2.00 in 11073). */
      exponent: number;
      mantissa: number;
    }
  | { kind: 'nan' }
  | { kind: 'nres' }
  | { kind: '+inf' }
  | { kind: '-inf' }
  | { kind: 'reserved' };

export type MedFloatSpecialKind = Exclude<MedFloat['kind'], 'number'>;

/** What the encoders accept: a plain JS number, an exact mantissa/exponent pair, or a special value. */
export type MedFloatInput =
  | number
  | { kind: 'number'; mantissa: number; exponent: number; value?: number }
  | { kind: MedFloatSpecialKind };

interface Layout {
  exponentBits: number;
  mantissaBits: number;
}

const SFLOAT: Layout = { exponentBits: 4, mantissaBits: 12 };
const FLOAT: Layout = { exponentBits: 8, mantissaBits: 24 };

/** The five reserved mantissa field values (unsigned) of a layout, per 11073-20601 §F.8. */
function specials(l: Layout): Record<MedFloatSpecialKind, number> {
  const half = 2 ** (l.mantissaBits - 1);
  return { nan: half - 1, nres: half, '+inf': half - 2, '-inf': half + 2, reserved: half + 1 };
}

const SFLOAT_SPECIALS = specials(SFLOAT);
const FLOAT_SPECIALS = specials(FLOAT);

/** Largest magnitude of a finite mantissa (the codes above it are special values). */
function maxMantissa(l: Layout): number {
  return 2 ** (l.mantissaBits - 1) - 3;
}

function signed(v: number, bits: number): number {
  const half = 2 ** (bits - 1);
  return v >= half ? v - 2 ** bits : v;
}

/**
 * mantissa × 10^exponent as the double nearest to the exact decimal: parsing the decimal string is
 * correctly rounded, whereas 10 ** -128 is itself inexact (1 × 10^-128 would come out as 9.99…e-129).
 */
function scale(mantissa: number, exponent: number): number {
  return Number(`${mantissa}e${exponent}`);
}

function decode(raw: number, l: Layout, sp: Record<MedFloatSpecialKind, number>): MedFloat {
  // `raw` is already a non-negative integer of the layout's width (masked by the public wrappers).
  const mantissaField = raw % 2 ** l.mantissaBits;
  const exponentField = Math.floor(raw / 2 ** l.mantissaBits);
  for (const kind of Object.keys(sp) as MedFloatSpecialKind[]) {
    if (sp[kind] === mantissaField) return exponentField === 0 ? { kind } : { kind: 'reserved' };
  }
  const mantissa = signed(mantissaField, l.mantissaBits);
  const exponent = signed(exponentField, l.exponentBits);
  return { kind: 'number', value: scale(mantissa, exponent), exponent, mantissa };
}

function encodeBits(mantissa: number, exponent: number, l: Layout): number {
  const mField = mantissa < 0 ? mantissa + 2 ** l.mantissaBits : mantissa;
  const eField = exponent < 0 ? exponent + 2 ** l.exponentBits : exponent;
  return eField * 2 ** l.mantissaBits + mField;
}

/** Finds mantissa/exponent for a finite number: the most precise fit, then trailing zeros stripped. */
function fromNumber(v: number, l: Layout, sp: Record<MedFloatSpecialKind, number>): number {
  if (Number.isNaN(v)) return sp.nan;
  const maxM = maxMantissa(l);
  const minE = -(2 ** (l.exponentBits - 1));
  const maxE = 2 ** (l.exponentBits - 1) - 1;
  if (v === 0) return 0;
  for (let e = minE; e <= maxE; e++) {
    let m = Math.round(e <= 0 ? v * 10 ** -e : v / 10 ** e);
    if (Math.abs(m) > maxM) continue;
    if (m === 0) return 0; // below the smallest representable magnitude: rounds to zero
    let exp = e;
    while (m % 10 === 0 && exp < maxE) {
      m /= 10;
      exp += 1;
    }
    return encodeBits(m, exp, l);
  }
  // 11073-20601 §F.8: ±INFINITY stands for values beyond the representable range.
  return v > 0 ? sp['+inf'] : sp['-inf'];
}

function encode(input: MedFloatInput, l: Layout, sp: Record<MedFloatSpecialKind, number>): number {
  if (typeof input === 'number') return fromNumber(input, l, sp);
  if (input.kind !== 'number') return sp[input.kind];
  const { mantissa, exponent } = input;
  const maxE = 2 ** (l.exponentBits - 1) - 1;
  if (
    Number.isInteger(mantissa) &&
    Number.isInteger(exponent) &&
    Math.abs(mantissa) <= maxMantissa(l) &&
    exponent >= -(maxE + 1) &&
    exponent <= maxE
  ) {
    return encodeBits(mantissa, exponent, l);
  }
  const finite = Number.isFinite(mantissa) && Number.isFinite(exponent);
  return fromNumber(finite ? scale(mantissa, exponent) : mantissa * 10 ** exponent, l, sp);
}

/**
 * Decodes a 16-bit SFLOAT (11073-20601 §F.8). Only the low 16 bits of `raw16` are used. Total.
 * @example decodeSfloat(0xF16E) → { kind: 'number', value: 36.6, exponent: -1, mantissa: 366 }
 */
export function decodeSfloat(raw16: number): MedFloat {
  return decode(raw16 & 0xffff, SFLOAT, SFLOAT_SPECIALS);
}

/**
 * Encodes an SFLOAT. A mantissa/exponent pair in range is encoded exactly (precision kept); a JS number
 * is encoded with the most precise fit and trailing zeros removed (72 → 0x0048, 36.6 → 0xF16E); NaN and
 * ±Infinity map to the special values; magnitudes beyond ±2045 × 10^7 become ±INF. Total.
 */
export function encodeSfloat(value: MedFloatInput): number {
  return encode(value, SFLOAT, SFLOAT_SPECIALS);
}

/** Decodes a 32-bit FLOAT (11073-20601 §F.8). Only the low 32 bits of `raw32` are used. Total. */
export function decodeFloat(raw32: number): MedFloat {
  return decode(raw32 >>> 0, FLOAT, FLOAT_SPECIALS);
}

/** Encodes a FLOAT; same rules as {@link encodeSfloat} with a 24-bit mantissa and 8-bit exponent. */
export function encodeFloat(value: MedFloatInput): number {
  return encode(value, FLOAT, FLOAT_SPECIALS);
}

/** The special-value codes, for tests and for callers that compare raw fields. */
export const SFLOAT_SPECIAL_CODES = SFLOAT_SPECIALS;
export const FLOAT_SPECIAL_CODES = FLOAT_SPECIALS;
