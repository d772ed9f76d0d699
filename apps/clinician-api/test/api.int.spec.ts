import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  loginResponseSchema,
  patientPageSchema,
  patientSummarySchema,
  problemSchema,
  registrySnapshotSchema,
  type LatestVitalsResponse,
} from '@openward/contracts';
import { verifySecret } from '@openward/credentials';
import { DEMO_ASSIGNED_FROM, DEMO_DEVICES, DEMO_GATEWAY_ID, freePort } from '@openward/testing';
import { and, eq, sql } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';
import { DEMO_GATEWAY_SECRET, IngestStandIn, login, startApi, type RunningApi } from './harness.js';

const SERVICE_TOKEN = 'int-test-service-token-0123456789abcdef';

let api: RunningApi;
let ingest: IngestStandIn;
let nurseToken: string;
let dashboardDir: string | undefined;

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

async function get(path: string, token?: string): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(problemSchema.parse(await res.json())).toMatchObject({ status, code });
}

function auditRows(action: string, patientId: string | null) {
  const db = api.app.get(Database).db;
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        patientId === null ? sql`${auditEvents.patientId} is null` : eq(auditEvents.patientId, patientId),
      ),
    );
}

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  ingest.latest.set('p-1001', ada);
  dashboardDir = await mkdtemp(join(tmpdir(), 'ow-dashboard-'));
  await mkdir(join(dashboardDir, 'assets'), { recursive: true });
  await writeFile(join(dashboardDir, 'index.html'), '<!doctype html><title>OpenWard</title>');
  await writeFile(join(dashboardDir, 'assets', 'app.js'), 'console.log(1)');
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    dashboardDir,
  });
  nurseToken = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
  if (dashboardDir) await rm(dashboardDir, { recursive: true, force: true });
});

