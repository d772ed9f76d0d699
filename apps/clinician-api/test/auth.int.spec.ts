import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  loginResponseSchema,
  meResponseSchema,
  mfaChallengeSchema,
  mfaEnrollmentChallengeSchema,
  mfaSetupResponseSchema,
} from '@openward/contracts';
import { base32Decode, hotp, totpStep } from '@openward/credentials';
import { DEMO_PATIENT_USERS, DEMO_STAFF, freePort } from '@openward/testing';
import { Clock } from '../src/common/clock.js';
import {
  auditRows,
  call,
  createUser,
  expectProblem,
  GOOD_PASSWORD,
  json,
  refreshCookieOf,
  sessionRows,
  signIn,
  uniqueName,
} from './auth-fixtures.js';
import { startApi, type RunningApi } from './harness.js';

const IDLE_MINUTES = 5;
const admin = DEMO_STAFF.find((s) => s.role === 'admin') ?? DEMO_STAFF[0];

let api: RunningApi;
let adminToken: string;
/** Added to the API's clock (the app's single `Clock` instance), so idle time passes without waiting. */
let clockOffsetMs = 0;

beforeAll(async () => {
  // A 5-minute idle timeout shows automatic logoff while a 15-minute access token is still valid.
  api = await startApi({
    idleTimeoutMinutes: IDLE_MINUTES,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  const clock = api.app.get(Clock);
  const real = clock.now.bind(clock);
  jest.spyOn(clock, 'now').mockImplementation(() => new Date(real().getTime() + clockOffsetMs));
  adminToken = (await signIn(api, admin.username, admin.password)).accessToken;
});

afterEach(() => {
  clockOffsetMs = 0;
});

afterAll(async () => {
  await api?.close();
});

/** A fresh nurse account (so no spec's lockout or logoff touches another's). */
async function freshNurse(): Promise<{ id: string; username: string }> {
  const username = uniqueName('nurse');
  const u = await createUser(api, adminToken, {
    username,
    displayName: 'Test Nurse',
    role: 'nurse',
    careTeamIds: ['team-north'],
    password: GOOD_PASSWORD,
  });
  return { id: u.id, username };
}

describe('refresh tokens', () => {
  it('sets the refresh token as an httpOnly, SameSite=Strict cookie on /api/auth only', async () => {
    const { username } = await freshNurse();
    const res = await call(api, 'POST', '/api/auth/login', { body: { username, password: GOOD_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = refreshCookieOf(res);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attrs).toMatchObject({ path: '/api/auth', httponly: '', samesite: 'Strict' });
    expect(Number(cookie?.attrs['max-age'])).toBeGreaterThan(11 * 3600);
    // API_COOKIE_SECURE=false in tests (plain http on loopback); production default is Secure.
    expect(cookie?.attrs).not.toHaveProperty('secure');
    expect(JSON.stringify(await res.json())).not.toContain(cookie?.value ?? '-');
  });

  it('rotates on refresh, and a rotated token presented again revokes the whole family (audited)', async () => {
    const { id, username } = await freshNurse();
    const first = await signIn(api, username, GOOD_PASSWORD);
    const res = await call(api, 'POST', '/api/auth/refresh', { refresh: first.refresh });
    const second = loginResponseSchema.parse(await json(res, 200));
    const rotated = refreshCookieOf(res)?.value ?? '';
    expect(rotated).not.toBe(first.refresh);
    expect(second.user.id).toBe(id);
    await json(await call(api, 'GET', '/api/me', { token: second.accessToken }), 200);

    const rows = await sessionRows(api, id);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.replacedBy).toBe(rows[1]?.id);
    expect(rows[1]?.familyId).toBe(rows[0]?.familyId);
    expect(rows.every((r) => r.refreshHash !== first.refresh && r.refreshHash !== rotated)).toBe(true);

    const reuse = await call(api, 'POST', '/api/auth/refresh', { refresh: first.refresh });
    expect(refreshCookieOf(reuse)?.attrs['max-age']).toBe('0');
    await expectProblem(reuse, 401, 'REFRESH_TOKEN_REUSED');
    await expectProblem(
      await call(api, 'POST', '/api/auth/refresh', { refresh: rotated }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    await expectProblem(
      await call(api, 'GET', '/api/me', { token: second.accessToken }),
      401,
      'UNAUTHENTICATED',
    );
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['reuse', 'reuse']);
    expect((await auditRows(api, 'auth.refresh.reuse')).filter((r) => r.actorId === id)).toHaveLength(1);
  });

  it('answers 401 REFRESH_TOKEN_INVALID without a cookie', async () => {
    await expectProblem(await call(api, 'POST', '/api/auth/refresh'), 401, 'REFRESH_TOKEN_INVALID');
  });
});

describe('logout', () => {
  it('revokes the session, clears the cookie, and the access token stops working at once', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    const res = await call(api, 'POST', '/api/auth/logout', { refresh: s.refresh });
    expect(res.status).toBe(204);
    expect(refreshCookieOf(res)).toMatchObject({ value: '', attrs: { 'max-age': '0', path: '/api/auth' } });
    await expectProblem(await call(api, 'GET', '/api/me', { token: s.accessToken }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await call(api, 'POST', '/api/auth/refresh', { refresh: s.refresh }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['logout']);
    expect((await auditRows(api, 'auth.logout')).some((r) => r.actorId === id)).toBe(true);
  });

  it('also finds the session by the bearer token when the cookie is missing', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    expect((await call(api, 'POST', '/api/auth/logout', { token: s.accessToken })).status).toBe(204);
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['logout']);
  });
});

describe('automatic logoff', () => {
  it('logs an idle session off with 401 SESSION_EXPIRED, revokes it and audits auth.idle-logoff', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    clockOffsetMs = (IDLE_MINUTES - 1) * 60_000;
    await json(await call(api, 'GET', '/api/me', { token: s.accessToken }), 200);
    clockOffsetMs += (IDLE_MINUTES - 1) * 60_000;
    await json(await call(api, 'GET', '/api/me', { token: s.accessToken }), 200);
    clockOffsetMs += IDLE_MINUTES * 60_000 + 1_000;
    await expectProblem(await call(api, 'GET', '/api/me', { token: s.accessToken }), 401, 'SESSION_EXPIRED');
    await expectProblem(await call(api, 'GET', '/api/me', { token: s.accessToken }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await call(api, 'POST', '/api/auth/refresh', { refresh: s.refresh }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['idle']);
    const audited = (await auditRows(api, 'auth.idle-logoff')).filter((r) => r.actorId === id);
    expect(audited).toHaveLength(1);
    expect(audited[0]?.sourceIp).not.toBeNull();
  });

  it('logs off through refresh too: refreshing does not count as activity', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    clockOffsetMs = (IDLE_MINUTES + 1) * 60_000;
    await expectProblem(
      await call(api, 'POST', '/api/auth/refresh', { refresh: s.refresh }),
      401,
      'SESSION_EXPIRED',
    );
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['idle']);
  });
});

describe('lockout', () => {
  it('locks after 5 failures (audited), tells ACCOUNT_LOCKED only to the right password, and an admin unlocks', async () => {
    const { id, username } = await freshNurse();
    for (let i = 0; i < 5; i++) {
      const res = await call(api, 'POST', '/api/auth/login', { body: { username, password: `wrong ${i}` } });
      await expectProblem(res, 401, 'INVALID_CREDENTIALS');
    }
    const lockouts = (await auditRows(api, 'auth.lockout')).filter((r) => r.actorId === id);
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]?.detail).toMatchObject({ failedLogins: 5 });
    const failures = (await auditRows(api, 'auth.login')).filter((r) => r.actorId === id);
    expect(failures.map((r) => r.outcome)).toEqual(Array(5).fill('failure'));

    await expectProblem(
      await call(api, 'POST', '/api/auth/login', { body: { username, password: 'wrong again' } }),
      401,
      'INVALID_CREDENTIALS',
    );
    await expectProblem(
      await call(api, 'POST', '/api/auth/login', { body: { username, password: GOOD_PASSWORD } }),
      401,
      'ACCOUNT_LOCKED',
    );
    await json(await call(api, 'POST', `/api/admin/users/${id}/unlock`, { token: adminToken }), 200);
    await signIn(api, username, GOOD_PASSWORD);
    expect((await auditRows(api, 'user.unlock')).some((r) => r.resource === `admin/users/${id}`)).toBe(true);
  });

  it('lets the right password in once the lock time has passed', async () => {
    const { username } = await freshNurse();
    for (let i = 0; i < 5; i++)
      await call(api, 'POST', '/api/auth/login', { body: { username, password: 'x' } });
    clockOffsetMs = 15 * 60_000 + 1_000;
    await signIn(api, username, GOOD_PASSWORD);
  });
});

