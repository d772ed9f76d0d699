// DESIGN.md §10.5: several MQTT sessions per ingest replica in the share group, so one replica has several
// readings in flight and the group commit forms; and surplus sessions are drained and deleted when
// INGEST_EXTERNAL_SESSIONS is lowered. Real Mosquitto 2, real DuckDB, in-process ingest.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { topics, type ReadingV1 } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { startIngest, type IngestApp } from '../src/app.js';
import { SESSION_EXPIRY_S, sessionClientId } from '../src/external/consumer.js';
import { SERVICE_USERNAMES, mosquittoAcl } from '../src/external/mosquitto-files.js';
import { fleetDeviceAddress, fleetGatewayId, fleetSecret, fleetSnapshot } from './crash-fleet-kit.js';
import { TOKEN, encode, makeReading, writeRegistryFile, localConfig } from './fixtures.js';
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';

const GATEWAYS = 20;
const REPLICA = 'r1';
const dir = mkdtempSync(join(tmpdir(), 'ingest-ext-sessions-'));
const registryFile = join(dir, 'registry.json');
let mosquitto: RunningMosquitto;
let app: IngestApp | null = null;
const gateways = new Map<string, MqttClient>();
let t0 = Date.now() - 3_600_000;

function startReplica(sessions: number): Promise<IngestApp> {
  return startIngest(
    localConfig(join(dir, 'data'), registryFile, {
      mode: 'external',
      external: {
        url: mosquitto.url,
        username: SERVICE_USERNAMES.ingest,
        shareGroup: 'ingest',
        replicaId: REPLICA,
        sessions,
      },
    }),
    pino({ level: 'silent' }),
    { defaultMetrics: false },
  );
}

async function restart(sessions: number): Promise<IngestApp> {
  await app?.close();
  app = null;
  app = await startReplica(sessions);
  return app;
}

/** `perGateway` readings from each of the 20 gateways, one heart rate each, all distinct. */
function burst(perGateway: number): ReadingV1[] {
  const out: ReadingV1[] = [];
  for (let i = 0; i < perGateway; i++) {
    t0 += 10;
    for (let n = 1; n <= GATEWAYS; n++) {
      out.push(
        makeReading({ atMs: t0, gatewayId: fleetGatewayId(n), device: { address: fleetDeviceAddress(n) } }),
      );
    }
  }
  return out;
}

/** Publishes QoS 1 from each reading's own gateway, all at once; resolves when Mosquitto acknowledged all. */
async function publish(readings: readonly ReadingV1[]): Promise<void> {
  await Promise.all(
    readings.map(async (r) => {
      const gw = gateways.get(r.gatewayId);
      if (!gw) throw new Error(`no client for ${r.gatewayId}`);
      await gw.publishAsync(topics.readings(r.gatewayId), encode(r), { qos: 1 });
    }),
  );
}

const metric = async (m: { get(): Promise<{ values: Array<{ value: number }> }> }): Promise<number> =>
  (await m.get()).values.reduce((s, v) => s + v.value, 0);

/** Waits until the replica accepted `total` readings, then checks each is stored once (one row each). */
async function expectStoredOnce(a: IngestApp, readings: readonly ReadingV1[], total: number): Promise<void> {
  await waitFor(async () => (await metric(a.metrics.readingsAccepted)) >= total, {
    timeoutMs: 60_000,
    intervalMs: 50,
    what: `${total} readings accepted`,
  });
  const rows = await Promise.all(readings.map(async (r) => (await a.store.pointsOf(r.id)).length));
  expect(rows.filter((n) => n !== 1)).toEqual([]);
  expect(await metric(a.metrics.readingsAccepted)).toBe(total);
  expect(await metric(a.metrics.pointsDuplicate)).toBe(0);
}

/** Batches committed, and how many of them held exactly one point (`le="1"` bucket). */
async function batches(a: IngestApp): Promise<{ count: number; single: number; points: number }> {
  const values = (await a.metrics.batchSize.get()).values;
  const find = (name: string, le?: number): number =>
    values.find((v) => v.metricName === name && (le === undefined || v.labels['le'] === le))?.value ?? -1;
  return {
    count: find('ingest_batch_points_count'),
    single: find('ingest_batch_points_bucket', 1),
    points: find('ingest_batch_points_sum'),
  };
}

async function ready(a: IngestApp): Promise<number> {
  return (await fetch(`http://127.0.0.1:${a.httpPort}/ready`)).status;
}

/**
 * Whether Mosquitto holds a session for this client id: connects once with clean start off. `keep`: the probe
 * leaves the session as it was (24 h expiry); otherwise the probe ends it with expiry 0, i.e. deletes what
 * its own CONNECT may have created. Never acknowledges a message it may be sent.
 */
async function sessionExists(clientId: string, keep: boolean): Promise<boolean> {
  const c = connect(mosquitto.url, {
    protocolVersion: 5,
    clientId,
    username: SERVICE_USERNAMES.ingest,
    password: TOKEN,
    clean: false,
    properties: { sessionExpiryInterval: keep ? SESSION_EXPIRY_S : 0 },
    reconnectPeriod: 0,
    customHandleAcks: (_topic, _payload, _packet, cb) => cb(new Error('probe: no PUBACK')),
  });
  c.on('error', () => undefined);
  const present = await new Promise<boolean>((resolve, reject) => {
    c.once('connect', (connack) => resolve(connack.sessionPresent));
    c.once('close', () => reject(new Error(`probe ${clientId}: connection closed`)));
  });
  await c.endAsync();
  return present;
}

