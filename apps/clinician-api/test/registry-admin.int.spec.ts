import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  gatewayCreatedSchema,
  gatewayEnrollmentIssuedSchema,
  gatewayEnrollResponseSchema,
  gatewayPageSchema,
  normalizeEnrollmentCode,
  type GatewayEnrollResponse,
} from '@openward/contracts';
import { verifyMosquittoPassword, verifySecret } from '@openward/credentials';
import { freePort } from '@openward/testing';
import { eq } from 'drizzle-orm';
import { Clock } from '../src/common/clock.js';
import { Database } from '../src/database/database.js';
import { enrollmentCodes } from '../src/database/schema.js';
import { startApi, type RunningApi } from './harness.js';
import { expectProblem, FEED_TOKEN, json, RegistryClient } from './registry-fixtures.js';

const MQTT_URL = 'mqtts://ingest.example.test:8883';
/** Longest a change may take to reach a held long-poll here (it is pushed at once; this only bounds a bug). */
const FEED_BOUND_MS = 5_000;

let api: RunningApi;
let c: RegistryClient;
let admin: string;
let nurse: string;

beforeAll(async () => {
  api = await startApi({
    registryFeedToken: FEED_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    publicMqttUrl: MQTT_URL,
    enrollmentCodeTtlMinutes: 60,
  });
  c = new RegistryClient(api);
  ({ admin, nurse } = await RegistryClient.tokens(api));
});

afterAll(async () => {
  await api?.close();
});

async function createGateway(label: string, id?: string) {
  const res = await c.call('POST', '/api/admin/gateways', admin, { label, ...(id ? { id } : {}) });
  return json(res, 201, gatewayCreatedSchema);
}

/** Enrols with `code` while a long-poll is held; returns the credentials and the snapshot that answered it. */
async function enrollWatchingFeed(code: string) {
  const { version } = await c.snapshot();
  const started = Date.now();
  const held = c.feed(`?after=${version}&waitSeconds=30`);
  const res = await c.enroll(code);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const creds = await json(res, 200, gatewayEnrollResponseSchema);
  const snap = await c.snapshot(await held);
  expect(Date.now() - started).toBeLessThan(FEED_BOUND_MS);
  return { creds, snap, gateway: snap.gateways.find((g) => g.id === creds.gatewayId) };
}

async function verifies(creds: GatewayEnrollResponse, password = creds.password): Promise<boolean> {
  const gw = (await c.snapshot()).gateways.find((g) => g.id === creds.gatewayId);
  return gw !== undefined && gw.status === 'active' && (await verifySecret(password, gw.secretHash));
}

