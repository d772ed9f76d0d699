/**
 * Internal helper (not exported from the package index) for the uint8 / nibble enumerations of the
 * Glucose Service characteristics. The specification lists some codes by name and marks every other
 * code "Reserved for Future Use" (RFU). A decoder must not drop a whole measurement because a newer
 * meter uses a code defined after this library was written, so a known code decodes to its kebab-case
 * name and an RFU code decodes to the bare number (re-encoding it unchanged).
 */
import { isIntIn } from '../bytes.js';

/** Name → wire code table, declared `as const` next to each characteristic. */
export type CodeTable = Readonly<Record<string, number>>;

/** A decoded enumeration: the name of a defined code, or the raw number of an RFU code. */
export type Coded<T extends CodeTable> = (keyof T & string) | number;

/** Wire code → name, or the code itself when the specification does not define it. */
export function decodeCoded<T extends CodeTable>(table: T, code: number): Coded<T> {
  for (const name of Object.keys(table)) {
    if (table[name] === code) return name;
  }
  return code;
}

/**
 * Name or raw code → wire code; `undefined` when the name is unknown or the number does not fit the
 * field (`max` = 0x0F for a nibble, 0xFF for a uint8). A number naming a defined code is accepted.
 */
export function encodeCoded<T extends CodeTable>(table: T, value: unknown, max: number): number | undefined {
  if (typeof value === 'number') return isIntIn(value, 0, max) ? value : undefined;
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value];
  return undefined;
}

/**
 * mantissa × 10^(exponent + shift) computed on the decimal string, so a unit conversion by a power of
 * ten stays exact (0.000095 kg/L × 100000 must be 9.5 mg/dL, not 9.499999999999998).
 */
export function shiftDecimal(mantissa: number, exponent: number, shift: number): number {
  return Number(`${mantissa}e${exponent + shift}`);
}