describe('POST /api/auth/login', () => {
  it('logs the demo nurse in with a 15-minute token and audits success', async () => {
    const before = Date.now();
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nurse', password: 'nurse-demo-pass' }),
    });
    expect(res.status).toBe(200);
    const body = loginResponseSchema.parse(await res.json());
    expect(body.user).toEqual({ id: 'u-nurse', username: 'nurse', displayName: 'Nina Nurse', role: 'nurse' });
    const ttl = Date.parse(body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 1_000);
    const me = await get('/api/me', body.accessToken);
    expect(await me.json()).toEqual({
      ...body.user,
      patientId: null,
      careTeamIds: ['team-north'],
      mfaEnabled: false,
    });
    const rows = await auditRows('auth.login', null);
    expect(rows.some((r) => r.actorId === 'u-nurse' && r.outcome === 'success' && r.sourceIp !== null)).toBe(
      true,
    );
  });

  it('answers a wrong password and an unknown user with the same 401 problem', async () => {
    const bodies: unknown[] = [];
    for (const creds of [
      { username: 'nurse', password: 'nope' },
      { username: 'ghost', password: 'nurse-demo-pass' },
    ]) {
      const res = await fetch(`${api.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      bodies.push(await res.json());
    }
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0]).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    const failures = (await auditRows('auth.login', null)).filter((r) => r.outcome === 'failure');
    expect(failures.map((r) => r.actorId).sort()).toEqual(['u-nurse', null].sort());
  });

  it('rejects a malformed body with a 400 BAD_REQUEST problem', async () => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nurse', password: '', admin: true }),
    });
    await expectProblem(res, 400, 'BAD_REQUEST');
  });
});

describe('GET /api/patients', () => {
  it('returns only team-north patients to the nurse and audits the read', async () => {
    const res = await get('/api/patients', nurseToken);
    expect(res.status).toBe(200);
    // A page of PatientListItem (contracts records.ts); each item is also a PatientSummary.
    const list = patientPageSchema.parse(await res.json()).items;
    expect(patientSummarySchema.array().parse(list)).toEqual([
      { id: 'p-1001', displayName: 'Ada Example', careTeamId: 'team-north' },
      { id: 'p-1002', displayName: 'Ben Sample', careTeamId: 'team-north' },
    ]);
    const rows = await auditRows('patient.list', null);
    expect(rows.some((r) => r.actorId === 'u-nurse' && r.outcome === 'success')).toBe(true);
  });

  it('returns both teams to the clinician', async () => {
    const token = (await login(api.baseUrl, 'clinician', 'clinician-demo-pass')).accessToken;
    const list = patientPageSchema.parse(await (await get('/api/patients', token)).json()).items;
    expect(list.map((p) => p.id)).toEqual(['p-1001', 'p-1002', 'p-1003']);
  });

  it('is 401 UNAUTHENTICATED without a token or with a garbage token', async () => {
    await expectProblem(await get('/api/patients'), 401, 'UNAUTHENTICATED');
    await expectProblem(await get('/api/patients', 'a.b.c'), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /api/patients/:id/vitals/latest', () => {
  it('proxies ingest with the service bearer token and audits allowed', async () => {
    const seen = ingest.requests.length;
    const res = await get('/api/patients/p-1001/vitals/latest', nurseToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(ada);
    const req = ingest.requests.slice(seen);
    expect(req).toHaveLength(1);
    expect(req[0]?.url).toBe('/internal/v1/patients/p-1001/latest');
    expect(req[0]?.headers.authorization).toBe(`Bearer ${SERVICE_TOKEN}`);
    const rows = await auditRows('vitals.read', 'p-1001');
    expect(rows.map((r) => [r.actorId, r.outcome])).toContainEqual(['u-nurse', 'allowed']);
  });

  it("is 403 for another team's patient, never asks ingest, and writes a 'denied' audit row", async () => {
    const seen = ingest.requests.length;
    await expectProblem(
      await get('/api/patients/p-1003/vitals/latest', nurseToken),
      403,
      'PATIENT_FORBIDDEN',
    );
    expect(ingest.requests.length).toBe(seen);
    const rows = await auditRows('vitals.read', 'p-1003');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: 'u-nurse',
      actorRole: 'nurse',
      outcome: 'denied',
      resource: 'patients/p-1003/vitals/latest',
    });
  });

  it('is 404 for a patient that does not exist', async () => {
    await expectProblem(
      await get('/api/patients/p-9999/vitals/latest', nurseToken),
      404,
      'PATIENT_NOT_FOUND',
    );
  });
});

describe('audit trail', () => {
  it('refuses UPDATE and DELETE on audit_events (append-only)', async () => {
    const db = api.app.get(Database).db;
    await expect(db.update(auditEvents).set({ outcome: 'allowed' })).rejects.toThrow();
    await expect(db.delete(auditEvents)).rejects.toThrow();
    expect((await db.select().from(auditEvents)).length).toBeGreaterThan(0);
  });
});

describe('registry export', () => {
  it('writes a valid openward.registry/1 snapshot with the demo gateway hash and assignments', async () => {
    const snap = registrySnapshotSchema.parse(
      JSON.parse(readFileSync(api.config.registryExportFile, 'utf8')),
    );
    expect(snap.version).toBeGreaterThanOrEqual(1);
    expect(snap.gateways).toHaveLength(1);
    expect(snap.gateways[0]?.id).toBe(DEMO_GATEWAY_ID);
    expect(snap.gateways[0]?.status).toBe('active');
    expect(await verifySecret(DEMO_GATEWAY_SECRET, snap.gateways[0]?.secretHash ?? '')).toBe(true);
    expect(await verifySecret('wrong-secret-xxxxxxxx', snap.gateways[0]?.secretHash ?? '')).toBe(false);
    expect(snap.devices).toEqual(
      DEMO_DEVICES.map((d) => ({ address: d.address, gatewayId: DEMO_GATEWAY_ID, kind: d.kind })),
    );
    expect(snap.assignments).toEqual(
      DEMO_DEVICES.map((d) => ({
        deviceAddress: d.address,
        patientId: d.patientId,
        from: DEMO_ASSIGNED_FROM,
        to: null,
      })),
    );
  });
});

describe('health, metrics and dashboard', () => {
  it('serves /api/health and Prometheus /api/metrics without a token', async () => {
    expect(await (await get('/api/health')).json()).toEqual({
      status: 'ok',
      database: api.store === 'postgres' ? 'node-postgres' : 'pglite',
    });
    const metrics = await get('/api/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/openward_api_logins_total\{outcome="success"\} [1-9]/);
  });

  it('serves the dashboard with SPA fallback but keeps /api 404s as problems', async () => {
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<title>OpenWard</title>');
    expect(await (await get('/assets/app.js')).text()).toBe('console.log(1)');
    const deep = await get('/patients/p-1001');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>OpenWard</title>');
    await expectProblem(await get('/api/nope', nurseToken), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers FHIR routes with FHIR JSON, never the dashboard page, while the dashboard is served', async () => {
    const metadata = await get('/fhir/R4/metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(((await metadata.json()) as { resourceType: string }).resourceType).toBe('CapabilityStatement');
    const search = await get('/fhir/R4/Observation?patient=p-1001&_count=1', nurseToken);
    expect(search.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(((await search.json()) as { resourceType: string }).resourceType).toBe('Bundle');
    const unknown = await get('/fhir/R4/Medication', nurseToken);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });
});

describe('ingest unreachable', () => {
  it('answers 502 INGEST_UNAVAILABLE when nothing listens at API_INGEST_URL', async () => {
    await ingest.stop();
    await expectProblem(
      await get('/api/patients/p-1001/vitals/latest', nurseToken),
      502,
      'INGEST_UNAVAILABLE',
    );
  });
});
