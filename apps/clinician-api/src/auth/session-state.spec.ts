import { describe, expect, it } from '@jest/globals';
import { decideSessionState, type SessionFacts } from './session-state.js';

const t0 = new Date('2026-11-25T08:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const MIN = 60_000;
const session: SessionFacts = { lastSeenAt: t0, expiresAt: at(12 * 60 * MIN), revokedAt: null };
const user = { disabledAt: null };
const policy = { idleTimeoutMinutes: 15 };

describe('decideSessionState', () => {
  it('is active without a touch within 30 s of the last request, and asks for a touch after', () => {
    expect(decideSessionState(session, user, at(29_999), policy)).toEqual({ kind: 'ACTIVE', touch: false });
    expect(decideSessionState(session, user, at(30_000), policy)).toEqual({ kind: 'ACTIVE', touch: true });
  });

  it('logs off after the idle timeout: 15 min is still active, 15 min + 1 ms is idle', () => {
    expect(decideSessionState(session, user, at(15 * MIN), policy).kind).toBe('ACTIVE');
    expect(decideSessionState(session, user, at(15 * MIN + 1), policy)).toEqual({ kind: 'IDLE' });
  });

  it('expires at the absolute lifetime even with recent activity', () => {
    const busy = { ...session, lastSeenAt: at(12 * 60 * MIN - 1_000) };
    expect(decideSessionState(busy, user, at(12 * 60 * MIN - 1), policy).kind).toBe('ACTIVE');
    expect(decideSessionState(busy, user, at(12 * 60 * MIN), policy)).toEqual({ kind: 'EXPIRED' });
  });

  it('puts revocation first, then a disabled account, before any time rule', () => {
    const late = at(13 * 60 * MIN);
    expect(decideSessionState({ ...session, revokedAt: t0 }, { disabledAt: t0 }, late, policy)).toEqual({
      kind: 'REVOKED',
    });
    expect(decideSessionState(session, { disabledAt: t0 }, late, policy)).toEqual({ kind: 'DISABLED' });
  });
});
