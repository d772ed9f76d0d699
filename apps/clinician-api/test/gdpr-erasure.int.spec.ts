import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  erasureResultSchema,
  patientRecordPageSchema,
  patientRecordSchema,
  type LatestVitalsResponse,
  type PatientRecord,
} from '@openward/contracts';
import { freePort } from '@openward/testing';
import { eq } from 'drizzle-orm';
import { Clock } from '../src/common/clock.js';
import { Database } from '../src/database/database.js';
import { breakGlassGrants, consents, notes, staffUsers } from '../src/database/schema.js';
import { IngestStandIn, login, startApi, type RunningApi } from './harness.js';
import { auditRows, call, demoTokens, expectProblem, json, unique, type Role } from './records-fixtures.js';

const SERVICE_TOKEN = 'int-test-service-token-0123456789abcdef';
const REASON = 'Art. 17 request received by letter, ticket DPO-2026-117';
const PASSWORD = 'erasure-spec-passphrase-7731';

let api: RunningApi;
let ingest: IngestStandIn;
let t: Record<Role, string>;

/** A new team-north patient (no device, no reading, no note). */
async function newPatient(): Promise<PatientRecord> {
  return patientRecordSchema.parse(
    await json(
      await call(api, 'POST', '/api/admin/patients', t.admin, {
        givenName: 'Grace',
        familyName: `Forgotten${unique()}`,
        birthDate: '1939-09-09',
        gender: 'female',
        mrn: `GDPR-${unique()}`,
        careTeamId: 'team-north',
      }),
      201,
    ),
  );
}

const erase = (patientId: string, token = t.admin) =>
  call(api, 'POST', `/api/admin/patients/${patientId}/erase`, token, { reason: REASON });
const hold = (patientId: string, on: boolean) =>
  call(api, 'POST', `/api/admin/patients/${patientId}/legal-hold`, t.admin, {
    hold: on,
    reason: 'Litigation hold, case 2026-CV-88',
  });
const reading = (patientId: string, measuredAt: string): LatestVitalsResponse => ({
  patientId,
  vitals: [
    {
      metric: 'spo2',
      value: 96,
      unit: '%',
      measuredAt,
      storedAt: measuredAt,
      readingId: `r-${unique()}`,
      deviceAddress: 'c0:ff:ee:00:10:04',
    },
  ],
});

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    recordsRetentionYears: 1,
  });
  t = await demoTokens(api);
}, 60_000);

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