describe('TOTP multi-factor', () => {
  it('enrols a signed-in user, then requires a code at sign-in, accepts a computed one once', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    const setup = mfaSetupResponseSchema.parse(
      await json(await call(api, 'POST', '/api/auth/mfa/setup', { token: s.accessToken }), 200),
    );
    const key = base32Decode(setup.secret) ?? new Uint8Array();
    const step = totpStep(Date.now());
    await expectProblem(
      await call(api, 'POST', '/api/auth/mfa/confirm', {
        token: s.accessToken,
        body: { code: hotp(key, step + 5) },
      }),
      401,
      'MFA_CODE_INVALID',
    );
    expect(
      (
        await call(api, 'POST', '/api/auth/mfa/confirm', {
          token: s.accessToken,
          body: { code: hotp(key, step) },
        })
      ).status,
    ).toBe(204);
    expect(
      meResponseSchema.parse(await json(await call(api, 'GET', '/api/me', { token: s.accessToken }), 200))
        .mfaEnabled,
    ).toBe(true);

    const first = await call(api, 'POST', '/api/auth/login', { body: { username, password: GOOD_PASSWORD } });
    const challenge = mfaChallengeSchema.parse(await json(first, 200));
    expect(refreshCookieOf(first)).toBeNull();
    // The enrolment used this step's code: the next step's code (within the ±1 window) signs in.
    const code = hotp(key, step + 1);
    const ok = await call(api, 'POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.mfaToken, code },
    });
    expect(loginResponseSchema.parse(await json(ok, 200)).user.id).toBe(id);
    expect(refreshCookieOf(ok)?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectProblem(
      await call(api, 'POST', '/api/auth/login/mfa', { body: { mfaToken: challenge.mfaToken, code } }),
      401,
      'MFA_CODE_INVALID',
    );
    expect(
      (await auditRows(api, 'auth.login.mfa')).filter((r) => r.actorId === id).map((r) => r.outcome),
    ).toEqual(['success', 'failure']);
    expect(
      (await auditRows(api, 'auth.mfa.enroll')).filter((r) => r.actorId === id).map((r) => r.outcome),
    ).toEqual(['success', 'failure', 'success']);
  });
});

