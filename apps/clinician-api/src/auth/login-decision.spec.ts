import { describe, expect, it } from '@jest/globals';
import { decidePasswordStep, isLocked, lockAfterFailure, type LoginAccountFacts } from './login-decision.js';

const now = new Date('2026-11-25T08:00:00.000Z');
const minutes = (n: number): Date => new Date(now.getTime() + n * 60_000);
const nurse: LoginAccountFacts = { role: 'nurse', mfaEnabled: false, lockedUntil: null, disabledAt: null };
const policy = { maxFailures: 5, lockoutMinutes: 15 };

describe('decidePasswordStep', () => {
  it('answers INVALID_CREDENTIALS for an unknown user and for a wrong password, even when locked or disabled', () => {
    expect(decidePasswordStep(null, true, now, [])).toBe('INVALID_CREDENTIALS');
    expect(decidePasswordStep(nurse, false, now, [])).toBe('INVALID_CREDENTIALS');
    expect(decidePasswordStep({ ...nurse, lockedUntil: minutes(10) }, false, now, [])).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(decidePasswordStep({ ...nurse, disabledAt: minutes(-60) }, false, now, [])).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('reveals a lock or a disabled account only after the right password', () => {
    expect(decidePasswordStep({ ...nurse, lockedUntil: minutes(10) }, true, now, [])).toBe('ACCOUNT_LOCKED');
    expect(decidePasswordStep({ ...nurse, disabledAt: minutes(-60) }, true, now, [])).toBe(
      'ACCOUNT_DISABLED',
    );
  });

  it('lets the right password in once the lock has expired', () => {
    expect(decidePasswordStep({ ...nurse, lockedUntil: now }, true, now, [])).toBe('SIGNED_IN');
    expect(decidePasswordStep({ ...nurse, lockedUntil: minutes(-1) }, true, now, [])).toBe('SIGNED_IN');
  });

  it('asks for the TOTP code when MFA is enabled, whatever the required roles', () => {
    expect(decidePasswordStep({ ...nurse, mfaEnabled: true }, true, now, [])).toBe('MFA_REQUIRED');
  });

  it('requires enrolment for a role in the MFA list without MFA, and not for other roles', () => {
    expect(decidePasswordStep(nurse, true, now, ['admin', 'nurse'])).toBe('MFA_ENROLLMENT_REQUIRED');
    expect(decidePasswordStep({ ...nurse, role: 'patient' }, true, now, ['admin', 'nurse'])).toBe(
      'SIGNED_IN',
    );
  });
});

describe('lockAfterFailure / isLocked', () => {
  it('locks at the fifth failure in a row for 15 minutes, not before', () => {
    expect(lockAfterFailure(4, now, policy)).toBeNull();
    expect(lockAfterFailure(5, now, policy)).toEqual(minutes(15));
    expect(lockAfterFailure(9, now, policy)).toEqual(minutes(15));
  });

  it('treats a lock as over at its end time', () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(minutes(1), now)).toBe(true);
    expect(isLocked(now, now)).toBe(false);
  });
});
