import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  consentListSchema,
  consentSchema,
  noteSchema,
  notePageSchema,
  patientDetailSchema,
  type Note,
} from '@openward/contracts';
import { freePort } from '@openward/testing';
import { startApi, type RunningApi } from './harness.js';
import { auditRows, call, demoTokens, expectProblem, json, type Role } from './records-fixtures.js';

let api: RunningApi;
let t: Record<Role, string>;

beforeAll(async () => {
  api = await startApi({ ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
  t = await demoTokens(api);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const writeNote = async (patientId: string, token: string, body: object): Promise<Note> =>
  noteSchema.parse(await json(await call(api, 'POST', `/api/patients/${patientId}/notes`, token, body), 201));

describe('notes (immutable, corrections amend)', () => {
  let first: Note;
  let second: Note;

  it('lets a nurse and a clinician of the team write notes, each audited with its id', async () => {
    first = await writeNote('p-1001', t.nurse, { kind: 'call', body: 'Phoned: feels well, no dizziness.' });
    expect(first).toMatchObject({
      patientId: 'p-1001',
      authorId: 'u-nurse',
      authorName: 'Nina Nurse',
      kind: 'call',
      amends: null,
    });
    second = await writeNote('p-1001', t.clinician, {
      kind: 'progress',
      body: 'Reviewed BP trend; no change.',
    });
    const rows = await auditRows(api, 'note.create', 'p-1001');
    expect(rows.map((r) => [r.actorId, r.outcome, r.detail?.['noteId']])).toEqual([
      ['u-nurse', 'allowed', first.id],
      ['u-clinician', 'allowed', second.id],
    ]);
    expect(JSON.stringify(rows)).not.toContain('dizziness');
  });

  it('lists notes newest first, paged, to staff of the team and to the patient themself', async () => {
    const page = notePageSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001/notes', t.nurse), 200),
    );
    expect(page.items.map((n) => n.id)).toEqual([second.id, first.id]);
    const p1 = notePageSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001/notes?limit=1', t.patient), 200),
    );
    expect(p1.items.map((n) => n.id)).toEqual([second.id]);
    const p2 = notePageSchema.parse(
      await json(
        await call(
          api,
          'GET',
          `/api/patients/p-1001/notes?limit=1&cursor=${encodeURIComponent(p1.next ?? '')}`,
          t.patient,
        ),
        200,
      ),
    );
    expect(p2).toEqual({ items: [first], next: null });
  });

  it('records a correction as a new note that amends the earlier one; the original stays as written', async () => {
    const fix = await writeNote('p-1001', t.nurse, {
      kind: 'call',
      body: 'Correction: mild dizziness.',
      amends: first.id,
    });
    expect(fix.amends).toBe(first.id);
    const page = notePageSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001/notes', t.nurse), 200),
    );
    expect(page.items.find((n) => n.id === first.id)).toEqual(first);
  });

  it("refuses an amendment of another patient's note or of a note that does not exist", async () => {
    const other = await writeNote('p-1002', t.nurse, { kind: 'visit', body: 'Home visit done.' });
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/notes', t.nurse, {
        kind: 'call',
        body: 'x',
        amends: other.id,
      }),
      422,
      'NOTE_AMENDS_INVALID',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/notes', t.nurse, {
        kind: 'call',
        body: 'x',
        amends: 'n-none',
      }),
      422,
      'NOTE_AMENDS_INVALID',
    );
  });

  it('has no route to change or delete a note', async () => {
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call(api, method, `/api/patients/p-1001/notes/${first.id}`, t.nurse, {
        body: 'changed',
      });
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
  });

  it('validates kind and body (1..10,000 characters, not blank)', async () => {
    for (const body of [
      { kind: 'gossip', body: 'x' },
      { kind: 'call', body: '   ' },
      { kind: 'call', body: 'x'.repeat(10_001) },
      { kind: 'call' },
    ]) {
      await expectProblem(
        await call(api, 'POST', '/api/patients/p-1001/notes', t.nurse, body),
        400,
        'BAD_REQUEST',
      );
    }
    await writeNote('p-1001', t.nurse, { kind: 'progress', body: 'y'.repeat(10_000) });
  });

  it('lets neither admins nor patients write notes, nor staff outside the team read them', async () => {
    const body = { kind: 'call', body: 'x' };
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/notes', t.admin, body),
      403,
      'ROLE_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/notes', t.patient, body),
      403,
      'ROLE_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'GET', '/api/patients/p-1003/notes', t.nurse),
      403,
      'PATIENT_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'GET', '/api/patients/p-1002/notes', t.patient),
      403,
      'PATIENT_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1003/notes', t.nurse, body),
      403,
      'PATIENT_FORBIDDEN',
    );
    expect((await auditRows(api, 'note.list', 'p-1003')).at(-1)).toMatchObject({
      actorId: 'u-nurse',
      outcome: 'denied',
    });
  });
});

