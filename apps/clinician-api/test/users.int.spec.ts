import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminUserSchema, mfaSetupResponseSchema, userPageSchema } from '@openward/contracts';
import { base32Decode, hotp, totpStep } from '@openward/credentials';
import { DEMO_STAFF, freePort } from '@openward/testing';
import {
  auditRows,
  call,
  createUser,
  expectProblem,
  GOOD_PASSWORD,
  json,
  signIn,
  uniqueName,
} from './auth-fixtures.js';
import { startApi, type RunningApi } from './harness.js';

const demo = (role: string) => DEMO_STAFF.find((s) => s.role === role) ?? DEMO_STAFF[0];

let api: RunningApi;
let adminToken: string;
let adminId: string;

beforeAll(async () => {
  api = await startApi({ ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
  const s = await signIn(api, demo('admin').username, demo('admin').password);
  adminToken = s.accessToken;
  adminId = s.body.user.id;
});

afterAll(async () => {
  await api?.close();
});

function patientIds(res: unknown): string[] {
  const items = Array.isArray(res) ? res : (res as { items: unknown[] }).items;
  return (items as { id: string }[]).map((p) => p.id).sort();
}

describe('GET /api/admin/users', () => {
  it('pages through every account by username with a cursor, never showing hashes or secrets', async () => {
    const first = userPageSchema.parse(
      await json(await call(api, 'GET', '/api/admin/users?limit=2', { token: adminToken }), 200),
    );
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const seen = [...first.items];
    let next = first.next;
    while (next !== null) {
      const page = userPageSchema.parse(
        await json(
          await call(api, 'GET', `/api/admin/users?limit=2&cursor=${next}`, { token: adminToken }),
          200,
        ),
      );
      seen.push(...page.items);
      next = page.next;
    }
    const names = seen.map((u) => u.username);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['admin', 'clinician', 'nurse', 'patient']));
    expect(seen.find((u) => u.username === 'patient')).toMatchObject({
      role: 'patient',
      patientId: 'p-1001',
      careTeamIds: [],
    });
    const raw = JSON.stringify(seen);
    expect(raw).not.toMatch(/scrypt|passwordHash|totpSecret/);
    expect((await auditRows(api, 'user.list')).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a bad cursor with 400 and every non-admin with 403 (audited route.denied)', async () => {
    await expectProblem(
      await call(api, 'GET', '/api/admin/users?cursor=bogus!', { token: adminToken }),
      400,
      'BAD_REQUEST',
    );
    const nurse = await signIn(api, demo('nurse').username, demo('nurse').password);
    await expectProblem(
      await call(api, 'GET', '/api/admin/users', { token: nurse.accessToken }),
      403,
      'ROLE_FORBIDDEN',
    );
  });
});

describe('POST /api/admin/users', () => {
  it('creates a staff account that can sign in, audited user.create', async () => {
    const username = uniqueName('clin');
    const created = await createUser(api, adminToken, {
      username,
      displayName: 'Dr New',
      role: 'clinician',
      careTeamIds: ['team-south', 'team-north'],
      password: GOOD_PASSWORD,
    });
    expect(created).toMatchObject({
      username,
      role: 'clinician',
      patientId: null,
      careTeamIds: ['team-north', 'team-south'],
      mfaEnabled: false,
      failedLogins: 0,
      lockedUntil: null,
      disabledAt: null,
    });
    expect(created.id).toMatch(/^u-[0-9a-f-]{36}$/);
    await signIn(api, username, GOOD_PASSWORD);
    const rows = (await auditRows(api, 'user.create')).filter(
      (r) => r.resource === `admin/users/${created.id}`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ actorId: adminId, outcome: 'success', patientId: null }),
    ]);
  });

  it('creates a patient account bound to its record (audited with that patient)', async () => {
    const created = await createUser(api, adminToken, {
      username: uniqueName('pat'),
      displayName: 'Ben Sample',
      role: 'patient',
      patientId: 'p-1002',
      password: GOOD_PASSWORD,
    });
    expect(created).toMatchObject({ role: 'patient', patientId: 'p-1002', careTeamIds: [] });
    const rows = (await auditRows(api, 'user.create')).filter(
      (r) => r.resource === `admin/users/${created.id}`,
    );
    expect(rows[0]?.patientId).toBe('p-1002');
  });

  it.each([
    ['a weak password', { password: 'password1234' }, 422, 'PASSWORD_POLICY'],
    [
      'a password with the username',
      { username: 'harbourmaster', password: 'harbourmaster 2026!' },
      422,
      'PASSWORD_POLICY',
    ],
    ['an existing username', { username: 'nurse' }, 409, 'USERNAME_TAKEN'],
    ['a patient without patientId', { role: 'patient' }, 422, 'USER_ROLE_MISMATCH'],
    ['a nurse with a patientId', { patientId: 'p-1001' }, 422, 'USER_ROLE_MISMATCH'],
    ['an unknown care team', { careTeamIds: ['team-nowhere'] }, 422, 'USER_CARE_TEAM_UNKNOWN'],
    ['an unknown patient', { role: 'patient', patientId: 'p-9999' }, 422, 'USER_PATIENT_UNKNOWN'],
    ['an invalid username', { username: 'Not Valid' }, 400, 'BAD_REQUEST'],
    ['an unknown field', { isAdmin: true }, 400, 'BAD_REQUEST'],
  ])('refuses %s', async (_name, patch, status, code) => {
    const body = {
      username: uniqueName('bad'),
      displayName: 'Refused',
      role: 'nurse',
      password: GOOD_PASSWORD,
      ...patch,
    };
    await expectProblem(
      await call(api, 'POST', '/api/admin/users', { token: adminToken, body }),
      status,
      code,
    );
  });
});

