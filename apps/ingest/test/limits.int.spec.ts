import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { topics, type ReadingV1 } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { startIngest, type IngestApp } from '../src/app.js';
import type { MqttLimits } from '../src/broker/broker-config.js';
import {
  DEV_OF_GW2,
  GW,
  GW2,
  SECRET,
  SECRET2,
  encode,
  makeReading,
  makeSnapshot,
  writeRegistryFile,
  localConfig,
} from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ingest-limits-'));
const registryFile = join(dir, 'registry.json');
const apps: IngestApp[] = [];
const clients: MqttClient[] = [];
let t0 = Date.now() - 600_000;
const nextAt = () => (t0 += 7);

const AUTH = {
  baseDelayMs: 20,
  maxDelayMs: 100,
  windowMs: 600_000,
  blockMs: 600_000,
  usernameBlockAfter: 3,
  addressBlockAfter: 10_000, // every test client shares 127.0.0.1: the username dimension is under test
  maxEntries: 1_000,
};

async function start(name: string, limits: MqttLimits): Promise<IngestApp> {
  const app = await startIngest(
    localConfig(join(dir, `data-${name}`), registryFile, {
      mqttLimits: limits,
    }),
    pino({ level: 'silent' }),
    { defaultMetrics: false },
  );
  apps.push(app);
  return app;
}

async function connect(app: IngestApp, id: string, password: string, opts: IClientOptions = {}) {
  const c = await connectAsync(`mqtt://127.0.0.1:${app.mqttPort}`, {
    clientId: id,
    username: id,
    password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...opts,
  });
  clients.push(c);
  return c;
}

const refusal = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

async function counter(app: IngestApp, metric: 'authThrottled' | 'publishThrottled' | 'authFailures') {
  const values = (await app.metrics[metric].get()).values;
  return (labels: Record<string, string>): number =>
    values
      .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k as keyof typeof v.labels] === x))
      .reduce((sum, v) => sum + v.value, 0);
}

/** Each reading stored exactly once: one row per measurement, no more. */
async function storedOnce(app: IngestApp, readings: readonly ReadingV1[]): Promise<boolean> {
  for (const r of readings) {
    if ((await app.store.pointsOf(r.id)).length !== r.measurements.length) return false;
  }
  return true;
}

beforeAll(async () => {
  await writeRegistryFile(registryFile, await makeSnapshot(1));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  for (const a of apps) await a.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('failed-CONNECT throttle (DESIGN.md §13.2)', () => {
  let app: IngestApp;
  beforeAll(async () => {
    app = await start('auth', { clientRate: null, authThrottle: AUTH });
  });

  it('delays a gateway that keeps failing, then blocks it even with the right secret; another gateway connects', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await refusal(connect(app, GW, `wrong-${i}`))).toMatchObject({ code: 4 });
    }
    const throttled = await counter(app, 'authThrottled');
    expect(throttled({ action: 'delayed' })).toBe(3);
    expect(throttled({ dimension: 'username', action: 'block_started' })).toBe(1);

    // Blocked: the right secret is refused too (CONNACK 3, try later), without running scrypt.
    expect(await refusal(connect(app, GW, SECRET))).toMatchObject({ code: 3 });
    expect((await counter(app, 'authFailures'))({ reason: 'throttled' })).toBe(1);
    expect((await counter(app, 'authThrottled'))({ action: 'refused_while_blocked' })).toBe(1);

    // Another gateway from the same address is not affected.
    const other = await connect(app, GW2, SECRET2);
    const r = makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } });
    await other.publishAsync(topics.readings(GW2), encode(r), { qos: 1 });
    expect(await app.store.pointsOf(r.id)).toHaveLength(1);
  });

  it('starts counting afresh after a success', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) {
        expect(await refusal(connect(app, GW2, 'wrong'))).toMatchObject({ code: 4 });
      }
      // 2 + 2 + 2 failures: without the reset at each success the third would already block.
      const ok = await connect(app, GW2, SECRET2);
      expect(ok.connected).toBe(true);
    }
  });
});

describe('per-client publish rate limit by back-pressure (DESIGN.md §13.3)', () => {
  it('slows a flooding gateway, stores each of its readings exactly once, and still serves another gateway', async () => {
    const app = await start('rate', {
      clientRate: { ratePerSecond: 100, burst: 20, maxDelayMs: 20_000 },
      authThrottle: AUTH,
    });
    const flooder = await connect(app, GW, SECRET);
    const quiet = await connect(app, GW2, SECRET2);
    const flood = Array.from({ length: 400 }, () => makeReading({ atMs: nextAt(), rr: [700] }));
    let floodAcked = 0;
    const floodDone = Promise.all(
      flood.map((r) =>
        flooder.publishAsync(topics.readings(GW), encode(r), { qos: 1 }).then(() => void floodAcked++),
      ),
    );
    // Wait for the event: the flooder's publishes are being held back.
    await waitFor(() => (app.broker?.heldPublishes(GW) ?? 0) > 0, { what: 'flooder throttled' });
    const r = makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } });
    await quiet.publishAsync(topics.readings(GW2), encode(r), { qos: 1 });
    // Acknowledged while the flooder is still held back: it did not queue behind the flood.
    expect(app.broker?.heldPublishes(GW)).toBeGreaterThan(0);
    expect(floodAcked).toBeLessThan(flood.length);
    expect(app.broker?.heldPublishes(GW2)).toBe(0);

    await floodDone;
    expect(flooder.connected).toBe(true); // slowed, never dropped
    expect(await storedOnce(app, [...flood, r])).toBe(true);
    const throttled = await counter(app, 'publishThrottled');
    expect(throttled({ outcome: 'delayed' })).toBeGreaterThan(0);
    expect(throttled({ outcome: 'disconnected' })).toBe(0);
  }, 60_000);

  it('disconnects a client whose backlog exceeds the bound; its redelivered readings are all stored once', async () => {
    const app = await start('backlog', {
      clientRate: { ratePerSecond: 200, burst: 10, maxDelayMs: 100 },
      authThrottle: AUTH,
    });
    // A real client: MQTT.js keeps un-acked QoS 1 publishes and resends them after reconnecting.
    const flooder = await connect(app, GW, SECRET, { reconnectPeriod: 50 });
    let closes = 0;
    flooder.on('close', () => closes++);
    const flood = Array.from({ length: 300 }, () => makeReading({ atMs: nextAt() }));
    await Promise.all(flood.map((r) => flooder.publishAsync(topics.readings(GW), encode(r), { qos: 1 })));
    expect(closes).toBeGreaterThan(0);
    expect((await counter(app, 'publishThrottled'))({ outcome: 'disconnected' })).toBeGreaterThan(0);
    expect(await storedOnce(app, flood)).toBe(true);
  }, 60_000);
});