describe('consents (GDPR Art. 7 records)', () => {
  it('lists the seeded monitoring consent and its state', async () => {
    const list = consentListSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1002/consents', t.nurse), 200),
    );
    expect(list.items).toEqual([
      {
        id: 'c-demo-p-1002',
        patientId: 'p-1002',
        kind: 'monitoring',
        version: '2019-12',
        language: 'en-GB',
        method: 'paper',
        givenAt: '2019-12-20T10:00:00.000Z',
        withdrawnAt: null,
        recordedBy: null,
      },
    ]);
    expect(list.monitoring).toMatchObject({ state: 'given', consentId: 'c-demo-p-1002' });
  });

  it('records a backdated paper consent by staff, with the canonical language tag, audited', async () => {
    const c = consentSchema.parse(
      await json(
        await call(api, 'POST', '/api/patients/p-1002/consents', t.nurse, {
          kind: 'video',
          version: '2026-03',
          language: 'de-ch',
          method: 'paper',
          givenAt: '2026-11-20T09:30:00Z',
        }),
        201,
      ),
    );
    expect(c).toMatchObject({
      kind: 'video',
      language: 'de-CH',
      givenAt: '2026-11-20T09:30:00.000Z',
      recordedBy: 'u-nurse',
    });
    expect((await auditRows(api, 'consent.record', 'p-1002')).at(-1)?.detail).toMatchObject({
      consentId: c.id,
      kind: 'video',
      method: 'paper',
    });
  });

  it('refuses a malformed language, a future givenAt and an unknown kind', async () => {
    const base = { kind: 'video', version: '1', method: 'paper' };
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1002/consents', t.nurse, { ...base, language: 'en_GB' }),
      400,
      'CONSENT_LANGUAGE_INVALID',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1002/consents', t.nurse, {
        ...base,
        language: 'en',
        givenAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      422,
      'CONSENT_GIVEN_IN_FUTURE',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1002/consents', t.nurse, {
        ...base,
        kind: 'marketing',
        language: 'en',
      }),
      400,
      'BAD_REQUEST',
    );
  });

  it('lets the patient consent electronically (at server time) but not record a paper consent', async () => {
    const before = Date.now();
    const c = consentSchema.parse(
      await json(
        await call(api, 'POST', '/api/patients/p-1001/consents', t.patient, {
          kind: 'data-sharing',
          version: '2026-01',
          language: 'en',
          method: 'electronic',
          givenAt: '2020-01-01T00:00:00Z',
        }),
        201,
      ),
    );
    expect(Date.parse(c.givenAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(c.recordedBy).toBe('u-patient-1001');
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/consents', t.patient, {
        kind: 'video',
        version: '1',
        language: 'en',
        method: 'paper',
      }),
      403,
      'CONSENT_METHOD_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1002/consents', t.patient, {
        kind: 'video',
        version: '1',
        language: 'en',
        method: 'electronic',
      }),
      403,
      'PATIENT_FORBIDDEN',
    );
  });

  it('lets the patient withdraw their monitoring consent once; the summary then shows it withdrawn', async () => {
    const w = consentSchema.parse(
      await json(
        await call(api, 'POST', '/api/patients/p-1001/consents/c-demo-p-1001/withdraw', t.patient),
        200,
      ),
    );
    expect(w.withdrawnAt).not.toBeNull();
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/consents/c-demo-p-1001/withdraw', t.patient),
      409,
      'CONSENT_ALREADY_WITHDRAWN',
    );
    const detail = patientDetailSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001', t.nurse), 200),
    );
    expect(detail.monitoringConsent).toMatchObject({ state: 'withdrawn', consentId: 'c-demo-p-1001' });
    // A new consent (a new version) puts monitoring consent back in force.
    await json(
      await call(api, 'POST', '/api/patients/p-1001/consents', t.nurse, {
        kind: 'monitoring',
        version: '2026-11',
        language: 'en-GB',
        method: 'verbal',
      }),
      201,
    );
    const again = patientDetailSchema.parse(
      await json(await call(api, 'GET', '/api/patients/p-1001', t.patient), 200),
    );
    expect(again.monitoringConsent).toMatchObject({ state: 'given', version: '2026-11' });
    expect((await auditRows(api, 'consent.withdraw', 'p-1001')).map((r) => [r.actorId, r.outcome])).toEqual([
      ['u-patient-1001', 'allowed'],
      ['u-patient-1001', 'allowed'],
    ]);
  });

  it('answers 404 for an unknown consent or one of another patient, and 403 outside the team', async () => {
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/consents/c-none/withdraw', t.nurse),
      404,
      'CONSENT_NOT_FOUND',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1001/consents/c-demo-p-1002/withdraw', t.nurse),
      404,
      'CONSENT_NOT_FOUND',
    );
    await expectProblem(
      await call(api, 'GET', '/api/patients/p-1003/consents', t.nurse),
      403,
      'PATIENT_FORBIDDEN',
    );
    await expectProblem(
      await call(api, 'POST', '/api/patients/p-1003/consents/c-demo-p-1003/withdraw', t.nurse),
      403,
      'PATIENT_FORBIDDEN',
    );
  });
});
