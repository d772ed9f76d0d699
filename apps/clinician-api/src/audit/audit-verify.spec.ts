import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, sealRows, type ChainRow, type SealedRow } from './audit-chain.js';
import { ChainVerifier, verifySequence, type StoredRow } from './audit-verify.js';

function rows(n: number, firstId = 1): ChainRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: firstId + i,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    actorId: 'u-nurse',
    actorRole: 'nurse',
    patientId: 'p-1001',
    action: 'patient.read',
    resource: 'patients/p-1001',
    outcome: 'allowed',
    sourceIp: '127.0.0.1',
    breakGlass: false,
    detail: { n: i },
  }));
}

function chain(n: number): SealedRow[] {
  return sealRows(GENESIS_HASH, rows(n));
}

function headOf(sealed: readonly SealedRow[]): { lastId: number; lastHash: string } {
  const last = sealed[sealed.length - 1];
  return { lastId: last?.id ?? 0, lastHash: last?.hash ?? GENESIS_HASH };
}

describe('verifySequence', () => {
  it('accepts an intact chain, and the empty chain at genesis', () => {
    const c = chain(5);
    expect(verifySequence(c, headOf(c))).toBeNull();
    expect(verifySequence([], { lastId: 0, lastHash: GENESIS_HASH })).toBeNull();
  });

  it('accepts ids with gaps (a rolled-back batch consumed sequence values)', () => {
    const sealed = sealRows(GENESIS_HASH, [...rows(2, 1), ...rows(2, 10)]);
    expect(verifySequence(sealed, headOf(sealed))).toBeNull();
  });

  it('reports an edited field as hash-mismatch on that row', () => {
    const c = chain(5);
    const tampered: StoredRow[] = c.map((r) => (r.id === 3 ? { ...r, outcome: 'denied' } : r));
    expect(verifySequence(tampered, headOf(c))).toMatchObject({
      id: 3,
      reason: 'hash-mismatch',
      lastGoodId: 2,
    });
  });

  it('reports an edited row whose hash was recomputed as a broken link on the next row', () => {
    const c = chain(5);
    const forged = sealRows(c[1]?.hash ?? '', [{ ...(c[2] as ChainRow), outcome: 'denied' }])[0] as SealedRow;
    const tampered = c.map((r) => (r.id === 3 ? forged : r));
    expect(verifySequence(tampered, headOf(c))).toMatchObject({
      id: 4,
      reason: 'prev-hash-mismatch',
      expected: forged.hash,
      actual: c[3]?.prevHash,
    });
  });

  it('reports a deleted row as prev-hash-mismatch on the row after the gap', () => {
    const c = chain(5);
    expect(
      verifySequence(
        c.filter((r) => r.id !== 3),
        headOf(c),
      ),
    ).toMatchObject({
      id: 4,
      reason: 'prev-hash-mismatch',
      lastGoodId: 2,
    });
  });

  it('reports deleted last rows as head-mismatch naming the id the head expects', () => {
    const c = chain(5);
    expect(verifySequence(c.slice(0, 3), headOf(c))).toMatchObject({
      id: 5,
      reason: 'head-mismatch',
      lastGoodId: 3,
    });
  });

  it('reports reordered rows (broken link or id-order) and swapped contents (hash-mismatch)', () => {
    const c = chain(4);
    const [a, b, d, e] = c as [SealedRow, SealedRow, SealedRow, SealedRow];
    expect(verifySequence([a, d, b, e], headOf(c))).toMatchObject({ id: 3, reason: 'prev-hash-mismatch' });
    expect(verifySequence([a, b, e, d], headOf(c))).toMatchObject({ id: 4, reason: 'prev-hash-mismatch' });
    expect(verifySequence([a, b, b, d], headOf(c))).toMatchObject({
      id: 2,
      reason: 'id-order',
      lastGoodId: 2,
    });
    const swapped = [a, { ...d, id: b.id }, { ...b, id: d.id }, e];
    expect(verifySequence(swapped, headOf(c))).toMatchObject({ id: 2, reason: 'hash-mismatch' });
  });

  it('reports a row without hash as unsealed', () => {
    const c = chain(3);
    expect(
      verifySequence([c[0] as SealedRow, { ...(c[1] as SealedRow), hash: null }], headOf(c)),
    ).toMatchObject({
      id: 2,
      reason: 'unsealed',
    });
  });

  it('starts after a retention anchor and needs the audit.retention row that confirms it', () => {
    const c = chain(6);
    const cut = c[2] as SealedRow;
    const anchor = { throughId: cut.id, throughHash: cut.hash };
    const kept = c.slice(3);
    const confirming = sealRows(headOf(c).lastHash, [
      {
        ...(rows(1, 7)[0] as ChainRow),
        action: 'audit.retention',
        detail: { throughId: cut.id, throughHash: cut.hash, deletedRows: 3 },
      },
    ]);
    const all = [...kept, ...confirming];
    expect(verifySequence(all, headOf(all), anchor)).toBeNull();
    expect(verifySequence(kept, headOf(c), anchor)).toMatchObject({ id: 3, reason: 'anchor-unconfirmed' });
    // A forged anchor further on (hiding earlier rows) does not confirm either, and an edit after it is found.
    const edited = all.map((r) => (r.id === 5 ? { ...r, resource: 'patients/p-1003' } : r));
    expect(verifySequence(edited, headOf(all), anchor)).toMatchObject({ id: 5, reason: 'hash-mismatch' });
  });

  it('keeps the first break and counts only verified rows (incremental use)', () => {
    const c = chain(5);
    const v = new ChainVerifier(null);
    for (const r of c.slice(0, 2)) expect(v.push(r)).toBeNull();
    expect(v.push({ ...(c[2] as SealedRow), resource: 'x' })).toMatchObject({ id: 3 });
    expect(v.push(c[3] as SealedRow)).toMatchObject({ id: 3 });
    expect(v.finish(headOf(c))).toMatchObject({ id: 3, reason: 'hash-mismatch' });
    expect(v.checkedRows).toBe(2);
  });
});