describe('PATCH /api/admin/users/:id', () => {
  it('applies new care teams and a new role to an existing access token at once', async () => {
    const username = uniqueName('mover');
    const u = await createUser(api, adminToken, {
      username,
      displayName: 'Moving Nurse',
      role: 'nurse',
      careTeamIds: ['team-south'],
      password: GOOD_PASSWORD,
    });
    const s = await signIn(api, username, GOOD_PASSWORD);
    expect(
      patientIds(await json(await call(api, 'GET', '/api/patients', { token: s.accessToken }), 200)),
    ).toEqual(['p-1003']);
    const patched = adminUserSchema.parse(
      await json(
        await call(api, 'PATCH', `/api/admin/users/${u.id}`, {
          token: adminToken,
          body: { careTeamIds: ['team-north'], displayName: 'Moved Nurse' },
        }),
        200,
      ),
    );
    expect(patched).toMatchObject({ displayName: 'Moved Nurse', careTeamIds: ['team-north'] });
    expect(
      patientIds(await json(await call(api, 'GET', '/api/patients', { token: s.accessToken }), 200)),
    ).toEqual(['p-1001', 'p-1002']);
    await expectProblem(
      await call(api, 'GET', '/api/admin/users', { token: s.accessToken }),
      403,
      'ROLE_FORBIDDEN',
    );
    await json(
      await call(api, 'PATCH', `/api/admin/users/${u.id}`, { token: adminToken, body: { role: 'admin' } }),
      200,
    );
    await json(await call(api, 'GET', '/api/admin/users?limit=1', { token: s.accessToken }), 200);
    expect(
      (await auditRows(api, 'user.update'))
        .filter((r) => r.resource === `admin/users/${u.id}`)
        .map((r) => r.detail),
    ).toEqual([
      expect.objectContaining({ fields: 'careTeamIds,displayName' }),
      expect.objectContaining({ fields: 'role' }),
    ]);
  });

  it('refuses turning a patient account into staff, an own role change, and an unknown id', async () => {
    const patient = (
      await json<{ items: { id: string; role: string }[] }>(
        await call(api, 'GET', '/api/admin/users?limit=200', { token: adminToken }),
        200,
      )
    ).items.find((x) => x.role === 'patient');
    await expectProblem(
      await call(api, 'PATCH', `/api/admin/users/${patient?.id ?? ''}`, {
        token: adminToken,
        body: { role: 'nurse' },
      }),
      422,
      'USER_ROLE_MISMATCH',
    );
    await expectProblem(
      await call(api, 'PATCH', `/api/admin/users/${adminId}`, { token: adminToken, body: { role: 'nurse' } }),
      409,
      'USER_SELF_CHANGE',
    );
    await expectProblem(
      await call(api, 'PATCH', '/api/admin/users/u-missing', {
        token: adminToken,
        body: { displayName: 'X' },
      }),
      404,
      'USER_NOT_FOUND',
    );
    await expectProblem(
      await call(api, 'PATCH', '/api/admin/users/bad%20id', {
        token: adminToken,
        body: { displayName: 'X' },
      }),
      404,
      'USER_NOT_FOUND',
    );
  });
});