beforeAll(async () => {
  const snapshot = await fleetSnapshot(GATEWAYS);
  await writeRegistryFile(registryFile, snapshot);
  const users: Record<string, string> = { [SERVICE_USERNAMES.ingest]: TOKEN };
  for (let n = 1; n <= GATEWAYS; n++) users[fleetGatewayId(n)] = fleetSecret(n);
  mosquitto = await startMosquitto({ passwords: users, acl: mosquittoAcl(snapshot) });
  for (let n = 1; n <= GATEWAYS; n++) {
    gateways.set(
      fleetGatewayId(n),
      await connectAsync(mosquitto.url, {
        protocolVersion: 5,
        clientId: fleetGatewayId(n),
        username: fleetGatewayId(n),
        password: fleetSecret(n),
        reconnectPeriod: 0,
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([...gateways.values()].map((g) => g.endAsync(true).catch(() => undefined)));
  await mosquitto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('external mode: several MQTT sessions per replica (DESIGN.md §10.5)', () => {
  it('with one session every commit holds exactly one reading (the MQTT.js limit of §10.1)', async () => {
    const a = await restart(1);
    expect(a.consumer?.clientIds()).toEqual(['ingest-r1-s1']);
    const readings = burst(10);
    await publish(readings);
    await expectStoredOnce(a, readings, readings.length);
    expect(await batches(a)).toEqual({ count: 200, single: 200, points: 200 });
  }, 60_000);

  it('with 8 sessions a burst from 20 gateways is committed in batches of several readings, each stored once', async () => {
    const a = await restart(8);
    expect(a.consumer?.clientIds()).toEqual(Array.from({ length: 8 }, (_, i) => `ingest-r1-s${i + 1}`));
    expect(await metric(a.metrics.externalSessionsConnected)).toBe(8);
    expect(await ready(a)).toBe(200);
    expect(await a.consumer?.retirement()).toEqual({ retired: [], kept: [] });
    const readings = burst(25);
    await publish(readings);
    await expectStoredOnce(a, readings, 500);
    const b = await batches(a);
    expect(b.points).toBe(500);
    // Several readings met in one commit: fewer commits than readings, and some held more than one.
    expect(b.count).toBeLessThan(500);
    expect(b.single).toBeLessThan(b.count);
    process.stdout.write(
      `external-sessions.int: 8 sessions, 500 readings in ${b.count} commits (${b.single} of one reading)\n`,
    );
  }, 60_000);

  it('a restarted replica resumes all its sessions: readings queued for each of them while it was down arrive', async () => {
    await app?.close();
    app = null;
    const readings = burst(15); // 300, spread round-robin over the 8 offline sessions
    await publish(readings);
    const a = await restart(8);
    await expectStoredOnce(a, readings, 300);
  }, 60_000);

  it('lowering the session count drains and deletes the surplus sessions; nothing queued in them is lost', async () => {
    await app?.close();
    app = null;
    // 1,000 queued over s1…s8 while the replica is down: 125 per session, more than the 100 Mosquitto may
    // have in flight to one session, so the surplus sessions need more than one UNSUBSCRIBE round to drain.
    const queued = burst(50);
    await publish(queued);
    const a = await restart(3);
    expect(a.consumer?.clientIds()).toEqual(['ingest-r1-s1', 'ingest-r1-s2', 'ingest-r1-s3']);
    const report = await a.consumer?.retirement();
    expect(report).toEqual({
      retired: ['ingest-r1-s8', 'ingest-r1-s7', 'ingest-r1-s6', 'ingest-r1-s5', 'ingest-r1-s4'],
      kept: [],
    });
    await expectStoredOnce(a, queued, 1000);
    // The share group has only s1…s3 now: new readings all reach them (a leftover member would hold some).
    const later = burst(5);
    await publish(later);
    await expectStoredOnce(a, later, 1100);
    expect(await metric(a.metrics.externalSessionsConnected)).toBe(3);
    for (let k = 4; k <= 8; k++) {
      expect(await sessionExists(sessionClientId('ingest-r1', k), false)).toBe(false);
    }
  }, 90_000);

  it('shutdown closes every session and leaves them on Mosquitto for the next start', async () => {
    const a = app;
    if (!a) throw new Error('no replica');
    await a.close();
    app = null;
    expect(await metric(a.metrics.externalSessionsConnected)).toBe(0);
    expect(a.consumer?.isConnected()).toBe(false);
    // The sessions stay on Mosquitto for the next start (DESIGN.md §10.4); the retired ones are gone.
    for (const k of [1, 2, 3]) expect(await sessionExists(sessionClientId('ingest-r1', k), true)).toBe(true);
    expect(await sessionExists(sessionClientId('ingest-r1', 4), false)).toBe(false);
  });
});
