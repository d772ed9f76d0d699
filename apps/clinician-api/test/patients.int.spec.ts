import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  careTeamSchema,
  patientDetailSchema,
  patientPageSchema,
  patientRecordSchema,
  type LatestVitalsResponse,
  type PatientPage,
} from '@openward/contracts';
import { freePort } from '@openward/testing';
import { IngestStandIn, startApi, type RunningApi } from './harness.js';
import { auditRows, call, demoTokens, expectProblem, json, unique, type Role } from './records-fixtures.js';

const SERVICE_TOKEN = 'int-test-service-token-0123456789abcdef';

let api: RunningApi;
let ingest: IngestStandIn;
let t: Record<Role, string>;

const ada: LatestVitalsResponse = {
  patientId: 'p-1001',
  vitals: [
    {
      metric: 'heart-rate',
      value: 74,
      unit: '/min',
      measuredAt: '2026-11-25T08:40:00.000Z',
      storedAt: '2026-11-25T08:40:00.050Z',
      readingId: 'gw-demo-home-1:c0:ff:ee:00:10:01:2A37:1764060000000',
      deviceAddress: 'c0:ff:ee:00:10:01',
    },
  ],
};

const list = async (query: string, token: string): Promise<PatientPage> =>
  patientPageSchema.parse(await json(await call(api, 'GET', `/api/patients${query}`, token), 200));

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  ingest.latest.set('p-1001', ada);
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  t = await demoTokens(api);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