describe('disable, enable, MFA reset', () => {
  it('refuses to disable the own account', async () => {
    await expectProblem(
      await call(api, 'POST', `/api/admin/users/${adminId}/disable`, { token: adminToken }),
      409,
      'USER_SELF_CHANGE',
    );
  });

  it('records the revoked sessions in the user.disable audit row and shows disabledAt', async () => {
    const username = uniqueName('gone');
    const u = await createUser(api, adminToken, {
      username,
      displayName: 'Leaving Nurse',
      role: 'nurse',
      password: GOOD_PASSWORD,
    });
    await signIn(api, username, GOOD_PASSWORD);
    await signIn(api, username, GOOD_PASSWORD);
    const disabled = adminUserSchema.parse(
      await json(await call(api, 'POST', `/api/admin/users/${u.id}/disable`, { token: adminToken }), 200),
    );
    expect(disabled.disabledAt).not.toBeNull();
    const row = (await auditRows(api, 'user.disable')).find((r) => r.resource === `admin/users/${u.id}`);
    expect(row?.detail).toMatchObject({ revokedSessions: 2, userId: u.id });
    const enabled = adminUserSchema.parse(
      await json(await call(api, 'POST', `/api/admin/users/${u.id}/enable`, { token: adminToken }), 200),
    );
    expect(enabled.disabledAt).toBeNull();
  });

  it('resets MFA so the user can enrol again', async () => {
    const username = uniqueName('mfa');
    const u = await createUser(api, adminToken, {
      username,
      displayName: 'MFA Nurse',
      role: 'nurse',
      password: GOOD_PASSWORD,
    });
    const s = await signIn(api, username, GOOD_PASSWORD);
    const setup = mfaSetupResponseSchema.parse(
      await json(await call(api, 'POST', '/api/auth/mfa/setup', { token: s.accessToken }), 200),
    );
    const code = hotp(base32Decode(setup.secret) ?? new Uint8Array(), totpStep(Date.now()));
    await json(
      await call(api, 'POST', '/api/auth/mfa/confirm', { token: s.accessToken, body: { code } }),
      204,
    );
    await expectProblem(
      await call(api, 'POST', '/api/auth/mfa/setup', { token: s.accessToken }),
      409,
      'MFA_ALREADY_ENABLED',
    );
    const reset = adminUserSchema.parse(
      await json(await call(api, 'POST', `/api/admin/users/${u.id}/mfa/reset`, { token: adminToken }), 200),
    );
    expect(reset.mfaEnabled).toBe(false);
    await signIn(api, username, GOOD_PASSWORD);
    await json(await call(api, 'POST', '/api/auth/mfa/setup', { token: s.accessToken }), 200);
    expect((await auditRows(api, 'user.mfa.reset')).some((r) => r.resource === `admin/users/${u.id}`)).toBe(
      true,
    );
  });
});