describe('admin disable', () => {
  it('makes an existing access token fail on the very next request, and the password answer ACCOUNT_DISABLED', async () => {
    const { id, username } = await freshNurse();
    const s = await signIn(api, username, GOOD_PASSWORD);
    await json(await call(api, 'GET', '/api/me', { token: s.accessToken }), 200);
    await json(await call(api, 'POST', `/api/admin/users/${id}/disable`, { token: adminToken }), 200);
    await expectProblem(await call(api, 'GET', '/api/me', { token: s.accessToken }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await call(api, 'POST', '/api/auth/refresh', { refresh: s.refresh }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    await expectProblem(
      await call(api, 'POST', '/api/auth/login', { body: { username, password: GOOD_PASSWORD } }),
      401,
      'ACCOUNT_DISABLED',
    );
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual(['disabled']);
    await json(await call(api, 'POST', `/api/admin/users/${id}/enable`, { token: adminToken }), 200);
    await signIn(api, username, GOOD_PASSWORD);
  });
});

describe('password change', () => {
  it('changes the password and signs out the other sessions, keeping the current one', async () => {
    const { id, username } = await freshNurse();
    const mine = await signIn(api, username, GOOD_PASSWORD);
    const other = await signIn(api, username, GOOD_PASSWORD);
    const weak = await call(api, 'POST', '/api/auth/password', {
      token: mine.accessToken,
      body: { currentPassword: GOOD_PASSWORD, newPassword: 'password1234' },
    });
    await expectProblem(weak, 422, 'PASSWORD_POLICY');
    const res = await call(api, 'POST', '/api/auth/password', {
      token: mine.accessToken,
      body: { currentPassword: GOOD_PASSWORD, newPassword: 'cobalt meadow whistle 9' },
    });
    expect(res.status).toBe(204);
    await json(await call(api, 'GET', '/api/me', { token: mine.accessToken }), 200);
    await expectProblem(
      await call(api, 'GET', '/api/me', { token: other.accessToken }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await call(api, 'POST', '/api/auth/login', { body: { username, password: GOOD_PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );
    await signIn(api, username, 'cobalt meadow whistle 9');
    expect((await sessionRows(api, id)).map((r) => r.revokedReason)).toEqual([null, 'password-change', null]);
  });
});

describe('patient account', () => {
  it('signs the demo patient in; /api/me shows role patient and the own patientId', async () => {
    const demo = DEMO_PATIENT_USERS[0];
    const s = await signIn(api, demo.username, demo.password);
    expect(s.body.user).toEqual({
      id: demo.id,
      username: 'patient',
      displayName: demo.displayName,
      role: 'patient',
    });
    const me = meResponseSchema.parse(
      await json(await call(api, 'GET', '/api/me', { token: s.accessToken }), 200),
    );
    expect(me).toEqual({
      id: demo.id,
      username: 'patient',
      displayName: demo.displayName,
      role: 'patient',
      patientId: 'p-1001',
      careTeamIds: [],
      mfaEnabled: false,
    });
    await expectProblem(
      await call(api, 'GET', '/api/admin/users', { token: s.accessToken }),
      403,
      'ROLE_FORBIDDEN',
    );
  });
});

describe('MFA required by role and the sign-in rate limit', () => {
  let strict: RunningApi;

  beforeAll(async () => {
    strict = await startApi({
      mfaRequiredRoles: ['admin', 'clinician', 'nurse'],
      loginRatePerMinute: 1,
      loginRateBurst: 3,
      ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    });
  });

  afterAll(async () => {
    await strict?.close();
  });

  it('makes a staff member without MFA enrol during sign-in, then gives tokens', async () => {
    const nurse = DEMO_STAFF.find((s) => s.role === 'nurse') ?? DEMO_STAFF[0];
    const ip = '198.51.100.20';
    const first = await call(strict, 'POST', '/api/auth/login', {
      ip,
      body: { username: nurse.username, password: nurse.password },
    });
    const challenge = mfaEnrollmentChallengeSchema.parse(await json(first, 200));
    await expectProblem(
      await call(strict, 'GET', '/api/me', { token: challenge.mfaToken }),
      401,
      'UNAUTHENTICATED',
    );
    const setup = mfaSetupResponseSchema.parse(
      await json(
        await call(strict, 'POST', '/api/auth/login/mfa/setup', {
          ip,
          body: { mfaToken: challenge.mfaToken },
        }),
        200,
      ),
    );
    const code = hotp(base32Decode(setup.secret) ?? new Uint8Array(), totpStep(Date.now()));
    const done = await call(strict, 'POST', '/api/auth/login/mfa/confirm', {
      ip,
      body: { mfaToken: challenge.mfaToken, code },
    });
    const tokens = loginResponseSchema.parse(await json(done, 200));
    expect(refreshCookieOf(done)?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = meResponseSchema.parse(
      await json(await call(strict, 'GET', '/api/me', { token: tokens.accessToken }), 200),
    );
    expect(me).toMatchObject({ username: nurse.username, mfaEnabled: true });
  });

  it('answers 429 LOGIN_RATE_LIMITED with Retry-After once an address used its burst, other addresses unaffected', async () => {
    const body = { username: 'nobody-here', password: 'not the password' };
    for (let i = 0; i < 3; i++) {
      await expectProblem(
        await call(strict, 'POST', '/api/auth/login', { ip: '203.0.113.9', body }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await call(strict, 'POST', '/api/auth/login', { ip: '203.0.113.9', body });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectProblem(limited, 429, 'LOGIN_RATE_LIMITED');
    await expectProblem(
      await call(strict, 'POST', '/api/auth/login', { ip: '203.0.113.10', body }),
      401,
      'INVALID_CREDENTIALS',
    );
  });
});