describe('GET /api/patients (filtered by the care-team rule, paged)', () => {
  it("gives the nurse her team's patients by display name, with status and MRN, and audits one list row", async () => {
    const before = (await auditRows(api, 'patient.list')).length;
    const page = await list('', t.nurse);
    expect(page).toEqual({
      items: [
        {
          id: 'p-1001',
          displayName: 'Ada Example',
          careTeamId: 'team-north',
          status: 'active',
          mrn: 'OW-0001001',
        },
        {
          id: 'p-1002',
          displayName: 'Ben Sample',
          careTeamId: 'team-north',
          status: 'active',
          mrn: 'OW-0001002',
        },
      ],
      next: null,
    });
    const rows = await auditRows(api, 'patient.list');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actorId: 'u-nurse', outcome: 'success', patientId: null });
  });

  it('gives a patient account only their own record', async () => {
    expect((await list('', t.patient)).items.map((p) => p.id)).toEqual(['p-1001']);
  });

  it('gives an admin (no care team) an empty list: records are managed under /api/admin/patients', async () => {
    expect(await list('', t.admin)).toEqual({ items: [], next: null });
  });

  it('pages with an opaque cursor until next is null', async () => {
    const first = await list('?limit=1', t.nurse);
    expect(first.items.map((p) => p.id)).toEqual(['p-1001']);
    expect(first.next).not.toBeNull();
    const second = await list(`?limit=1&cursor=${encodeURIComponent(first.next ?? '')}`, t.nurse);
    expect(second.items.map((p) => p.id)).toEqual(['p-1002']);
    expect(second.next).toBeNull();
  });

  it('refuses a foreign cursor, a limit out of range and unknown parameters with 400', async () => {
    await expectProblem(await call(api, 'GET', '/api/patients?cursor=bm9wZQ', t.nurse), 400, 'BAD_REQUEST');
    await expectProblem(await call(api, 'GET', '/api/patients?limit=0', t.nurse), 400, 'BAD_REQUEST');
    await expectProblem(await call(api, 'GET', '/api/patients?limit=1001', t.nurse), 400, 'BAD_REQUEST');
    await expectProblem(await call(api, 'GET', '/api/patients?include=all', t.nurse), 400, 'BAD_REQUEST');
    await expectProblem(
      await call(api, 'GET', '/api/patients?careTeamId=team-south', t.nurse),
      400,
      'BAD_REQUEST',
    );
  });

  it('adds each patient’s latest vitals with include=latest in ONE bulk call to ingest', async () => {
    const before = ingest.requests.length;
    const page = await list('?include=latest', t.nurse);
    expect(page.items.map((p) => [p.id, p.latest])).toEqual([
      ['p-1001', ada.vitals],
      ['p-1002', []],
    ]);
    const calls = ingest.requests.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: '/internal/v1/latest',
      method: 'POST',
      body: { patientIds: ['p-1001', 'p-1002'] },
    });
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${SERVICE_TOKEN}`);
  });

  it('searches by name or MRN prefix within the caller’s teams only, and keeps the text out of the audit', async () => {
    expect((await list('?q=ben', t.nurse)).items.map((p) => p.id)).toEqual(['p-1002']);
    expect((await list('?q=Ada%20Example', t.nurse)).items.map((p) => p.id)).toEqual(['p-1001']);
    expect((await list('?q=OW-000100', t.nurse)).items.map((p) => p.id)).toEqual(['p-1001', 'p-1002']);
    // Cleo (p-1003) is team-south: a search never widens the filter.
    expect((await list('?q=Cleo', t.nurse)).items).toEqual([]);
    expect((await list('?q=%25', t.nurse)).items).toEqual([]);
    const rows = await auditRows(api, 'patient.list');
    expect(JSON.stringify(rows)).not.toMatch(/ben|Ada Example|Cleo|OW-000100/i);
    expect(rows.at(-1)?.detail).toMatchObject({ search: true, count: 0 });
  });

  it('refuses a search by a patient account', async () => {
    await expectProblem(
      await call(api, 'GET', '/api/patients?q=Ben', t.patient),
      403,
      'PATIENT_SEARCH_STAFF_ONLY',
    );
  });
});

describe('GET /api/patients/:id (demographics and monitoring consent)', () => {
  it('shows the nurse a patient of her team with demographics and the consent in force, audited', async () => {
    const body = patientDetailSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001', t.nurse), 200),
    );
    expect(body).toMatchObject({
      id: 'p-1001',
      givenName: 'Ada',
      familyName: 'Example',
      birthDate: '1948-03-14',
      gender: 'female',
      mrn: 'OW-0001001',
      status: 'active',
      monitoringConsent: { state: 'given', consentId: 'c-demo-p-1001', version: '2019-12' },
    });
    const rows = await auditRows(api, 'patient.read', 'p-1001');
    expect(rows.at(-1)).toMatchObject({ actorId: 'u-nurse', outcome: 'allowed', breakGlass: false });
  });

  it('lets a patient read themself but no one else', async () => {
    await json(await call(api, 'GET', '/api/patients/p-1001', t.patient), 200);
    await expectProblem(await call(api, 'GET', '/api/patients/p-1002', t.patient), 403, 'PATIENT_FORBIDDEN');
  });

  it("refuses another team's patient (audited denied) and answers 404 for an unknown or malformed id", async () => {
    await expectProblem(await call(api, 'GET', '/api/patients/p-1003', t.nurse), 403, 'PATIENT_FORBIDDEN');
    expect((await auditRows(api, 'patient.read', 'p-1003')).at(-1)).toMatchObject({
      actorId: 'u-nurse',
      outcome: 'denied',
    });
    await expectProblem(await call(api, 'GET', '/api/patients/p-9999', t.nurse), 404, 'PATIENT_NOT_FOUND');
    await expectProblem(await call(api, 'GET', '/api/patients/..%2Fx', t.nurse), 404, 'PATIENT_NOT_FOUND');
  });
});

describe('admin patient management', () => {
  const mrn = `MRN-${unique()}`;
  let created: string;

  it('creates a patient in a team (generated id, default display name), audited, visible to that team', async () => {
    const res = await call(api, 'POST', '/api/admin/patients', t.admin, {
      givenName: 'Dora',
      familyName: 'Newcomer',
      birthDate: '1950-05-17',
      gender: 'female',
      mrn,
      careTeamId: 'team-north',
      enrolledAt: '2026-11-01T09:00:00+01:00',
    });
    const body = patientRecordSchema.parse(await json(res, 201));
    expect(body).toMatchObject({
      displayName: 'Dora Newcomer',
      careTeamId: 'team-north',
      status: 'active',
      enrolledAt: '2026-11-01T08:00:00.000Z',
      legalHold: false,
      erasedAt: null,
    });
    expect(body.id).toMatch(/^p-[0-9a-f-]{36}$/);
    created = body.id;
    expect((await list('', t.nurse)).items.map((p) => p.id)).toContain(created);
    expect((await auditRows(api, 'patient.create', created)).at(-1)).toMatchObject({ actorId: 'u-admin' });
  });

  it('refuses a duplicate MRN or id, an unknown team and an impossible birth date', async () => {
    const base = {
      givenName: 'X',
      familyName: 'Y',
      birthDate: '1950-01-01',
      gender: 'other',
      careTeamId: 'team-north',
    };
    await expectProblem(
      await call(api, 'POST', '/api/admin/patients', t.admin, { ...base, mrn }),
      409,
      'PATIENT_MRN_TAKEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/admin/patients', t.admin, {
        ...base,
        id: 'p-1001',
        mrn: `M-${unique()}`,
      }),
      409,
      'PATIENT_ID_TAKEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/admin/patients', t.admin, {
        ...base,
        mrn: `M-${unique()}`,
        careTeamId: 'team-x',
      }),
      422,
      'PATIENT_CARE_TEAM_UNKNOWN',
    );
    for (const birthDate of ['1950-02-30', '2999-01-01', '1950-1-1']) {
      await expectProblem(
        await call(api, 'POST', '/api/admin/patients', t.admin, { ...base, mrn: `M-${unique()}`, birthDate }),
        400,
        'BAD_REQUEST',
      );
    }
  });

  it('updates demographics (the default display name follows), discharges, and moves the patient between teams', async () => {
    const upd = patientRecordSchema.parse(
      await json(
        await call(api, 'PATCH', `/api/admin/patients/${created}`, t.admin, { familyName: 'Newman' }),
        200,
      ),
    );
    expect(upd.displayName).toBe('Dora Newman');
    await json(
      await call(api, 'PATCH', `/api/admin/patients/${created}`, t.admin, { status: 'discharged' }),
      200,
    );
    expect((await list('?status=active', t.nurse)).items.map((p) => p.id)).not.toContain(created);
    expect((await list('?status=discharged', t.nurse)).items.map((p) => p.id)).toEqual([created]);
    await json(
      await call(api, 'PATCH', `/api/admin/patients/${created}`, t.admin, { careTeamId: 'team-south' }),
      200,
    );
    await expectProblem(
      await call(api, 'GET', `/api/patients/${created}`, t.nurse),
      403,
      'PATIENT_FORBIDDEN',
    );
    const audit = (await auditRows(api, 'patient.update', created)).map((r) => r.detail);
    expect(audit).toEqual([
      { fields: 'displayName,familyName', careTeamId: 'team-north', status: 'active' },
      { fields: 'status', careTeamId: 'team-north', status: 'discharged' },
      { fields: 'careTeamId', careTeamId: 'team-south', status: 'discharged' },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Newman');
  });

  it('lists every record for the admin, searchable, and refuses the admin routes to other roles', async () => {
    const page = await json<{ items: { id: string }[] }>(
      await call(api, 'GET', `/api/admin/patients?q=${encodeURIComponent(mrn)}`, t.admin),
      200,
    );
    expect(page.items.map((p) => p.id)).toEqual([created]);
    for (const role of ['nurse', 'clinician', 'patient'] as const) {
      await expectProblem(await call(api, 'GET', '/api/admin/patients', t[role]), 403, 'ROLE_FORBIDDEN');
      await expectProblem(
        await call(api, 'PATCH', '/api/admin/patients/p-1001', t[role], { gender: 'male' }),
        403,
        'ROLE_FORBIDDEN',
      );
    }
  });
});

describe('care teams', () => {
  it('shows a nurse her own teams with members and patient counts', async () => {
    const teams = careTeamSchema
      .array()
      .parse(await json(await call(api, 'GET', '/api/care-teams', t.nurse), 200));
    expect(teams.map((x) => x.id)).toEqual(['team-north']);
    expect(teams[0]?.members.map((m) => m.id).sort()).toEqual(['u-clinician', 'u-nurse']);
    expect(teams[0]?.patientCount).toBeGreaterThanOrEqual(2);
    await expectProblem(await call(api, 'GET', '/api/care-teams', t.patient), 403, 'ROLE_FORBIDDEN');
  });

  it('lets an admin create, rename and staff a team; membership applies to the next request', async () => {
    const id = `team-${unique()}`;
    await json(await call(api, 'POST', '/api/admin/care-teams', t.admin, { id, name: 'East team' }), 201);
    await expectProblem(
      await call(api, 'POST', '/api/admin/care-teams', t.admin, { id, name: 'Again' }),
      409,
      'CARE_TEAM_ID_TAKEN',
    );
    const renamed = careTeamSchema.parse(
      await json(
        await call(api, 'PATCH', `/api/admin/care-teams/${id}`, t.admin, { name: 'East community team' }),
        200,
      ),
    );
    expect(renamed).toEqual({ id, name: 'East community team', members: [], patientCount: 0 });
    const patient = patientRecordSchema.parse(
      await json(
        await call(api, 'POST', '/api/admin/patients', t.admin, {
          givenName: 'Eve',
          familyName: 'Eastern',
          birthDate: '1944-04-04',
          gender: 'female',
          mrn: `MRN-${unique()}`,
          careTeamId: id,
        }),
        201,
      ),
    );
    await expectProblem(
      await call(api, 'GET', `/api/patients/${patient.id}`, t.nurse),
      403,
      'PATIENT_FORBIDDEN',
    );
    const staffed = careTeamSchema.parse(
      await json(
        await call(api, 'PUT', `/api/admin/care-teams/${id}/members`, t.admin, { userIds: ['u-nurse'] }),
        200,
      ),
    );
    expect(staffed).toMatchObject({
      members: [{ id: 'u-nurse', displayName: 'Nina Nurse', role: 'nurse' }],
      patientCount: 1,
    });
    // The same token: care teams are loaded with the session on every request.
    await json(await call(api, 'GET', `/api/patients/${patient.id}`, t.nurse), 200);
    const all = careTeamSchema
      .array()
      .parse(await json(await call(api, 'GET', '/api/admin/care-teams', t.admin), 200));
    expect(all.map((x) => x.id)).toEqual(expect.arrayContaining(['team-north', 'team-south', id]));
    expect((await auditRows(api, 'careteam.write')).map((r) => r.detail?.['op'])).toEqual([
      'create',
      'rename',
      'members',
    ]);
  });

  it('refuses unknown teams and members that are not staff', async () => {
    await expectProblem(
      await call(api, 'PATCH', '/api/admin/care-teams/team-none', t.admin, { name: 'X' }),
      404,
      'CARE_TEAM_NOT_FOUND',
    );
    await expectProblem(
      await call(api, 'PUT', '/api/admin/care-teams/team-north/members', t.admin, {
        userIds: ['u-nurse', 'u-patient-1001'],
      }),
      422,
      'CARE_TEAM_MEMBER_INVALID',
    );
    await expectProblem(
      await call(api, 'PUT', '/api/admin/care-teams/team-north/members', t.admin, { userIds: ['u-ghost'] }),
      422,
      'CARE_TEAM_MEMBER_INVALID',
    );
    await expectProblem(
      await call(api, 'PUT', '/api/admin/care-teams/team-north/members', t.admin, {
        userIds: ['u-nurse', 'u-nurse'],
      }),
      400,
      'BAD_REQUEST',
    );
  });
});
