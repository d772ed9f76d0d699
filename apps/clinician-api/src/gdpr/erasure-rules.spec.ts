import { describe, expect, it } from '@jest/globals';
import { decideErasure, lastActivity, pseudonym, retentionEnd, type ErasureFacts } from './erasure-rules.js';

const now = new Date('2026-11-25T12:00:00.000Z');
const facts = (over: Partial<ErasureFacts> = {}): ErasureFacts => ({
  status: 'discharged',
  legalHold: false,
  lastReadingAt: null,
  noteCount: 0,
  lastNoteAt: null,
  assignmentCount: 0,
  lastAssignmentEndAt: null,
  lastConsentEventAt: null,
  ...over,
});
const yearsAgo = (y: number, extraMs = 0) => new Date(retentionEnd(now, -y).getTime() - extraMs);

describe('decideErasure', () => {
  it('allows erasing a patient who never had clinical data, at once', () => {
    expect(decideErasure(facts({ status: 'active', lastConsentEventAt: now }), now, 10)).toEqual({
      ok: true,
      basis: 'no-clinical-data',
    });
  });

  it('refuses an erased record', () => {
    expect(decideErasure(facts({ status: 'erased' }), now, 10)).toEqual({
      ok: false,
      code: 'PATIENT_ERASED',
    });
  });

  it('refuses under legal hold, even without clinical data or after retention', () => {
    expect(decideErasure(facts({ legalHold: true }), now, 10)).toEqual({
      ok: false,
      code: 'ERASURE_LEGAL_HOLD',
    });
    expect(
      decideErasure(facts({ legalHold: true, noteCount: 1, lastNoteAt: yearsAgo(30) }), now, 10),
    ).toEqual({
      ok: false,
      code: 'ERASURE_LEGAL_HOLD',
    });
  });

  it.each([
    ['a recent reading', { lastReadingAt: yearsAgo(1) }],
    ['a note', { noteCount: 1, lastNoteAt: yearsAgo(9) }],
    ['an open device assignment (activity = now)', { assignmentCount: 1, lastAssignmentEndAt: now }],
    [
      'an old note but a recent consent withdrawal',
      { noteCount: 3, lastNoteAt: yearsAgo(20), lastConsentEventAt: yearsAgo(2) },
    ],
  ])('refuses within retention: %s', (_, over) => {
    expect(decideErasure(facts(over), now, 10)).toEqual({ ok: false, code: 'ERASURE_RETENTION' });
  });

  it('allows erasure once the retention period after the last activity has fully elapsed', () => {
    const f = facts({
      noteCount: 2,
      lastNoteAt: yearsAgo(10),
      assignmentCount: 1,
      lastAssignmentEndAt: yearsAgo(11),
    });
    expect(decideErasure(f, now, 10)).toEqual({ ok: true, basis: 'retention-elapsed' });
    const oneMsShort = facts({ noteCount: 2, lastNoteAt: new Date(yearsAgo(10).getTime() + 1) });
    expect(decideErasure(oneMsShort, now, 10)).toEqual({ ok: false, code: 'ERASURE_RETENTION' });
  });

  it('counts the configured number of years (6: the HIPAA documentation period)', () => {
    const f = facts({ lastReadingAt: yearsAgo(7) });
    expect(decideErasure(f, now, 6).ok).toBe(true);
    expect(decideErasure(f, now, 10).ok).toBe(false);
  });
});

describe('lastActivity and retentionEnd', () => {
  it('takes the latest known activity', () => {
    const f = facts({
      lastReadingAt: yearsAgo(3),
      lastNoteAt: yearsAgo(1),
      lastAssignmentEndAt: yearsAgo(2),
    });
    expect(lastActivity(f)).toEqual(yearsAgo(1));
    expect(lastActivity(facts())).toBeNull();
  });

  it('adds calendar years in UTC, rolling 29 February to 1 March', () => {
    expect(retentionEnd(new Date('2020-02-29T10:00:00.000Z'), 10).toISOString()).toBe(
      '2030-03-01T10:00:00.000Z',
    );
    expect(retentionEnd(new Date('2016-06-30T23:30:00.000Z'), 10).toISOString()).toBe(
      '2026-06-30T23:30:00.000Z',
    );
  });
});

describe('pseudonym', () => {
  it('is stable for an id, distinct across ids and free of the id itself', () => {
    expect(pseudonym('p-1001')).toBe(pseudonym('p-1001'));
    expect(pseudonym('p-1001')).not.toBe(pseudonym('p-1002'));
    expect(pseudonym('p-1001')).toMatch(/^Erased patient [0-9a-f]{8}$/);
  });
});
