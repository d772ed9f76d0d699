import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  breakGlassGrantSchema,
  breakGlassReviewPageSchema,
  patientPageSchema,
  type BreakGlassGrant,
} from '@openward/contracts';
import { freePort } from '@openward/testing';
import { Clock } from '../src/common/clock.js';
import { IngestStandIn, login, startApi, type RunningApi } from './harness.js';
import { auditRows, call, demoTokens, expectProblem, json, type Role } from './records-fixtures.js';

const SERVICE_TOKEN = 'int-test-service-token-0123456789abcdef';
const REASON = 'Called by paramedics: collapsed at home, team-south unreachable';

let api: RunningApi;
let ingest: IngestStandIn;
let t: Record<Role, string>;
/** The demo clinician, once a member of team-north only. */
let clinician: string;

const signInClinician = async (): Promise<string> =>
  (await login(api.baseUrl, 'clinician', 'clinician-demo-pass')).accessToken;
const open = (token: string, patientId: string, reason = REASON) =>
  call(api, 'POST', `/api/patients/${patientId}/break-glass`, token, { reason });
const vitals = (token: string) => call(api, 'GET', '/api/patients/p-1003/vitals/latest', token);

/** Moves the API's clock (the one PatientAccess and the token checks read) `ms` ahead of real time. */
function shiftClock(ms: number): void {
  const clock = api.app.get(Clock);
  jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + ms));
}

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    breakGlassMinutes: 60,
  });
  t = await demoTokens(api);
  // The demo clinician belongs to both teams; make them a team-north clinician so p-1003 (team-south) is
  // outside their teams (membership applies to their next request).
  await json(
    await call(api, 'PUT', '/api/admin/care-teams/team-south/members', t.admin, { userIds: [] }),
    200,
  );
  clinician = t.clinician;
}, 60_000);

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

