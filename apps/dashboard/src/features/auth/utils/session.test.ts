import { describe, expect, it } from 'vitest';
import type { LoginResponse } from '@openward/contracts';
import { isExpired, msUntilExpiry, restoreSession } from './session';

const now = Date.parse('2026-03-01T10:00:00.000Z');
const session: LoginResponse = {
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
  expiresAt: '2026-03-01T10:15:00.000Z',
  user: { id: 'u-nurse', username: 'nurse', displayName: 'Nina Nurse', role: 'nurse' },
};

describe('session', () => {
  it('restores a stored, unexpired session', () => {
    expect(restoreSession(JSON.stringify(session), now)).toEqual(session);
  });

  it('drops an expired, malformed or absent session', () => {
    expect(restoreSession(JSON.stringify(session), Date.parse(session.expiresAt))).toBeNull();
    expect(restoreSession('{not json', now)).toBeNull();
    expect(restoreSession(JSON.stringify({ accessToken: 'x' }), now)).toBeNull();
    expect(restoreSession(JSON.stringify({ ...session, expiresAt: 'soon' }), now)).toBeNull();
    expect(restoreSession(null, now)).toBeNull();
  });

  it('computes the time left until expiry', () => {
    expect(msUntilExpiry(session, now)).toBe(15 * 60 * 1000);
    expect(isExpired(session, now)).toBe(false);
    expect(isExpired(session, now + 15 * 60 * 1000)).toBe(true);
  });
});
