import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  canonicalise,
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  sealRows,
  storableText,
  toChainEntry,
  type ChainRow,
} from './audit-chain.js';

const row: ChainRow = {
  id: 42,
  at: new Date('2026-11-25T08:40:00.123Z'),
  actorId: 'u-nurse',
  actorRole: 'nurse',
  patientId: 'p-1001',
  action: 'vitals.read',
  resource: 'patients/p-1001/vitals/latest',
  outcome: 'allowed',
  sourceIp: '127.0.0.1',
  breakGlass: false,
  detail: { z: 1, a: 'x', m: null },
};

describe('canonicalise', () => {
  it('writes the fixed field order with the ISO time and detail keys sorted', () => {
    expect(canonicalise(row)).toBe(
      '[42,"2026-11-25T08:40:00.123Z","u-nurse","nurse","p-1001","vitals.read",' +
        '"patients/p-1001/vitals/latest","allowed","127.0.0.1",false,{"a":"x","m":null,"z":1}]',
    );
  });

  it('writes absent values as null', () => {
    const anon: ChainRow = {
      ...row,
      actorId: null,
      actorRole: null,
      patientId: null,
      sourceIp: null,
      detail: null,
    };
    expect(canonicalise(anon)).toBe(
      '[42,"2026-11-25T08:40:00.123Z",null,null,null,"vitals.read","patients/p-1001/vitals/latest",' +
        '"allowed",null,false,null]',
    );
  });

  it('does not depend on the insertion order of detail keys', () => {
    expect(canonicalise({ ...row, detail: { m: null, z: 1, a: 'x' } })).toBe(canonicalise(row));
  });

  it('sorts nested keys by UTF-16 code units and escapes strings as JSON (RFC 8785)', () => {
    expect(canonicalJson({ b: [1, { d: true, c: 'é"\n' }], a: -0, '\u00e9': 1.5, Z: 1e21 })).toBe(
      '{"Z":1e+21,"a":0,"b":[1,{"c":"é\\"\\n","d":true}],"é":1.5}',
    );
  });
});

describe('chainHash', () => {
  it('is SHA-256 hex of prevHash followed by the canonical form', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalise(row))
      .digest('hex');
    expect(chainHash(GENESIS_HASH, row)).toBe(expected);
    expect(chainHash(GENESIS_HASH, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any hashed field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, row);
    const variants: ChainRow[] = [
      { ...row, id: 43 },
      { ...row, at: new Date(row.at.getTime() + 1) },
      { ...row, actorId: 'u-clinician' },
      { ...row, actorRole: 'clinician' },
      { ...row, patientId: 'p-1002' },
      { ...row, action: 'patient.read' },
      { ...row, resource: 'patients/p-1002' },
      { ...row, outcome: 'denied' },
      { ...row, sourceIp: '10.0.0.1' },
      { ...row, breakGlass: true },
      { ...row, detail: { ...row.detail, z: 2 } },
    ];
    for (const v of variants) expect(chainHash(GENESIS_HASH, v)).not.toBe(base);
    expect(chainHash('1'.repeat(64), row)).not.toBe(base);
  });
});

describe('sealRows', () => {
  it('links each row to the hash of the one before, starting from the given hash', () => {
    const sealed = sealRows(GENESIS_HASH, [row, { ...row, id: 43 }, { ...row, id: 44 }]);
    expect(sealed.map((r) => r.prevHash)).toEqual([GENESIS_HASH, sealed[0]?.hash, sealed[1]?.hash]);
    expect(sealed[2]?.hash).toBe(chainHash(sealed[1]?.hash ?? '', { ...row, id: 44 }));
  });
});

describe('toChainEntry', () => {
  it('stamps the time, defaults breakGlass to false and detail to null', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const e = toChainEntry(
      {
        actorId: 'u-admin',
        actorRole: 'admin',
        patientId: null,
        action: 'user.list',
        resource: 'users',
        outcome: 'success',
        sourceIp: null,
      },
      at,
    );
    expect(e).toEqual({
      at,
      actorId: 'u-admin',
      actorRole: 'admin',
      patientId: null,
      action: 'user.list',
      resource: 'users',
      outcome: 'success',
      sourceIp: null,
      breakGlass: false,
      detail: null,
    });
  });

  it('stores text the way PostgreSQL keeps it (NUL and lone surrogates → U+FFFD, NaN → null)', () => {
    expect(storableText('a\u0000b\uD800c\uDC00\uD83D\uDE00')).toBe('a\uFFFDb\uFFFDc\uFFFD\uD83D\uDE00');
    const e = toChainEntry(
      {
        actorId: null,
        actorRole: null,
        patientId: null,
        action: 'auth.login',
        resource: 'x\u0000',
        outcome: 'failure',
        sourceIp: null,
        detail: { n: Number.NaN, ['k\u0000']: 'v\uDC00' },
      },
      new Date(0),
    );
    expect(e.resource).toBe('x\uFFFD');
    expect(e.detail).toEqual({ n: null, 'k\uFFFD': 'v\uFFFD' });
  });
});
