/**
 * InfluxDB line protocol (v1 `/write`), pure: escaping and formatting of one point per line, and a parser
 * used to prove the escaping round-trips (DESIGN.md §11). Rules, as implemented by InfluxDB 1.x, 2.x and 3.x:
 *
 * - measurement: `,` and space are escaped with a backslash;
 * - tag keys, tag values, field keys: `,`, `=` and space are escaped with a backslash;
 * - string field values: double-quoted, with `"` and `\` escaped; newlines are allowed inside the quotes;
 * - names, tag keys and tag values cannot hold a line break, and a backslash in them is ambiguous (InfluxDB's
 *   scanner skips the character after any backslash, but unescapes only `\,`, `\=` and `\ `, so `a\` before
 *   a separator swallows it): all three are refused with {@link LineProtocolError}. Every tag value we
 *   write comes from a validated id or a fixed vocabulary, so this never happens in practice.
 */

import { ClassifiedStoreError } from './vitals-store.js';

/** A value that line protocol cannot represent: permanent, retrying cannot help (DESIGN.md §11.4). */
export class LineProtocolError extends ClassifiedStoreError {
  constructor(message: string) {
    super('permanent', message);
    this.name = 'LineProtocolError';
  }
}

/** A typed field value: floats are written bare, integers with an `i` suffix, strings quoted. */
export type FieldValue =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number | bigint }
  | { readonly kind: 'string'; readonly value: string };

export interface LinePoint {
  readonly measurement: string;
  /** Tag keys are written sorted (InfluxDB's recommended order: cheaper series key normalisation). */
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Integer timestamp in the precision of the write request. */
  readonly timestamp: bigint;
}

export const float = (value: number): FieldValue => ({ kind: 'float', value });
export const int = (value: number | bigint): FieldValue => ({ kind: 'int', value });
export const str = (value: string): FieldValue => ({ kind: 'string', value });

function checkIdentifier(s: string, what: string): void {
  if (s === '') throw new LineProtocolError(`${what} must not be empty`);
  if (/[\n\r]/.test(s)) throw new LineProtocolError(`${what} must not contain a line break`);
  if (s.includes('\\')) throw new LineProtocolError(`${what} must not contain a backslash`);
}

/** Escapes a measurement name (`,` and space). */
export function escapeMeasurement(s: string): string {
  checkIdentifier(s, 'measurement');
  return s.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Escapes a tag key, tag value or field key (`,`, `=` and space). */
export function escapeKey(s: string, what = 'tag or field key'): string {
  checkIdentifier(s, what);
  return s.replace(/[,= ]/g, (c) => `\\${c}`);
}

/** Quotes a string field value (`"` and `\` escaped). */
export function quoteString(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function formatField(v: FieldValue): string {
  switch (v.kind) {
    case 'float':
      if (!Number.isFinite(v.value))
        throw new LineProtocolError(`float field must be finite, got ${v.value}`);
      return String(v.value);
    case 'int':
      if (typeof v.value === 'number' && !Number.isSafeInteger(v.value)) {
        throw new LineProtocolError(`integer field must be a safe integer, got ${v.value}`);
      }
      return `${v.value}i`;
    case 'string':
      return quoteString(v.value);
  }
}

/** One line (no trailing newline). Throws {@link LineProtocolError} for unrepresentable input. */
export function formatLine(p: LinePoint): string {
  const tags = Object.keys(p.tags)
    .sort()
    .map((k) => `,${escapeKey(k, 'tag key')}=${escapeKey(p.tags[k]!, `tag ${k}`)}`)
    .join('');
  const fieldKeys = Object.keys(p.fields).sort();
  if (fieldKeys.length === 0) throw new LineProtocolError('a point needs at least one field');
  const fields = fieldKeys.map((k) => `${escapeKey(k, 'field key')}=${formatField(p.fields[k]!)}`).join(',');
  return `${escapeMeasurement(p.measurement)}${tags} ${fields} ${p.timestamp}`;
}

/**
 * Parses one line written by {@link formatLine} (a subset of the grammar: no booleans, no unsigned).
 * Used by the property test; InfluxDB's own parser is exercised by the integration test.
 */
export function parseLine(line: string): LinePoint {
  let i = 0;
  const readUntil = (stops: string): string => {
    let out = '';
    while (i < line.length && !stops.includes(line[i]!)) {
      if (line[i] === '\\' && i + 1 < line.length && ',= '.includes(line[i + 1]!)) {
        out += line[i + 1];
        i += 2;
        continue;
      }
      out += line[i++];
    }
    return out;
  };
  const measurement = readUntil(', ');
  const tags: Record<string, string> = {};
  while (line[i] === ',') {
    i++;
    const k = readUntil('=');
    i++;
    tags[k] = readUntil(', ');
  }
  if (line[i++] !== ' ') throw new LineProtocolError('expected a space before the fields');
  const fields: Record<string, FieldValue> = {};
  for (;;) {
    const k = readUntil('=');
    i++;
    if (line[i] === '"') {
      i++;
      let s = '';
      while (line[i] !== '"') {
        if (i >= line.length) throw new LineProtocolError('unterminated string field');
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i++;
        s += line[i++];
      }
      i++;
      fields[k] = str(s);
    } else {
      const raw = readUntil(', ');
      fields[k] = raw.endsWith('i') ? int(BigInt(raw.slice(0, -1))) : float(Number(raw));
    }
    if (line[i] === ',') {
      i++;
      continue;
    }
    break;
  }
  if (line[i++] !== ' ') throw new LineProtocolError('expected a space before the timestamp');
  return { measurement, tags, fields, timestamp: BigInt(line.slice(i)) };
}
