import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { liveReadingSchema, topics, type ReadingV1 } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { startIngest, type IngestApp } from '../src/app.js';
import { mosquittoAcl, SERVICE_USERNAMES } from '../src/external/mosquitto-files.js';
import {
  DEV,
  DEV_OF_GW2,
  GW,
  GW2,
  SECRET,
  SECRET2,
  TOKEN,
  encode,
  makeReading,
  makeSnapshot,
  writeRegistryFile,
} from './fixtures.js';
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';

const N = 400;
const dir = mkdtempSync(join(tmpdir(), 'ingest-ext-'));
const registryFile = join(dir, 'registry.json');
let mosquitto: RunningMosquitto;
const replicas: IngestApp[] = [];
const clients: MqttClient[] = [];
let t0 = Date.now() - 120_000;
const nextAt = () => (t0 += 7);

function startReplica(replicaId: string): Promise<IngestApp> {
  return startIngest(
    {
      mqttHost: '127.0.0.1',
      mqttPort: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      dataDir: join(dir, `data-${replicaId}`),
      registryFile,
      serviceToken: TOKEN,
      logLevel: 'silent',
      batchMaxWaitMs: 0,
      batchMaxPoints: 1000,
      mode: 'external',
      external: { url: mosquitto.url, username: SERVICE_USERNAMES.ingest, shareGroup: 'ingest', replicaId },
    },
    pino({ level: 'silent' }),
    { defaultMetrics: false },
  );
}

async function mqttClient(clientId: string, username: string, password: string): Promise<MqttClient> {
  const c = await connectAsync(mosquitto.url, {
    protocolVersion: 5,
    clientId,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  clients.push(c);
  return c;
}

/** Which replicas hold the reading, and how many points each holds. */
async function holders(r: ReadingV1): Promise<number[]> {
  return Promise.all(replicas.map(async (app) => (await app.store.pointsOf(r.id)).length));
}

beforeAll(async () => {
  const snapshot = await makeSnapshot(1);
  await writeRegistryFile(registryFile, snapshot);
  mosquitto = await startMosquitto({
    users: {
      [GW]: SECRET,
      [GW2]: SECRET2,
      [SERVICE_USERNAMES.ingest]: TOKEN,
      [SERVICE_USERNAMES.clinicianApi]: TOKEN,
    },
    acl: mosquittoAcl(snapshot),
  });
  replicas.push(await startReplica('r1'), await startReplica('r2'));
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await Promise.all(replicas.map((r) => r.close()));
  await mosquitto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('external mode: two ingest replicas behind a real Mosquitto 2 ($share, MQTT 5)', () => {
  it('splits QoS 1 readings between the replicas with no loss and no duplicate rows, and feeds live', async () => {
    const live = await mqttClient('api-live-test', SERVICE_USERNAMES.clinicianApi, TOKEN);
    const liveIds = new Set<string>();
    live.on('message', (_t, payload) => {
      const parsed = liveReadingSchema.safeParse(JSON.parse(payload.toString()));
      if (parsed.success) liveIds.add(parsed.data.reading.id);
    });
    await live.subscribeAsync(topics.liveAll, { qos: 1 });

    const gw1 = await mqttClient(GW, GW, SECRET);
    const gw2 = await mqttClient(GW2, GW2, SECRET2);
    const readings = Array.from({ length: N }, (_, i) =>
      i % 2 === 0
        ? makeReading({ atMs: nextAt(), rr: [810] })
        : makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } }),
    );
    await Promise.all(
      readings.map((r) =>
        (r.gatewayId === GW ? gw1 : gw2).publishAsync(topics.readings(r.gatewayId), encode(r), { qos: 1 }),
      ),
    );

    const stored = await waitFor(
      async () => {
        const all = await Promise.all(readings.map(holders));
        return all.every((h) => h.some((n) => n > 0)) ? all : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `all ${N} readings stored by some replica` },
    );
    // No duplicates: each reading is in exactly one replica's store, with one row per measurement.
    stored.forEach((h, i) => {
      const expected = readings[i]!.measurements.length;
      expect(h.filter((n) => n > 0)).toEqual([expected]);
    });
    const perReplica = replicas.map((_, k) => stored.filter((h) => (h[k] ?? 0) > 0).length);
    expect(perReplica[0]! + perReplica[1]!).toBe(N);
    expect(perReplica[0]).toBeGreaterThan(0);
    expect(perReplica[1]).toBeGreaterThan(0);
    // The live feed goes out through Mosquitto, once per accepted reading (at least once; here exactly).
    await waitFor(() => liveIds.size === N, { timeoutMs: 10_000, what: 'live readings' });
    expect(readings.every((r) => liveIds.has(r.id))).toBe(true);
    const accepted = await Promise.all(
      replicas.map(async (app) => (await app.metrics.readingsAccepted.get()).values[0]?.value ?? 0),
    );
    expect(accepted[0]! + accepted[1]!).toBe(N);
  }, 60_000);

  it("refuses a gateway publishing into another gateway's topic (PUBACK 0x87) and never stores it", async () => {
    const gw1 = await mqttClient(`${GW}`, GW, SECRET);
    const forged = makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } });
    const err = await gw1.publishAsync(topics.readings(GW2), encode(forged), { qos: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 0x87 });
    // The connection stays usable; a later valid reading is stored, the forged one never is.
    const valid = makeReading({ atMs: nextAt(), device: { address: DEV } });
    await gw1.publishAsync(topics.readings(GW), encode(valid), { qos: 1 });
    await waitFor(async () => (await holders(valid)).some((n) => n > 0), { what: 'valid reading stored' });
    expect(await holders(forged)).toEqual([0, 0]);
    const letters = await Promise.all(replicas.map((r) => r.store.deadLetters(100)));
    expect(letters.flat().some((l) => l.topic === topics.readings(GW2))).toBe(false);
  }, 30_000);

  // Mosquitto 2.0.11 answers a bad password to an MQTT 5 client with CONNACK 0x87 "not authorized" (measured),
  // not 0x86 "bad user name or password".
  it('refuses a wrong gateway password at CONNECT (CONNACK 0x87 from Mosquitto 2.0.11)', async () => {
    const err = await connectAsync(mosquitto.url, {
      protocolVersion: 5,
      clientId: GW,
      username: GW,
      password: 'wrong-password',
      reconnectPeriod: 0,
      connectTimeout: 5000,
    }).then(
      (c) => {
        clients.push(c);
        return null;
      },
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 0x87 });
  });
});
