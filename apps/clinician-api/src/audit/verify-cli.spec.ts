import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { cliDatabase, verifyLine } from './verify-cli.js';

describe('cliDatabase', () => {
  it('uses API_DATABASE_URL when set, else the PGlite API_DATA_DIR, else the API default dir', () => {
    expect(cliDatabase({ API_DATABASE_URL: 'postgres://u@127.0.0.1/ow', API_DATA_DIR: '/x' })).toEqual({
      ok: true,
      options: { databaseUrl: 'postgres://u@127.0.0.1/ow', dataDir: '' },
    });
    expect(cliDatabase({ API_DATA_DIR: '/srv/ow' })).toEqual({
      ok: true,
      options: { databaseUrl: null, dataDir: '/srv/ow' },
    });
    expect(cliDatabase({})).toEqual({
      ok: true,
      options: { databaseUrl: null, dataDir: resolve('.openward-data/clinician-api') },
    });
  });

  it('refuses a URL that is not PostgreSQL, naming the variable', () => {
    expect(cliDatabase({ API_DATABASE_URL: 'mysql://x' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('API_DATABASE_URL'),
    });
  });
});

describe('verifyLine', () => {
  const base = { checkedRows: 12, headId: 40, headHash: 'f'.repeat(64), anchor: null };
  it('says OK with the row count, the head and where it started', () => {
    expect(verifyLine({ ...base, ok: true, broken: null })).toBe(
      `audit chain OK: 12 rows verified from genesis through id 40 (head hash ${'f'.repeat(64)})`,
    );
  });
  it('names the first broken id and the reason', () => {
    expect(
      verifyLine({
        ...base,
        ok: false,
        anchor: { throughId: 20, throughHash: 'a' },
        broken: { id: 33, reason: 'hash-mismatch', lastGoodId: 32 },
      }),
    ).toBe(
      'audit chain BROKEN at id 33: hash-mismatch (last good id 32, 12 rows verified from retention anchor 20)',
    );
  });
});
