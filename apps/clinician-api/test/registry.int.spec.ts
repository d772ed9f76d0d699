import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema, registrySnapshotSchema, type RegistrySnapshot } from '@openward/contracts';
import { verifyMosquittoPassword } from '@openward/credentials';
import { DEMO_ASSIGNED_FROM, DEMO_DEVICES, DEMO_GATEWAY_ID, freePort } from '@openward/testing';
import { waitFor } from '@openward/testing';
import { and, asc, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents, devices } from '../src/database/schema.js';
import { bumpRegistryVersion } from '../src/registry/registry.repository.js';
import { RegistryFeed } from '../src/registry/registry-feed.js';
import { DEMO_GATEWAY_SECRET, login, startApi, type RunningApi } from './harness.js';

const FEED_TOKEN = 'int-test-registry-feed-token-0123456789';
const FEED = '/internal/v1/registry';

let api: RunningApi;
let admin: string;
let nurse: string;
let clinician: string;
let closed = false;

async function feed(query: string, token: string | null = FEED_TOKEN): Promise<Response> {
  return fetch(`${api.baseUrl}${FEED}${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function snapshotOf(res: Response): Promise<RegistrySnapshot> {
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return registrySnapshotSchema.parse(await res.json());
}

async function current(): Promise<RegistrySnapshot> {
  return snapshotOf(await feed(''));
}

function post(path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(problemSchema.parse(await res.json())).toMatchObject({ status, code });
}

function auditRows(action: string, actorId: string) {
  return api.app
    .get(Database)
    .db.select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, actorId)))
    .orderBy(asc(auditEvents.id));
}

const strap = (patientId: string) => {
  const d = DEMO_DEVICES.find((x) => x.patientId === patientId && x.kind === 'heart-rate-strap');
  if (!d) throw new Error(`no strap for ${patientId}`);
  return d;
};

beforeAll(async () => {
  api = await startApi({
    registryFeedToken: FEED_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  [admin, nurse, clinician] = (await Promise.all(
    [
      ['admin', 'admin-demo-pass'],
      ['nurse', 'nurse-demo-pass'],
      ['clinician', 'clinician-demo-pass'],
    ].map(async ([u, p]) => (await login(api.baseUrl, u ?? '', p ?? '')).accessToken),
  )) as [string, string, string];
});

afterAll(async () => {
  if (!closed) await api?.close();
});

describe('GET /internal/v1/registry (the feed ingest long-polls)', () => {
  it('is 401 UNAUTHENTICATED without a token, with a wrong token, and with a staff access token', async () => {
    await expectProblem(await feed('', null), 401, 'UNAUTHENTICATED');
    await expectProblem(await feed('', `${FEED_TOKEN}x`), 401, 'UNAUTHENTICATED');
    await expectProblem(await feed('', admin), 401, 'UNAUTHENTICATED');
  });

  it('answers 200 with the seeded snapshot, its gateway hashes verifying the demo secret', async () => {
    const snap = await current();
    expect(snap.version).toBeGreaterThanOrEqual(1);
    expect(snap.gateways).toHaveLength(1);
    const gw = snap.gateways[0];
    expect(gw).toMatchObject({ id: DEMO_GATEWAY_ID, status: 'active' });
    expect(gw?.mosquittoHash).toMatch(/^\$7\$/);
    expect(verifyMosquittoPassword(DEMO_GATEWAY_SECRET, gw?.mosquittoHash ?? '')).toBe(true);
    expect(verifyMosquittoPassword('wrong-secret-xxxxxxxx', gw?.mosquittoHash ?? '')).toBe(false);
    expect(snap.assignments).toContainEqual({
      deviceAddress: strap('p-1001').address,
      patientId: 'p-1001',
      from: DEMO_ASSIGNED_FROM,
      to: null,
    });
  });

  it('answers 204 with no body once waitSeconds passed without a change, and 200 when the caller is behind', async () => {
    const { version } = await current();
    const unchanged = await feed(`?after=${version}&waitSeconds=1`);
    expect(unchanged.status).toBe(204);
    expect(await unchanged.text()).toBe('');
    expect((await snapshotOf(await feed(`?after=${version - 1}&waitSeconds=30`))).version).toBe(version);
  });

  it.each(['?waitSeconds=31', '?after=-1', '?after=x', '?since=1'])(
    'is 400 BAD_REQUEST for %s',
    async (q) => {
      await expectProblem(await feed(q), 400, 'BAD_REQUEST');
    },
  );

  it('jumps past the version of a caller that is ahead (database restored behind its cache)', async () => {
    const { version } = await current();
    const snap = await snapshotOf(await feed(`?after=${version + 100}&waitSeconds=5`));
    expect(snap.version).toBe(version + 101);
  });
});

describe('admin routes refuse other roles', () => {
  it.each([
    ['nurse', 'u-nurse'],
    ['clinician', 'u-clinician'],
  ])('answers 403 ROLE_FORBIDDEN to the %s, changes nothing and audits the refusal', async (who, actorId) => {
    const token = who === 'nurse' ? nurse : clinician;
    const before = await current();
    await expectProblem(
      await post(`/api/admin/gateways/${DEMO_GATEWAY_ID}/revoke`, token),
      403,
      'ROLE_FORBIDDEN',
    );
    await expectProblem(
      await post(`/api/admin/devices/${strap('p-1001').address}/reassign`, token, { patientId: 'p-1002' }),
      403,
      'ROLE_FORBIDDEN',
    );
    expect(await current()).toEqual(before);
    const rows = await auditRows('route.denied', actorId);
    expect(rows.map((r) => [r.resource, r.outcome, r.actorRole])).toEqual([
      [`POST /api/admin/gateways/${DEMO_GATEWAY_ID}/revoke`, 'denied', who],
      [`POST /api/admin/devices/${strap('p-1001').address}/reassign`, 'denied', who],
    ]);
  });
});

describe('POST /api/admin/devices/:address/reassign', () => {
  it('wakes a held long-poll with the new assignment, and is audited for the new patient', async () => {
    const device = strap('p-1002').address;
    const { version } = await current();
    const held = feed(`?after=${version}&waitSeconds=30`);
    const from = '2026-06-01T12:00:00.000Z';
    const res = await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-1003', from });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { registryVersion: number };
    expect(body).toEqual({
      deviceAddress: device,
      patientId: 'p-1003',
      from,
      previous: { patientId: 'p-1002', to: from },
      registryVersion: version + 1,
    });
    // 200, not the 204 the 30 s hold would end with: the change itself answered the held request.
    const snap = await snapshotOf(await held);
    expect(snap.version).toBe(version + 1);
    expect(snap.assignments.filter((a) => a.deviceAddress === device)).toEqual([
      { deviceAddress: device, patientId: 'p-1002', from: DEMO_ASSIGNED_FROM, to: from },
      { deviceAddress: device, patientId: 'p-1003', from, to: null },
    ]);
    const rows = await auditRows('registry.device.reassign', 'u-admin');
    expect(rows.map((r) => [r.patientId, r.resource, r.outcome])).toContainEqual([
      'p-1003',
      `devices/${device}/assignments`,
      'success',
    ]);
  }, 60_000);

  it('defaults from to now, and refuses conflicts, the same patient, unknown patients and devices', async () => {
    const device = strap('p-1002').address;
    const before = Date.now();
    const res = await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-1001' });
    expect(res.status).toBe(200);
    const { from } = (await res.json()) as { from: string };
    expect(Date.parse(from)).toBeGreaterThanOrEqual(before - 1000);
    const { version } = await current();
    await expectProblem(
      await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-1001' }),
      409,
      'ASSIGNMENT_UNCHANGED',
    );
    await expectProblem(
      await post(`/api/admin/devices/${device}/reassign`, admin, {
        patientId: 'p-1002',
        from: '2026-06-01T12:00:00Z',
      }),
      409,
      'ASSIGNMENT_CONFLICT',
    );
    await expectProblem(
      await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-9999' }),
      422,
      'ASSIGNMENT_PATIENT_NOT_FOUND',
    );
    await expectProblem(
      await post('/api/admin/devices/aa:bb:cc:dd:ee:ff/reassign', admin, { patientId: 'p-1002' }),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectProblem(
      await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-1002', from: 'yesterday' }),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await post(`/api/admin/devices/${device}/reassign`, admin, { patientId: 'p-1002', extra: 1 }),
      400,
      'BAD_REQUEST',
    );
    expect((await current()).version).toBe(version);
    const failures = (await auditRows('registry.device.reassign', 'u-admin')).filter(
      (r) => r.outcome === 'failure',
    );
    expect(failures.length).toBeGreaterThanOrEqual(4);
  });
});

describe('POST /api/admin/gateways/:gatewayId/revoke', () => {
  it('wakes a held long-poll with the gateway revoked, is idempotent and audited', async () => {
    const { version } = await current();
    const held = feed(`?after=${version}&waitSeconds=30`);
    const res = await post(`/api/admin/gateways/${DEMO_GATEWAY_ID}/revoke`, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      gatewayId: DEMO_GATEWAY_ID,
      status: 'revoked',
      registryVersion: version + 1,
    });
    const snap = await snapshotOf(await held);
    expect(snap.version).toBe(version + 1);
    expect(snap.gateways.find((g) => g.id === DEMO_GATEWAY_ID)?.status).toBe('revoked');

    const again = await post(`/api/admin/gateways/${DEMO_GATEWAY_ID}/revoke`, admin);
    expect(((await again.json()) as { registryVersion: number }).registryVersion).toBe(version + 1);
    await expectProblem(await post('/api/admin/gateways/gw-nope/revoke', admin), 404, 'GATEWAY_NOT_FOUND');
    const rows = await auditRows('registry.gateway.revoke', 'u-admin');
    expect(rows.map((r) => [r.resource, r.outcome])).toEqual([
      [`gateways/${DEMO_GATEWAY_ID}`, 'success'],
      [`gateways/${DEMO_GATEWAY_ID}`, 'success'],
      ['gateways/gw-nope', 'failure'],
    ]);
  }, 60_000);

  it('keeps the export file in step with the feed', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = registrySnapshotSchema.parse(
      JSON.parse(await readFile(api.config.registryExportFile, 'utf8')),
    );
    const fed = await current();
    expect({ ...file, generatedAt: '' }).toEqual({ ...fed, generatedAt: '' });
  });
});

describe('changes committed by another writer (a second API instance)', () => {
  it('reach a held long-poll through the periodic database version check', async () => {
    const { version } = await current();
    const held = feed(`?after=${version}&waitSeconds=30`);
    await waitFor(() => api.app.get(RegistryFeed).waiting === 1, { what: 'long-poll held' });
    const { db } = api.app.get(Database);
    await db.transaction(async (tx) => {
      await tx
        .update(devices)
        .set({ kind: 'heart-rate-strap-v2' })
        .where(eq(devices.address, strap('p-1003').address));
      await bumpRegistryVersion(tx);
    });
    const snap = await snapshotOf(await held);
    expect(snap.version).toBe(version + 1);
    expect(snap.devices.find((d) => d.address === strap('p-1003').address)?.kind).toBe('heart-rate-strap-v2');
  }, 60_000);
});

describe('shutdown', () => {
  it('answers held long-polls with 204 instead of waiting for their hold to end', async () => {
    const { version } = await current();
    const hub = api.app.get(RegistryFeed);
    const held = feed(`?after=${version}&waitSeconds=30`);
    await waitFor(() => hub.waiting === 1, { what: 'long-poll held' });
    closed = true;
    await api.close();
    const res = await held;
    expect(res.status).toBe(204);
  }, 60_000);
});
