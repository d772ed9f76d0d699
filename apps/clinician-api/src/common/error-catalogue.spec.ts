import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ERROR_TABLES } from '../errors.js';
import type { ErrorTable } from './app-error.js';

/**
 * Every error table in the source (each feature's `*.errors.ts` and the common one), found by scanning the
 * files rather than trusting a hand-kept list: each code must be documented in docs/errors.md with its
 * status, be unique across the API, and its table must be registered in src/errors.ts ERROR_TABLES.
 */
const SRC = fileURLToPath(new URL('..', import.meta.url));
const DOC = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

function isErrorTable(v: unknown): v is ErrorTable {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0) return false;
  return Object.values(v).every(
    (s: unknown) =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as { status?: unknown }).status === 'number' &&
      typeof (s as { title?: unknown }).title === 'string',
  );
}

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => /(^|\/)[^/]+\.errors\.ts$/.test(f) || f === join('common', 'app-error.ts'))
  .sort();

const tables: { file: string; name: string; table: ErrorTable }[] = [];

beforeAll(async () => {
  for (const file of files) {
    const mod = (await import(join(SRC, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (isErrorTable(value)) tables.push({ file: relative(SRC, join(SRC, file)), name, table: value });
    }
  }
});

describe('error catalogue (scanned from src/**/*.errors.ts)', () => {
  it('finds the error tables of the common layer and of every feature', () => {
    expect(files).toEqual(expect.arrayContaining(['common/app-error.ts', 'patients/patients.errors.ts']));
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['COMMON_ERRORS', 'PATIENT_ERRORS']));
  });

  it('documents every code with its status in docs/errors.md', () => {
    const missing = tables.flatMap(({ file, table }) =>
      Object.entries(table)
        .filter(([code, spec]) => !new RegExp(`\\| \`${code}\` +\\| ${spec.status} +\\|`).test(DOC))
        .map(([code, spec]) => `${code} (${spec.status}, ${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('uses unique UPPER_SNAKE codes with 4xx/5xx statuses across the whole API', () => {
    const codes = tables.flatMap((t) => Object.keys(t.table));
    const dupes = codes.filter((c, i) => codes.indexOf(c) !== i);
    expect(dupes).toEqual([]);
    expect(codes.filter((c) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(c))).toEqual([]);
    const statuses = tables.flatMap((t) => Object.values(t.table).map((s) => s.status));
    expect(statuses.filter((s) => !Number.isInteger(s) || s < 400 || s > 599)).toEqual([]);
  });

  it('registers every table in src/errors.ts ERROR_TABLES', () => {
    const registered = new Set(ERROR_TABLES.map((t) => t.codes));
    expect(tables.filter((t) => !registered.has(t.table)).map((t) => `${t.name} (${t.file})`)).toEqual([]);
  });
});
