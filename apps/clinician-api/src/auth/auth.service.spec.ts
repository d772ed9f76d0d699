import { describe, expect, it } from '@jest/globals';
import { hotp, totpStep } from '@openward/credentials';
import { SignJWT } from 'jose';
import { AppError } from '../common/app-error.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.js';
import type { LoginOutcome, SignedIn } from './auth.types.js';
import { authWorld, client, PASSWORD, T0 } from './fixtures/auth-world.js';

const MIN = 60_000;

function signedIn(o: LoginOutcome): SignedIn {
  if (o.kind !== 'signed-in') throw new Error(`expected a session, got ${JSON.stringify(o.response)}`);
  return o;
}

function mfaTokenOf(o: LoginOutcome): string {
  if (o.kind !== 'challenge') throw new Error('expected a challenge');
  return o.response.mfaToken;
}

async function codeOf(error: Promise<unknown>): Promise<string> {
  const e = await error.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e.code;
}

describe('JoseAccessTokens', () => {
  it('issues an HS256 token carrying only sub and sid that verifies for 15 minutes and not after', async () => {
    const { tokens, advance } = await authWorld();
    const { token, expiresAt } = await tokens.issue({ userId: 'u-1', sessionId: 's-1' }, T0);
    expect(expiresAt.toISOString()).toBe('2026-11-25T08:15:00.000Z');
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload ?? {}).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sid', 'sub']);
    advance(14 * MIN);
    expect(await tokens.verify(token)).toEqual({ userId: 'u-1', sessionId: 's-1' });
    advance(MIN + 1_000);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('rejects another secret, a tampered payload, alg none, garbage and an MFA step token', async () => {
    const { tokens, mfaTokens } = await authWorld();
    const forged = await new SignJWT({ sid: 's-1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(T0.getTime() / 1000))
      .setExpirationTime(Math.floor(T0.getTime() / 1000) + 900)
      .sign(new TextEncoder().encode('another-secret-0123456789abcdef0123'));
    expect(await tokens.verify(forged)).toBeNull();
    const { token } = await tokens.issue({ userId: 'u-1', sessionId: 's-1' }, T0);
    const [h, p, s] = token.split('.') as [string, string, string];
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'u-admin' }),
    ).toString('base64url');
    expect(await tokens.verify(`${h}.${other}.${s}`)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(await tokens.verify(`${none}.${p}.`)).toBeNull();
    expect(await tokens.verify('not-a-jwt')).toBeNull();
    expect(await tokens.verify((await mfaTokens.issue('u-1', 'mfa-login', T0)).token)).toBeNull();
  });
});

describe('JoseMfaTokens', () => {
  it('binds the token to its purpose and to 5 minutes', async () => {
    const { mfaTokens, advance } = await authWorld();
    const { token, expiresAt } = await mfaTokens.issue('u-1', 'mfa-login', T0);
    expect(expiresAt.toISOString()).toBe('2026-11-25T08:05:00.000Z');
    expect(await mfaTokens.verify(token, 'mfa-login')).toBe('u-1');
    expect(await mfaTokens.verify(token, 'mfa-enroll')).toBeNull();
    advance(5 * MIN + 1_000);
    expect(await mfaTokens.verify(token, 'mfa-login')).toBeNull();
  });
});

describe('AuthService.login', () => {
  it('opens a session for the right password, returns the user and audits success', async () => {
    const w = await authWorld();
    const s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    expect(s.response.user).toEqual({
      id: 'u-nurse',
      username: 'nurse',
      displayName: 'Nina Nurse',
      role: 'nurse',
    });
    expect(s.response.expiresAt).toBe('2026-11-25T08:15:00.000Z');
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.sessionExpiresAt.toISOString()).toBe('2026-11-25T20:00:00.000Z');
    expect(w.sessions.rows).toHaveLength(1);
    expect(w.sessions.rows[0]).toMatchObject({
      userId: 'u-nurse',
      sourceIp: '192.0.2.10',
      userAgent: 'jest',
    });
    expect(w.sessions.rows[0]?.refreshHash).not.toContain(s.refreshToken);
    expect(w.audit.entries).toEqual([
      expect.objectContaining({
        actorId: 'u-nurse',
        action: 'auth.login',
        outcome: 'success',
        sourceIp: '192.0.2.10',
      }),
    ]);
  });

  it('fails a wrong password and an unknown user with the same error, and audits both as failure', async () => {
    const w = await authWorld();
    const errors = await Promise.all([
      w.auth.login('nurse', 'wrong', client).catch((e: unknown) => e),
      w.auth.login('nobody', PASSWORD, client).catch((e: unknown) => e),
    ]);
    for (const e of errors) expect(e).toMatchObject({ code: 'INVALID_CREDENTIALS', spec: { status: 401 } });
    expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
    expect(w.audit.entries.map((e) => [e.actorId, e.outcome]).sort()).toEqual(
      [
        ['u-nurse', 'failure'],
        [null, 'failure'],
      ].sort(),
    );
  });

  it('locks the account at the 5th failure (audited), hides the lock from wrong passwords, and resets on success', async () => {
    const w = await authWorld();
    for (let i = 0; i < 4; i++)
      expect(await codeOf(w.auth.login('nurse', 'wrong', client))).toBe('INVALID_CREDENTIALS');
    expect(w.staff.get('u-nurse').failedLogins).toBe(4);
    expect(w.audit.entries.filter((e) => e.action === 'auth.lockout')).toHaveLength(0);
    expect(await codeOf(w.auth.login('nurse', 'wrong', client))).toBe('INVALID_CREDENTIALS');
    expect(w.staff.get('u-nurse').lockedUntil?.toISOString()).toBe('2026-11-25T08:15:00.000Z');
    expect(w.audit.entries.filter((e) => e.action === 'auth.lockout')).toEqual([
      expect.objectContaining({
        actorId: 'u-nurse',
        detail: { failedLogins: 5, lockedUntil: '2026-11-25T08:15:00.000Z' },
      }),
    ]);
    expect(await codeOf(w.auth.login('nurse', 'wrong', client))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(w.auth.login('nurse', PASSWORD, client))).toBe('ACCOUNT_LOCKED');
    w.advance(15 * MIN);
    signedIn(await w.auth.login('nurse', PASSWORD, client));
    expect(w.staff.get('u-nurse')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('answers ACCOUNT_DISABLED only to the right password', async () => {
    const w = await authWorld([{ disabledAt: T0 }]);
    expect(await codeOf(w.auth.login('nurse', 'wrong', client))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(w.auth.login('nurse', PASSWORD, client))).toBe('ACCOUNT_DISABLED');
    expect(w.sessions.rows).toHaveLength(0);
  });
});

describe('TOTP sign-in', () => {
  async function enrolled() {
    const w = await authWorld();
    const setup = await w.auth.mfaSetup(
      { userId: 'u-nurse', role: 'nurse', careTeams: [], patientId: null, sessionId: 's' },
      client,
    );
    const key = Buffer.from(
      w.totpSecrets.open(w.staff.get('u-nurse').totpSecret ?? '', 'u-nurse') ?? new Uint8Array(),
    );
    const code = (offsetSteps = 0): string => hotp(key, totpStep(w.clock.now().getTime()) + offsetSteps);
    return { w, setup, code };
  }

  it('enrols with setup + a first code, storing the secret only encrypted', async () => {
    const { w, setup, code } = await enrolled();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/OpenWard:nurse\?secret=[A-Z2-7]{32}&issuer=OpenWard/,
    );
    expect(w.staff.get('u-nurse').totpSecret).toMatch(/^v1:/);
    expect(w.staff.get('u-nurse').totpSecret).not.toContain(setup.secret);
    const principal = {
      userId: 'u-nurse',
      role: 'nurse',
      careTeams: [],
      patientId: null,
      sessionId: 's',
    } as const;
    expect(await codeOf(w.auth.mfaConfirm(principal, '000000', client))).toBe('MFA_CODE_INVALID');
    await w.auth.mfaConfirm(principal, code(), client);
    expect(w.staff.get('u-nurse').mfaEnabled).toBe(true);
    expect(await codeOf(w.auth.mfaSetup(principal, client))).toBe('MFA_ALREADY_ENABLED');
  });

  it('asks for the code after the password, signs in with it once, and refuses its replay', async () => {
    const { w, code } = await enrolled();
    const principal = {
      userId: 'u-nurse',
      role: 'nurse',
      careTeams: [],
      patientId: null,
      sessionId: 's',
    } as const;
    await w.auth.mfaConfirm(principal, code(), client);
    w.advance(30_000);
    const step = await w.auth.login('nurse', PASSWORD, client);
    expect(step).toMatchObject({ kind: 'challenge', response: { mfaRequired: true } });
    expect(w.sessions.rows).toHaveLength(0);
    const now = code();
    const s = await w.auth.loginMfa(mfaTokenOf(step), now, client);
    expect(s.response.user.id).toBe('u-nurse');
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.login.mfa', outcome: 'success' });
    expect(await codeOf(w.auth.loginMfa(mfaTokenOf(step), now, client))).toBe('MFA_CODE_INVALID');
  });

  it('counts wrong codes toward the lockout', async () => {
    const { w, code } = await enrolled();
    const principal = {
      userId: 'u-nurse',
      role: 'nurse',
      careTeams: [],
      patientId: null,
      sessionId: 's',
    } as const;
    await w.auth.mfaConfirm(principal, code(), client);
    const token = mfaTokenOf(await w.auth.login('nurse', PASSWORD, client));
    for (let i = 0; i < 5; i++)
      expect(await codeOf(w.auth.loginMfa(token, '000000', client))).toBe('MFA_CODE_INVALID');
    expect(w.staff.get('u-nurse').lockedUntil).not.toBeNull();
    w.advance(30_000);
    expect(await codeOf(w.auth.loginMfa(token, code(), client))).toBe('ACCOUNT_LOCKED');
  });

  it('makes a role in API_MFA_REQUIRED_ROLES enrol during sign-in, then signs in', async () => {
    const w = await authWorld([{}], { mfaRequiredRoles: ['nurse'] });
    const step = await w.auth.login('nurse', PASSWORD, client);
    expect(step).toMatchObject({ kind: 'challenge', response: { mfaEnrollmentRequired: true } });
    const token = mfaTokenOf(step);
    expect(await codeOf(w.auth.loginMfa(token, '123456', client))).toBe('MFA_TOKEN_INVALID');
    const setup = await w.auth.enrollmentSetup(token, client);
    const key = Buffer.from(w.totpSecrets.open(w.staff.get('u-nurse').totpSecret ?? '', 'u-nurse') ?? []);
    expect(key.length).toBe(20);
    expect(setup.secret.length).toBe(32);
    const s = await w.auth.enrollmentConfirm(token, hotp(key, totpStep(w.clock.now().getTime())), client);
    expect(s.response.user.id).toBe('u-nurse');
    expect(w.staff.get('u-nurse').mfaEnabled).toBe(true);
    expect(w.sessions.rows).toHaveLength(1);
  });

  it('refuses a garbage step token', async () => {
    const w = await authWorld();
    expect(await codeOf(w.auth.loginMfa('garbage', '123456', client))).toBe('MFA_TOKEN_INVALID');
  });
});

describe('AuthService.me', () => {
  it('returns a patient account with its patientId and no care teams', async () => {
    const w = await authWorld([
      {
        id: 'u-p',
        username: 'patient',
        displayName: 'Ada',
        role: 'patient',
        patientId: 'p-1001',
        careTeamIds: [],
      },
    ]);
    expect(
      await w.auth.me({ userId: 'u-p', role: 'patient', careTeams: [], patientId: 'p-1001', sessionId: 's' }),
    ).toEqual({
      id: 'u-p',
      username: 'patient',
      displayName: 'Ada',
      role: 'patient',
      patientId: 'p-1001',
      careTeamIds: [],
      mfaEnabled: false,
    });
  });
});
