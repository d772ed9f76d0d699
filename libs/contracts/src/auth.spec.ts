import { describe, expect, it } from '@jest/globals';
import {
  USERNAME_PATTERN,
  createUserRequestSchema,
  loginResponseSchema,
  loginStepResponseSchema,
  meResponseSchema,
  mfaLoginRequestSchema,
  updateUserRequestSchema,
} from './index.js';

const tokens = {
  accessToken: 'a.b.c',
  expiresAt: '2026-11-25T08:15:00.000Z',
  user: { id: 'u-nurse', username: 'nurse', displayName: 'Nina Nurse', role: 'nurse' },
};

describe('loginStepResponseSchema', () => {
  it('accepts the token response, the MFA challenge and the enrolment challenge', () => {
    expect(loginStepResponseSchema.parse(tokens)).toEqual(tokens);
    const challenge = { mfaRequired: true, mfaToken: 't', expiresAt: '2026-11-25T08:05:00.000Z' };
    expect(loginStepResponseSchema.parse(challenge)).toEqual(challenge);
    const enrol = { mfaEnrollmentRequired: true, mfaToken: 't', expiresAt: '2026-11-25T08:05:00.000Z' };
    expect(loginStepResponseSchema.parse(enrol)).toEqual(enrol);
  });

  it('keeps loginResponseSchema parsing a token response (the dashboard parses it)', () => {
    expect(loginResponseSchema.parse(tokens)).toEqual(tokens);
    expect(loginResponseSchema.safeParse({ mfaRequired: true, mfaToken: 't', expiresAt: 'x' }).success).toBe(
      false,
    );
  });
});

describe('request schemas', () => {
  it('accepts 6-digit codes with an optional middle space only', () => {
    for (const code of ['123456', '123 456']) {
      expect(mfaLoginRequestSchema.safeParse({ mfaToken: 't', code }).success).toBe(true);
    }
    for (const code of ['12345', '1234567', 'abcdef', '']) {
      expect(mfaLoginRequestSchema.safeParse({ mfaToken: 't', code }).success).toBe(false);
    }
  });

  it('restricts usernames to lower-case ids', () => {
    for (const u of ['nurse', 'dr.smith', 'p-1001', 'ab']) expect(USERNAME_PATTERN.test(u)).toBe(true);
    for (const u of ['A', 'Nurse', '-x', 'a b', 'a', `a${'b'.repeat(64)}`])
      expect(USERNAME_PATTERN.test(u)).toBe(false);
  });

  it('lets an update change a role only among staff roles', () => {
    expect(updateUserRequestSchema.safeParse({ role: 'clinician' }).success).toBe(true);
    expect(updateUserRequestSchema.safeParse({ role: 'patient' }).success).toBe(false);
    expect(
      createUserRequestSchema.safeParse({
        username: 'patient2',
        displayName: 'P',
        role: 'patient',
        patientId: 'p-1002',
        password: 'x',
      }).success,
    ).toBe(true);
  });

  it('describes /api/me as a User plus patientId, care teams and MFA state', () => {
    const me = { ...tokens.user, patientId: null, careTeamIds: ['team-north'], mfaEnabled: false };
    expect(meResponseSchema.parse(me)).toEqual(me);
  });
});
