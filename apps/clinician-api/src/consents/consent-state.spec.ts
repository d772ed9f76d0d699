import { describe, expect, it } from '@jest/globals';
import { consentState, type ConsentFacts } from './consent-state.js';

const record = (over: Partial<ConsentFacts> & Pick<ConsentFacts, 'id' | 'givenAt'>): ConsentFacts => ({
  version: '2026-01',
  method: 'paper',
  withdrawnAt: null,
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('consentState (monitoring consent in force)', () => {
  it('is none without any record', () => {
    expect(consentState([])).toEqual({
      state: 'none',
      consentId: null,
      version: null,
      givenAt: null,
      withdrawnAt: null,
    });
  });

  it('is given when the only record is not withdrawn, and names it', () => {
    expect(consentState([record({ id: 'c1', givenAt: at('2026-01-05T10:00:00Z') })])).toEqual({
      state: 'given',
      consentId: 'c1',
      version: '2026-01',
      givenAt: '2026-01-05T10:00:00.000Z',
      withdrawnAt: null,
    });
  });

  it('is withdrawn when the latest record was withdrawn, even if an older version was never withdrawn', () => {
    const s = consentState([
      record({ id: 'c1', givenAt: at('2025-01-01T00:00:00Z') }),
      record({
        id: 'c2',
        version: '2026-01',
        givenAt: at('2026-01-01T00:00:00Z'),
        withdrawnAt: at('2026-03-01T00:00:00Z'),
      }),
    ]);
    expect(s).toMatchObject({ state: 'withdrawn', consentId: 'c2', withdrawnAt: '2026-03-01T00:00:00.000Z' });
  });

  it('is given again once a newer consent follows a withdrawal, whatever the input order', () => {
    const s = consentState([
      record({ id: 'c3', version: '2026-06', givenAt: at('2026-06-01T00:00:00Z') }),
      record({ id: 'c2', givenAt: at('2026-01-01T00:00:00Z'), withdrawnAt: at('2026-03-01T00:00:00Z') }),
    ]);
    expect(s).toMatchObject({ state: 'given', consentId: 'c3', version: '2026-06' });
  });

  it('breaks a tie on givenAt by the greater id, deterministically', () => {
    const t = at('2026-01-01T00:00:00Z');
    const a = record({ id: 'a', givenAt: t, withdrawnAt: at('2026-02-01T00:00:00Z') });
    const b = record({ id: 'b', givenAt: t });
    expect(consentState([a, b]).consentId).toBe('b');
    expect(consentState([b, a]).consentId).toBe('b');
  });
});