describe('break-glass: emergency access outside the care team', () => {
  let grant: BreakGlassGrant;

  it('refuses the clinician p-1003 without a grant, and keeps it out of their list', async () => {
    await expectProblem(await vitals(clinician), 403, 'PATIENT_FORBIDDEN');
    const page = patientPageSchema.parse(await json(await call(api, 'GET', '/api/patients', clinician), 200));
    expect(page.items.map((p) => p.id)).toEqual(['p-1001', 'p-1002']);
  });

  it('is for clinicians only, needs a real reason, and is refused inside the team', async () => {
    for (const role of ['nurse', 'admin', 'patient'] as const) {
      await expectProblem(await open(t[role], 'p-1003'), 403, 'ROLE_FORBIDDEN');
    }
    await expectProblem(await open(clinician, 'p-1003', 'urgent'), 400, 'BAD_REQUEST');
    await expectProblem(await open(clinician, 'p-1003', `   ${' '.repeat(20)}x   `), 400, 'BAD_REQUEST');
    await expectProblem(await open(clinician, 'p-1003', 'x'.repeat(501)), 400, 'BAD_REQUEST');
    await expectProblem(await open(clinician, 'p-1001'), 409, 'BREAK_GLASS_NOT_NEEDED');
    await expectProblem(await open(clinician, 'p-9999'), 404, 'PATIENT_NOT_FOUND');
  });

  it('opens a 60-minute grant, audited with the reason length only', async () => {
    grant = breakGlassGrantSchema.parse(await json(await open(clinician, 'p-1003'), 201));
    expect(grant).toMatchObject({
      userId: 'u-clinician',
      patientId: 'p-1003',
      state: 'active',
      endedAt: null,
    });
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.createdAt)).toBe(60 * 60_000);
    const [row] = (await auditRows(api, 'breakglass.open', 'p-1003')).filter((r) => r.outcome === 'success');
    expect(row).toMatchObject({ actorId: 'u-clinician', breakGlass: true });
    expect(row?.detail).toEqual({ grantId: grant.id, reasonLength: REASON.length, minutes: 60 });
    const everything = JSON.stringify(await auditRows(api, 'breakglass.open'));
    expect(everything).not.toContain('paramedics');
    await expectProblem(await open(clinician, 'p-1003'), 409, 'BREAK_GLASS_ALREADY_OPEN');
  });

  it('lets the clinician read p-1003 under the grant, every access flagged breakGlass in audit', async () => {
    await json(await vitals(clinician), 200);
    await json(await call(api, 'GET', '/api/patients/p-1003', clinician), 200);
    await json(await call(api, 'GET', '/api/patients/p-1003/notes', clinician), 200);
    for (const action of ['vitals.read', 'patient.read', 'note.list']) {
      const rows = (await auditRows(api, action, 'p-1003')).filter((r) => r.actorId === 'u-clinician');
      expect({ action, flags: rows.map((r) => [r.outcome, r.breakGlass]) }).toEqual({
        action,
        flags:
          action === 'vitals.read'
            ? [
                ['denied', false],
                ['allowed', true],
              ]
            : [['allowed', true]],
      });
    }
    // Ordinary access to their own team stays unflagged; the grant never adds p-1003 to lists.
    await json(await call(api, 'GET', '/api/patients/p-1001', clinician), 200);
    expect((await auditRows(api, 'patient.read', 'p-1001')).at(-1)?.breakGlass).toBe(false);
    const page = patientPageSchema.parse(await json(await call(api, 'GET', '/api/patients', clinician), 200));
    expect(page.items.map((p) => p.id)).not.toContain('p-1003');
  });

  it('shows admins the grant with its reason for review, and no one else', async () => {
    const page = breakGlassReviewPageSchema.parse(
      await json(await call(api, 'GET', '/api/admin/break-glass', t.admin), 200),
    );
    expect(page.items[0]).toMatchObject({
      id: grant.id,
      userDisplayName: 'Dr Carl Clinician',
      reason: REASON,
      state: 'active',
    });
    await expectProblem(await call(api, 'GET', '/api/admin/break-glass', clinician), 403, 'ROLE_FORBIDDEN');
    expect((await auditRows(api, 'breakglass.list')).at(-1)).toMatchObject({
      actorId: 'u-admin',
      outcome: 'success',
    });
  });

  it('stops working when the grant expires by the clock: 403 again, state expired', async () => {
    shiftClock(61 * 60_000);
    const later = await signInClinician();
    await expectProblem(await vitals(later), 403, 'PATIENT_FORBIDDEN');
    expect((await auditRows(api, 'vitals.read', 'p-1003')).at(-1)).toMatchObject({
      outcome: 'denied',
      breakGlass: false,
    });
    const admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
    const page = breakGlassReviewPageSchema.parse(
      await json(await call(api, 'GET', '/api/admin/break-glass', admin), 200),
    );
    expect(page.items.find((g) => g.id === grant.id)?.state).toBe('expired');
    await expectProblem(
      await call(api, 'POST', `/api/break-glass/${grant.id}/end`, later),
      409,
      'BREAK_GLASS_NOT_ACTIVE',
    );
  });

  it('stops working when its holder ends it; only the holder or an admin may end a grant', async () => {
    // Back on the real clock the grant is within its hour again: its holder ends it.
    await json(await vitals(clinician), 200);
    await expectProblem(
      await call(api, 'POST', `/api/break-glass/${grant.id}/end`, t.nurse),
      403,
      'ROLE_FORBIDDEN',
    );
    const ended = breakGlassGrantSchema.parse(
      await json(await call(api, 'POST', `/api/break-glass/${grant.id}/end`, clinician), 200),
    );
    expect(ended).toMatchObject({ id: grant.id, state: 'ended' });
    expect(ended.endedAt).not.toBeNull();
    await expectProblem(await vitals(clinician), 403, 'PATIENT_FORBIDDEN');
    await expectProblem(
      await call(api, 'POST', `/api/break-glass/${grant.id}/end`, clinician),
      409,
      'BREAK_GLASS_NOT_ACTIVE',
    );
    expect((await auditRows(api, 'breakglass.end', 'p-1003')).at(-1)).toMatchObject({
      actorId: 'u-clinician',
      detail: { grantId: grant.id, byHolder: true },
    });
  });

  it('lets an admin end a grant early, and hides unknown grants as not found', async () => {
    const third = breakGlassGrantSchema.parse(await json(await open(clinician, 'p-1003'), 201));
    const ended = breakGlassGrantSchema.parse(
      await json(await call(api, 'POST', `/api/break-glass/${third.id}/end`, t.admin), 200),
    );
    expect(ended.state).toBe('ended');
    await expectProblem(await vitals(clinician), 403, 'PATIENT_FORBIDDEN');
    await expectProblem(
      await call(api, 'POST', '/api/break-glass/bg-none/end', t.admin),
      404,
      'BREAK_GLASS_NOT_FOUND',
    );
  });
});
