import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { latestVitalsResponseSchema, type LatestVital } from '@openward/contracts';
import { DEMO_GATEWAY_ID, waitFor } from '@openward/testing';
import { login, simAuto } from '../clients.js';
import type { Stack } from '../stack.js';
import { demoDevice, demoStaff, startTestStack } from './helpers.js';

/**
 * Interface B end to end, on real processes: the registry travels from the clinician API to ingest over the
 * authenticated long-poll feed (apps/ingest DESIGN.md §8.1). Issue 5's bound: a revoked gateway is refused, and
 * a reassigned device attributed to its new patient, within 10 s; ingest restarted while the API is down
 * authenticates and attributes from its on-disk cache.
 */

/** The correctness bound for a registry change to take effect. */
const REGISTRY_BOUND_MS = 10_000;

const admin = demoStaff('admin');
const moved = demoDevice('p-1002'); // Ben's strap, moved to Ada
const adasOwn = demoDevice('p-1001');

/** One sample of a Prometheus text exposition, or 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('registry sync: clinician API feed → ingest (revoke, reassign, API outage)', () => {
  let stack: Stack;
  let dispose: () => Promise<void>;
  let adminToken: string;
  let reassignedVersion = 0;

  const metrics = async (url: string): Promise<string> => (await fetch(`${url}/metrics`)).text();
  const ingestMetrics = (): Promise<string> => metrics(stack.ingestUrl);

  async function latestHeartRate(patientId: string, device: string): Promise<LatestVital | undefined> {
    const res = await fetch(`${stack.ingestUrl}/internal/v1/patients/${patientId}/latest`, {
      headers: { authorization: `Bearer ${stack.secrets.serviceToken}` },
    });
    if (res.status !== 200) return undefined;
    const body = latestVitalsResponseSchema.parse(await res.json());
    return body.vitals.find((v) => v.metric === 'heart-rate' && v.deviceAddress === device);
  }

  async function adminPost(
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ({ stack, dispose } = await startTestStack());
    adminToken = (await login(stack.apiUrl, admin.username, admin.password)).accessToken;
    // Ada's own strap stays quiet so her latest heart rate can only come from the moved strap.
    await simAuto(stack.simControlUrl, adasOwn.address, false);
  }, 180_000);

  afterAll(async () => {
    await dispose?.();
  }, 60_000);

  it('starts ingest from the feed, not a file: registry loaded and synced', async () => {
    const text = await ingestMetrics();
    expect(sample(text, 'ingest_registry_version')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ingest_registry_last_sync_timestamp_seconds')).toBeGreaterThan(0);
    // Ben's strap reaches Ben before the change.
    await waitFor(() => latestHeartRate(moved.patientId, moved.address), {
      timeoutMs: 30_000,
      what: "Ben's strap stored for Ben",
    });
  }, 60_000);

  it('attributes a reading measured after a reassignment to the new patient within 10 s', async () => {
    const { status, json } = await adminPost(`/api/admin/devices/${moved.address}/reassign`, {
      patientId: adasOwn.patientId,
    });
    expect(status).toBe(200);
    const from = Date.parse(String(json['from']));
    reassignedVersion = Number(json['registryVersion']);
    const vital = await waitFor(
      async () => {
        const v = await latestHeartRate(adasOwn.patientId, moved.address);
        return v && Date.parse(v.measuredAt) >= from ? v : undefined;
      },
      { timeoutMs: REGISTRY_BOUND_MS, intervalMs: 100, what: 'moved strap attributed to Ada' },
    );
    expect(vital.deviceAddress).toBe(moved.address);
    expect(sample(await ingestMetrics(), 'ingest_registry_version')).toBe(reassignedVersion);
  }, 30_000);

  it('restarted while the API is down, ingest authenticates the gateway and attributes readings from its cache', async () => {
    await stack.stopService('api');
    await stack.stopService('ingest');
    const restartedAt = Date.now();
    await stack.startService('ingest');
    const text = await ingestMetrics();
    expect(
      sample(text, 'ingest_registry_sync_failures_total', '{reason="unreachable"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ingest_registry_last_sync_timestamp_seconds')).toBe(0);
    expect(sample(text, 'ingest_registry_version')).toBe(reassignedVersion);
    expect((await fetch(`${stack.ingestUrl}/ready`)).status).toBe(200);
    // The gateway reconnects to the new ingest process, is authenticated from the cached hash, and the moved
    // strap's readings are stored for Ada (the cached reassignment).
    const vital = await waitFor(
      async () => {
        const v = await latestHeartRate(adasOwn.patientId, moved.address);
        return v && Date.parse(v.storedAt) >= restartedAt ? v : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'reading stored after the restart, API down' },
    );
    expect(Date.parse(vital.measuredAt)).toBeGreaterThan(0);
    expect(
      sample(await ingestMetrics(), 'ingest_auth_failures_total', '{reason="registry_unavailable"}'),
    ).toBe(0);
  }, 90_000);

  it('refuses the revoked gateway within 10 s of the admin revoking it', async () => {
    await stack.startService('api');
    adminToken = (await login(stack.apiUrl, admin.username, admin.password)).accessToken;
    // Ingest comes back to the feed by itself (backoff ≤ 5 s): wait until its long-poll is held by the API.
    await waitFor(
      async () => sample(await metrics(`${stack.apiUrl}/api`), 'openward_api_registry_feed_waiting') >= 1,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: 'ingest long-polling the restarted API',
      },
    );
    const gatewayHealth = async (): Promise<{ mqtt: { connected: boolean } }> =>
      (await fetch(`${stack.gatewayUrl}/health`)).json() as Promise<{ mqtt: { connected: boolean } }>;
    expect((await gatewayHealth()).mqtt.connected).toBe(true);
    const revokedBefore = sample(await ingestMetrics(), 'ingest_auth_failures_total', '{reason="revoked"}');

    const { status } = await adminPost(`/api/admin/gateways/${DEMO_GATEWAY_ID}/revoke`);
    expect(status).toBe(200);
    await waitFor(
      async () => {
        const refused = sample(await ingestMetrics(), 'ingest_auth_failures_total', '{reason="revoked"}');
        return refused > revokedBefore && !(await gatewayHealth()).mqtt.connected;
      },
      {
        timeoutMs: REGISTRY_BOUND_MS,
        intervalMs: 100,
        what: 'gateway disconnected and its reconnect refused as revoked',
      },
    );
  }, 90_000);
});