describe('GDPR erasure (pseudonymisation) with legal hold and retention', () => {
  it('erases a patient who never had clinical data: pseudonym, no demographics, account disabled, audited', async () => {
    const p = await newPatient();
    await json(
      await call(api, 'POST', '/api/admin/users', t.admin, {
        username: `grace-${unique()}`,
        displayName: 'Grace Forgotten',
        role: 'patient',
        patientId: p.id,
        password: PASSWORD,
      }),
      201,
    );
    const before = (await auditRows(api, 'patient.erase', p.id)).length;
    const result = erasureResultSchema.parse(await json(await erase(p.id), 200));
    expect(result).toMatchObject({
      patientId: p.id,
      status: 'erased',
      basis: 'no-clinical-data',
      notesRedacted: 0,
      accountsDisabled: 1,
    });
    const page = patientRecordPageSchema.parse(
      await json(await call(api, 'GET', '/api/admin/patients?status=erased', t.admin), 200),
    );
    const record = page.items.find((x) => x.id === p.id);
    expect(record).toMatchObject({
      givenName: null,
      familyName: null,
      birthDate: null,
      gender: null,
      mrn: null,
      status: 'erased',
      erasedAt: result.erasedAt,
    });
    expect(record?.displayName).toMatch(/^Erased patient [0-9a-f]{8}$/);
    const [account] = await api.app
      .get(Database)
      .db.select()
      .from(staffUsers)
      .where(eq(staffUsers.patientId, p.id));
    expect(account?.disabledAt).not.toBeNull();
    expect(account?.username).toBe(`erased-${account?.id}`);
    expect(account?.displayName).toBe(record?.displayName);
    const rows = (await auditRows(api, 'patient.erase', p.id)).slice(before);
    expect(rows.map((r) => [r.actorId, r.outcome, r.detail])).toEqual([
      ['u-admin', 'success', { basis: 'no-clinical-data', reasonLength: REASON.length }],
    ]);
    expect(JSON.stringify(rows)).not.toContain('DPO-2026');
  });

  it('makes the erased record invisible to staff and frozen for admins', async () => {
    const p = await newPatient();
    await json(await erase(p.id), 200);
    await expectProblem(await call(api, 'GET', `/api/patients/${p.id}`, t.nurse), 404, 'PATIENT_NOT_FOUND');
    const list = await json<{ items: { id: string }[] }>(
      await call(api, 'GET', '/api/patients?limit=1000', t.nurse),
      200,
    );
    expect(list.items.map((x) => x.id)).not.toContain(p.id);
    await expectProblem(await erase(p.id), 409, 'PATIENT_ERASED');
    await expectProblem(await hold(p.id, true), 409, 'PATIENT_ERASED');
    await expectProblem(
      await call(api, 'PATCH', `/api/admin/patients/${p.id}`, t.admin, { givenName: 'Back' }),
      409,
      'PATIENT_ERASED',
    );
  });

  it('refuses erasure under legal hold (audited failure), and allows it once the hold is lifted', async () => {
    const p = await newPatient();
    expect(await json(await hold(p.id, true), 200)).toEqual({ patientId: p.id, legalHold: true });
    await expectProblem(await erase(p.id), 409, 'ERASURE_LEGAL_HOLD');
    expect((await auditRows(api, 'patient.erase', p.id)).at(-1)).toMatchObject({
      outcome: 'failure',
      detail: { code: 'ERASURE_LEGAL_HOLD', reasonLength: REASON.length },
    });
    expect((await auditRows(api, 'patient.legal-hold', p.id)).map((r) => r.detail)).toEqual([
      { hold: true, reasonLength: 'Litigation hold, case 2026-CV-88'.length },
    ]);
    await json(await hold(p.id, false), 200);
    await json(await erase(p.id), 200);
  });

  it('refuses erasure within the retention period: a note, a reading in ingest, or an assigned device', async () => {
    const withNote = await newPatient();
    await json(
      await call(api, 'POST', `/api/patients/${withNote.id}/notes`, t.nurse, {
        kind: 'call',
        body: 'First call.',
      }),
      201,
    );
    await expectProblem(await erase(withNote.id), 409, 'ERASURE_RETENTION');
    const withReading = await newPatient();
    ingest.latest.set(
      withReading.id,
      reading(withReading.id, new Date(Date.now() - 86_400_000).toISOString()),
    );
    await expectProblem(await erase(withReading.id), 409, 'ERASURE_RETENTION');
    // Demo patient: devices still assigned (monitoring goes on).
    await expectProblem(await erase('p-1001'), 409, 'ERASURE_RETENTION');
  });

  it('erases once the retention period after the last activity has elapsed, redacting note bodies', async () => {
    const p = await newPatient();
    ingest.latest.set(p.id, reading(p.id, new Date(Date.now() - 2 * 365 * 86_400_000).toISOString()));
    await json(
      await call(api, 'POST', `/api/patients/${p.id}/notes`, t.nurse, {
        kind: 'visit',
        body: 'Lives with her son Tom.',
      }),
      201,
    );
    await json(
      await call(api, 'POST', `/api/patients/${p.id}/consents`, t.nurse, {
        kind: 'monitoring',
        version: '1',
        language: 'en',
        method: 'paper',
      }),
      201,
    );
    // Two years later (retention is 1 year in this spec): sign in again on the moved clock.
    jest
      .spyOn(api.app.get(Clock), 'now')
      .mockImplementation(() => new Date(Date.now() + 2 * 365 * 86_400_000));
    const admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
    const result = erasureResultSchema.parse(await json(await erase(p.id, admin), 200));
    expect(result).toMatchObject({ basis: 'retention-elapsed', notesRedacted: 1, accountsDisabled: 0 });
    const db = api.app.get(Database).db;
    expect((await db.select().from(notes).where(eq(notes.patientId, p.id))).map((n) => n.body)).toEqual([
      '[erased]',
    ]);
    // Consent records stay as proof of lawful processing (no identifying data in them).
    expect(await db.select().from(consents).where(eq(consents.patientId, p.id))).toHaveLength(1);
  });

  it('redacts break-glass reasons that concern the erased patient', async () => {
    const p = await newPatient();
    await json(
      await call(api, 'PATCH', `/api/admin/patients/${p.id}`, t.admin, { careTeamId: 'team-south' }),
      200,
    );
    await json(
      await call(api, 'PUT', '/api/admin/care-teams/team-south/members', t.admin, { userIds: [] }),
      200,
    );
    const clinician = (await login(api.baseUrl, 'clinician', 'clinician-demo-pass')).accessToken;
    await json(
      await call(api, 'POST', `/api/patients/${p.id}/break-glass`, clinician, {
        reason: 'Grace fell at home, daughter called',
      }),
      201,
    );
    await json(await erase(p.id), 200);
    const grants = await api.app
      .get(Database)
      .db.select()
      .from(breakGlassGrants)
      .where(eq(breakGlassGrants.patientId, p.id));
    expect(grants.map((g) => g.reason)).toEqual(['[reason erased]']);
  });

  it('is admin only, and decides nothing while ingest cannot say whether readings exist', async () => {
    const p = await newPatient();
    for (const role of ['nurse', 'clinician', 'patient'] as const) {
      await expectProblem(await erase(p.id, t[role]), 403, 'ROLE_FORBIDDEN');
    }
    await expectProblem(await erase('p-none'), 404, 'PATIENT_NOT_FOUND');
    await ingest.stop();
    await expectProblem(await erase(p.id), 502, 'INGEST_UNAVAILABLE');
    const page = patientRecordPageSchema.parse(
      await json(
        await call(api, 'GET', `/api/admin/patients?q=${encodeURIComponent(p.mrn ?? '')}`, t.admin),
        200,
      ),
    );
    expect(page.items.map((x) => x.status)).toEqual(['active']);
  });
});