describe('gateway creation and enrolment', () => {
  let created: Awaited<ReturnType<typeof createGateway>>;
  let creds: GatewayEnrollResponse;

  it('creates a pending gateway with a one-time code shown once, stored only as its SHA-256', async () => {
    const before = Date.now();
    created = await createGateway('Kit 7', 'gw-int-kit-0007');
    expect(created.gateway).toMatchObject({ id: 'gw-int-kit-0007', label: 'Kit 7', status: 'pending' });
    expect(created.enrollment.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    const ttl = Date.parse(created.enrollment.expiresAt) - before;
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000 + 5_000);
    expect(created.gateway.enrollmentCodeExpiresAt).toBe(created.enrollment.expiresAt);

    const rows = await api.app
      .get(Database)
      .db.select()
      .from(enrollmentCodes)
      .where(eq(enrollmentCodes.gatewayId, 'gw-int-kit-0007'));
    const canonical = normalizeEnrollmentCode(created.enrollment.code) ?? '';
    expect(rows.map((r) => [r.codeHash, r.createdBy, r.usedAt])).toEqual([
      [createHash('sha256').update(canonical).digest('hex'), 'u-admin', null],
    ]);
    expect(JSON.stringify(rows)).not.toContain(canonical);
    expect((await c.snapshot()).gateways.map((g) => g.id)).not.toContain('gw-int-kit-0007');
  });

  it('refuses a duplicate id, and generates an id when none is given', async () => {
    await expectProblem(
      await c.call('POST', '/api/admin/gateways', admin, { id: 'gw-int-kit-0007', label: 'again' }),
      409,
      'GATEWAY_EXISTS',
    );
    expect((await createGateway('no id')).gateway.id).toMatch(/^gw-[0-9a-z]{12}$/);
    await expectProblem(
      await c.call('POST', '/api/admin/gateways', admin, { label: '' }),
      400,
      'BAD_REQUEST',
    );
  });

  it('exchanges the code (any case and spacing) for credentials; the held feed shows a hash that verifies them', async () => {
    const typed = created.enrollment.code.toLowerCase().replaceAll('-', ' ');
    const r = await enrollWatchingFeed(typed);
    creds = r.creds;
    expect(creds).toMatchObject({
      gatewayId: 'gw-int-kit-0007',
      username: 'gw-int-kit-0007',
      mqttUrl: MQTT_URL,
    });
    expect(creds.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.gateway?.status).toBe('active');
    expect(await verifySecret(creds.password, r.gateway?.secretHash ?? '')).toBe(true);
    expect(await verifySecret(`${creds.password}x`, r.gateway?.secretHash ?? '')).toBe(false);
    expect(verifyMosquittoPassword(creds.password, r.gateway?.mosquittoHash ?? '')).toBe(true);
    const audit = await c.auditRows('registry.gateway.enroll', 'gateways/gw-int-kit-0007/enrollment');
    expect(audit.map((a) => [a.outcome, a.actorId, a.sourceIp !== null])).toEqual([['success', null, true]]);
  }, 30_000);

  it('refuses the same code again (USED), an unknown one and a malformed one (INVALID), auditing each', async () => {
    await expectProblem(await c.enroll(created.enrollment.code), 410, 'ENROLLMENT_CODE_USED');
    await expectProblem(await c.enroll('0000-0000-0000-0000-0000-0000-0000'), 401, 'ENROLLMENT_CODE_INVALID');
    await expectProblem(await c.enroll('not a code'), 401, 'ENROLLMENT_CODE_INVALID');
    await expectProblem(await c.call('POST', '/api/gateways/enroll', null, {}), 400, 'BAD_REQUEST');
    const used = await c.auditRows('registry.gateway.enroll', 'gateways/gw-int-kit-0007/enrollment');
    expect(used.map((a) => [a.outcome, a.detail])).toEqual([
      ['success', { rotated: false }],
      ['failure', { reason: 'ENROLLMENT_CODE_USED' }],
    ]);
    const unknown = await c.auditRows('registry.gateway.enroll', 'gateways/enrollment');
    expect(unknown.map((a) => a.detail)).toEqual([
      { reason: 'ENROLLMENT_CODE_INVALID' },
      { reason: 'ENROLLMENT_CODE_INVALID' },
    ]);
    expect(await verifies(creds)).toBe(true);
  });

  it('lists gateways by status, in keyset pages', async () => {
    const active = await json(
      await c.call('GET', '/api/admin/gateways?status=active', admin),
      200,
      gatewayPageSchema,
    );
    expect(active.items.map((g) => g.id)).toContain('gw-int-kit-0007');
    expect(active.items.every((g) => g.status === 'active')).toBe(true);
    const first = await json(
      await c.call('GET', '/api/admin/gateways?limit=1', admin),
      200,
      gatewayPageSchema,
    );
    expect(first.items).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = await json(
      await c.call('GET', `/api/admin/gateways?limit=1&cursor=${first.next ?? ''}`, admin),
      200,
      gatewayPageSchema,
    );
    expect(second.items[0]?.id && second.items[0].id > (first.items[0]?.id ?? '')).toBe(true);
    await expectProblem(await c.call('GET', '/api/admin/gateways?cursor=bogus!', admin), 400, 'BAD_REQUEST');
    await expectProblem(await c.call('GET', '/api/admin/gateways?limit=201', admin), 400, 'BAD_REQUEST');
    await expectProblem(await c.call('GET', '/api/admin/gateways?status=lost', admin), 400, 'BAD_REQUEST');
  });

  it('rotates: the old secret works until the gateway exchanges the new code, then only the new one', async () => {
    const res = await c.call('POST', '/api/admin/gateways/gw-int-kit-0007/rotate', admin, {});
    const issued = await json(res, 200, gatewayEnrollmentIssuedSchema);
    expect(issued).toMatchObject({ gatewayId: 'gw-int-kit-0007', status: 'active', immediate: false });
    expect(await verifies(creds)).toBe(true);
    const { creds: next } = await enrollWatchingFeed(issued.enrollment.code);
    expect(next.password).not.toBe(creds.password);
    expect(await verifies(next)).toBe(true);
    expect(await verifies(next, creds.password)).toBe(false);
    const audit = await c.auditRows('registry.gateway.enroll', 'gateways/gw-int-kit-0007/enrollment');
    expect(audit.at(-1)?.detail).toEqual({ rotated: true });
    creds = next;
  }, 30_000);

  it('rotates immediately: the gateway leaves the feed at once (ingest drops it) until it re-enrols', async () => {
    const { version } = await c.snapshot();
    const held = c.feed(`?after=${version}&waitSeconds=30`);
    const res = await c.call('POST', '/api/admin/gateways/gw-int-kit-0007/rotate', admin, {
      immediate: true,
    });
    const issued = await json(res, 200, gatewayEnrollmentIssuedSchema);
    expect(issued).toMatchObject({ status: 'pending', immediate: true, registryVersion: version + 1 });
    expect((await c.snapshot(await held)).gateways.map((g) => g.id)).not.toContain('gw-int-kit-0007');
    const { creds: next, gateway } = await enrollWatchingFeed(issued.enrollment.code);
    expect(gateway?.status).toBe('active');
    expect(await verifies(next)).toBe(true);
    creds = next;
  }, 30_000);

  it('expires a code after the configured lifetime, and a newer code replaces the older one', async () => {
    const { gateway, enrollment } = await createGateway('Kit 8', 'gw-int-kit-0008');
    const clock = api.app.get(Clock);
    const later = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.parse(enrollment.expiresAt) + 1));
    try {
      await expectProblem(await c.enroll(enrollment.code), 410, 'ENROLLMENT_CODE_EXPIRED');
    } finally {
      later.mockRestore();
    }
    const res = await c.call('POST', `/api/admin/gateways/${gateway.id}/enrollment-code`, admin);
    const fresh = await json(res, 201, gatewayEnrollmentIssuedSchema);
    expect(fresh).toMatchObject({ gatewayId: gateway.id, status: 'pending', immediate: false });
    const newer = await json(
      await c.call('POST', `/api/admin/gateways/${gateway.id}/enrollment-code`, admin),
      201,
      gatewayEnrollmentIssuedSchema,
    );
    await expectProblem(await c.enroll(fresh.enrollment.code), 410, 'ENROLLMENT_CODE_EXPIRED');
    expect((await enrollWatchingFeed(newer.enrollment.code)).gateway?.status).toBe('active');
  }, 30_000);
});

describe('revocation', () => {
  it('shows the gateway revoked in the feed, ends its outstanding code and refuses new ones', async () => {
    const { gateway, enrollment } = await createGateway('Kit 9', 'gw-int-kit-0009');
    const first = await enrollWatchingFeed(enrollment.code);
    const pendingCode = await json(
      await c.call('POST', `/api/admin/gateways/${gateway.id}/rotate`, admin, {}),
      200,
      gatewayEnrollmentIssuedSchema,
    );
    const { version } = await c.snapshot();
    const held = c.feed(`?after=${version}&waitSeconds=30`);
    const res = await c.call('POST', `/api/admin/gateways/${gateway.id}/revoke`, admin);
    expect(await res.json()).toEqual({
      gatewayId: gateway.id,
      status: 'revoked',
      registryVersion: version + 1,
    });
    const gw = (await c.snapshot(await held)).gateways.find((g) => g.id === gateway.id);
    expect(gw?.status).toBe('revoked');
    expect(await verifySecret(first.creds.password, gw?.secretHash ?? '')).toBe(true);
    await expectProblem(await c.enroll(pendingCode.enrollment.code), 410, 'ENROLLMENT_CODE_EXPIRED');
    await expectProblem(
      await c.call('POST', `/api/admin/gateways/${gateway.id}/enrollment-code`, admin),
      409,
      'GATEWAY_REVOKED',
    );
    await expectProblem(
      await c.call('POST', `/api/admin/gateways/${gateway.id}/rotate`, admin, {}),
      409,
      'GATEWAY_REVOKED',
    );
    await expectProblem(
      await c.call('POST', '/api/admin/gateways/gw-nope/rotate', admin, {}),
      404,
      'GATEWAY_NOT_FOUND',
    );
  }, 30_000);

  it('revokes a gateway that never enrolled: it appears revoked, with a hash no secret verifies', async () => {
    const { gateway, enrollment } = await createGateway('Kit 10', 'gw-int-kit-0010');
    const res = await c.call('POST', `/api/admin/gateways/${gateway.id}/revoke`, admin);
    expect(res.status).toBe(200);
    const gw = (await c.snapshot()).gateways.find((g) => g.id === gateway.id);
    expect(gw).toMatchObject({ status: 'revoked', secretHash: expect.stringMatching(/^scrypt\$/) });
    expect(gw?.mosquittoHash).toBeUndefined();
    await expectProblem(await c.enroll(enrollment.code), 410, 'ENROLLMENT_CODE_EXPIRED');
  });
});

describe('authorisation', () => {
  const routes: [method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown][] = [
    ['GET', '/api/admin/gateways'],
    ['POST', '/api/admin/gateways', { label: 'x' }],
    ['POST', '/api/admin/gateways/gw-int-kit-0007/enrollment-code'],
    ['POST', '/api/admin/gateways/gw-int-kit-0007/rotate', { immediate: true }],
    ['GET', '/api/admin/devices'],
    [
      'POST',
      '/api/admin/devices',
      { address: '02:00:00:00:00:99', gatewayId: 'gw-int-kit-0007', kind: 'thermometer' },
    ],
    ['PATCH', '/api/admin/devices/c0:ff:ee:00:10:01', { model: 'x' }],
    ['GET', '/api/admin/devices/c0:ff:ee:00:10:01/assignments'],
    ['POST', '/api/admin/devices/c0:ff:ee:00:10:01/assign', { patientId: 'p-1001' }],
    ['POST', '/api/admin/devices/c0:ff:ee:00:10:01/unassign', {}],
  ];

  it('answers 403 ROLE_FORBIDDEN to a nurse on every admin registry route, changes nothing, audits each refusal', async () => {
    const before = await c.snapshot();
    for (const [method, path, body] of routes) {
      await expectProblem(await c.call(method, path, nurse, body), 403, 'ROLE_FORBIDDEN');
    }
    expect(await c.snapshot()).toEqual(before);
    const denied = (await c.auditRows('route.denied')).filter((r) => r.actorId === 'u-nurse');
    expect(denied.map((r) => [r.resource, r.outcome])).toEqual(
      routes.map(([m, p]) => [`${m} ${p}`, 'denied']),
    );
  });
});

describe('enrolment rate limit', () => {
  it('answers 429 with Retry-After once an address made 20 attempts, auditing the first refusal only', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 20; i++) expect((await c.enroll('0000-0000', from)).status).toBe(401);
    const limited = await c.enroll('0000-0000', from);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectProblem(limited, 429, 'ENROLLMENT_RATE_LIMITED');
    await expectProblem(await c.enroll('0000-0000', from), 429, 'ENROLLMENT_RATE_LIMITED');
    // Another address is unaffected.
    await expectProblem(
      await c.enroll('0000-0000', { 'x-forwarded-for': '203.0.113.10' }),
      401,
      'ENROLLMENT_CODE_INVALID',
    );
    const rows = (await c.auditRows('registry.gateway.enroll')).filter((r) => r.sourceIp === '203.0.113.9');
    expect(rows.filter((r) => r.detail?.['reason'] === 'ENROLLMENT_RATE_LIMITED')).toHaveLength(1);
  });
});
