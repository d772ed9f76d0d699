import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { liveReadingSchema, MAX_READING_BYTES, topics, type LiveReading } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { startIngest, type IngestApp } from '../src/app.js';
import { MAX_PACKET_BYTES } from '../src/broker/frame-guard.js';
import { DEFAULT_MQTT_LIMITS } from '../src/broker/broker-config.js';
import {
  DEV,
  DEV_OF_GW2,
  DEV_UNASSIGNED,
  GW,
  GW2,
  PATIENT,
  SECRET,
  SECRET2,
  TOKEN,
  encode,
  makeReading,
  makeSnapshot,
  writeRegistryFile,
  localConfig,
} from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ingest-int-'));
const registryFile = join(dir, 'registry.json');
let app: IngestApp;
const clients: MqttClient[] = [];
let t0 = Date.now() - 60_000;
/** Distinct measurement times so every reading gets a new id. */
const nextAt = () => (t0 += 7);

async function gateway(id = GW, password = SECRET): Promise<MqttClient> {
  const c = await connectAsync(`mqtt://127.0.0.1:${app.mqttPort}`, {
    clientId: id,
    username: id,
    password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  clients.push(c);
  return c;
}

async function service(name = 'test-consumer'): Promise<MqttClient> {
  const c = await connectAsync(`mqtt://127.0.0.1:${app.mqttPort}`, {
    clientId: `${name}-${clients.length}`,
    username: `svc:${name}`,
    password: TOKEN,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  clients.push(c);
  return c;
}

const rejectedCount = async (code: string): Promise<number> =>
  (await app.metrics.rejected.get()).values.find((v) => v.labels.code === code)?.value ?? 0;

beforeAll(async () => {
  await writeRegistryFile(registryFile, await makeSnapshot(1));
  app = await startIngest(
    localConfig(join(dir, 'data'), registryFile, {
      // The burst test below measures group commit, not the per-client rate limit (limits.int.spec.ts).
      mqttLimits: { ...DEFAULT_MQTT_LIMITS, clientRate: null },
    }),
    pino({ level: 'silent' }),
    { defaultMetrics: false },
  );
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest (aedes + DuckDB, in process)', () => {
  it('sends PUBACK only after the reading is in DuckDB, for a stream of concurrent QoS 1 readings', async () => {
    const gw = await gateway();
    const readings = Array.from({ length: 500 }, () => makeReading({ atMs: nextAt(), rr: [800] }));
    const seenAtAck: number[] = [];
    await Promise.all(
      readings.map(
        (r) =>
          new Promise<void>((resolve, reject) =>
            gw.publish(topics.readings(GW), encode(r), { qos: 1 }, (err) => {
              if (err) return reject(err);
              // Queried from the PUBACK callback: the rows must already be committed.
              app.store.pointsOf(r.id).then((rows) => {
                seenAtAck.push(rows.length);
                resolve();
              }, reject);
            }),
          ),
      ),
    );
    expect(seenAtAck).toHaveLength(500);
    expect(seenAtAck.every((n) => n === 2)).toBe(true);
  });

  it('group-commits a burst of readings (throughput measurement)', async () => {
    const gw = await gateway();
    const before =
      (await app.metrics.batchSize.get()).values.find((v) => v.metricName === 'ingest_batch_points_count')
        ?.value ?? 0;
    const readings = Array.from({ length: 5000 }, () => makeReading({ atMs: nextAt() }));
    const started = performance.now();
    await Promise.all(readings.map((r) => gw.publishAsync(topics.readings(GW), encode(r), { qos: 1 })));
    const seconds = (performance.now() - started) / 1000;
    const after =
      (await app.metrics.batchSize.get()).values.find((v) => v.metricName === 'ingest_batch_points_count')
        ?.value ?? 0;
    const writeSum =
      (await app.metrics.batchLatency.get()).values.find(
        (v) => v.metricName === 'ingest_batch_write_seconds_sum',
      )?.value ?? 0;
    process.stdout.write(
      `ingest.int: ${readings.length} QoS 1 readings acked in ${seconds.toFixed(2)} s = ${Math.round(readings.length / seconds)} readings/s, ${after - before} commits, store write time so far ${writeSum.toFixed(2)} s\n`,
    );
    expect(after - before).toBeLessThan(readings.length / 5); // many readings per transaction
    const last = readings[readings.length - 1]!;
    expect(await app.store.pointsOf(last.id)).toHaveLength(1);
  });

  it('stores a redelivered reading id once and acknowledges both deliveries', async () => {
    const gw = await gateway();
    const r = makeReading({ atMs: nextAt(), rr: [900, 910] });
    await gw.publishAsync(topics.readings(GW), encode(r), { qos: 1 });
    await gw.publishAsync(topics.readings(GW), encode(r), { qos: 1, dup: true });
    expect((await app.store.pointsOf(r.id)).map((p) => p.idx)).toEqual([0, 1, 2]);
    expect(await app.metrics.pointsDuplicate.get()).toMatchObject({ values: [{ value: 3 }] });
  });

  it('refuses a wrong password with CONNACK 4 and counts it', async () => {
    await expect(gateway(GW, 'wrong-password')).rejects.toMatchObject({ code: 4 });
    const failures = await app.metrics.authFailures.get();
    expect(failures.values.find((v) => v.labels.reason === 'bad_secret')?.value).toBe(1);
  });

  it("closes a gateway that publishes into another gateway's topic, without PUBACK or storage", async () => {
    const gw = await gateway();
    const r = makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } });
    let acked = false;
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    gw.publish(topics.readings(GW2), encode(r), { qos: 1 }, (err) => {
      if (!err) acked = true;
    });
    await closed;
    expect(acked).toBe(false);
    expect(await app.store.pointsOf(r.id)).toEqual([]);
  });

  it('dead-letters invalid messages with their code, acknowledges them, never forwards them, and keeps the connection', async () => {
    const raw = await service();
    const forwarded: string[] = [];
    raw.on('message', (_t, payload) => forwarded.push(payload.toString('utf8').slice(0, 40)));
    await raw.subscribeAsync(topics.allReadings, { qos: 1 });

    const gw = await gateway();
    const unknown = makeReading({ atMs: nextAt(), device: { address: 'aa:bb:cc:00:00:01' } });
    const cases: Array<[string, Buffer]> = [
      ['UNKNOWN_DEVICE', encode(unknown)],
      ['NOT_UTF8_JSON', Buffer.from('{"schema": "openward.reading/1", ')],
      ['SCHEMA', encode({ ...makeReading({ atMs: nextAt() }), sequence: -1 })],
      ['OVERSIZE', Buffer.alloc(MAX_READING_BYTES + 500, 0x20)],
      ['OUT_OF_RANGE', encode(makeReading({ atMs: nextAt(), bpm: 65_535 }))],
      [
        'GATEWAY_MISMATCH',
        encode(makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } })),
      ],
      ['FUTURE_TIMESTAMP', encode(makeReading({ atMs: Date.now() + 10 * 60_000 }))],
    ];
    for (const [, payload] of cases) await gw.publishAsync(topics.readings(GW), payload, { qos: 1 });
    const valid = makeReading({ atMs: nextAt() });
    await gw.publishAsync(topics.readings(GW), encode(valid), { qos: 1 });
    expect(gw.connected).toBe(true);
    expect(await app.store.pointsOf(valid.id)).toHaveLength(1);

    const letters = (await app.store.deadLetters(cases.length)).reverse();
    expect(letters.map((l) => l.code)).toEqual(cases.map(([code]) => code));
    expect(letters.every((l) => l.clientId === GW && l.topic === topics.readings(GW))).toBe(true);
    expect(Buffer.from(letters[1]!.payload).toString('utf8')).toBe('{"schema": "openward.reading/1", ');
    expect(letters[3]!.payload.byteLength).toBe(MAX_READING_BYTES + 500);
    const outOfRange = letters.find((l) => l.code === 'OUT_OF_RANGE'); // raw bytes kept
    expect(outOfRange && Buffer.from(outOfRange.payload).toString('utf8')).toBe(
      cases[4]?.[1].toString('utf8'),
    );
    for (const [code] of cases) expect(await rejectedCount(code)).toBe(1);

    // The valid reading is forwarded on the raw topic; none of the rejected ones ever is.
    await waitFor(() => forwarded.length >= 1, { what: 'raw forward' });
    await gw.publishAsync(topics.readings(GW), encode(makeReading({ atMs: nextAt() })), { qos: 1 });
    await waitFor(() => forwarded.length >= 2, { what: 'second raw forward' });
    expect(forwarded).toHaveLength(2);
    expect(forwarded.every((p) => p.startsWith('{"schema":"openward.reading/1"'))).toBe(true);
  });

  it('closes the connection on a packet above the hard size limit', async () => {
    const gw = await gateway();
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    gw.publish(topics.readings(GW), Buffer.alloc(MAX_PACKET_BYTES + 1, 0x20), { qos: 1 });
    await closed;
    const denied = await app.metrics.aclDenied.get();
    expect(denied.values.find((v) => v.labels.action === 'oversize_packet')?.value).toBe(1);
  });

  it('publishes a LiveReading attributed to the patient, and unassigned readings on the unassigned topic', async () => {
    const svc = await service('clinician-api');
    const live: Array<{ topic: string; msg: LiveReading }> = [];
    svc.on('message', (topic, payload) =>
      live.push({ topic, msg: liveReadingSchema.parse(JSON.parse(payload.toString())) }),
    );
    await svc.subscribeAsync(topics.liveAll, { qos: 1 });
    const gw = await gateway();
    const assigned = makeReading({ atMs: nextAt(), bpm: 77 });
    const unassigned = makeReading({ atMs: nextAt(), device: { address: DEV_UNASSIGNED } });
    await gw.publishAsync(topics.readings(GW), encode(assigned), { qos: 1 });
    await gw.publishAsync(topics.readings(GW), encode(unassigned), { qos: 1 });
    await waitFor(() => live.length >= 2, { what: 'two live readings' });
    const a = live.find((l) => l.msg.reading.id === assigned.id)!;
    expect(a.topic).toBe(topics.liveReadings(PATIENT));
    expect(a.msg.patientId).toBe(PATIENT);
    expect(a.msg.reading).toEqual(assigned);
    const [stored] = await app.store.pointsOf(assigned.id);
    expect(a.msg.storedAt).toBe(new Date(stored!.storedAtMs).toISOString());
    const u = live.find((l) => l.msg.reading.id === unassigned.id)!;
    expect(u.topic).toBe(topics.liveUnassigned);
    expect(u.msg.patientId).toBeNull();
  });

  it('refuses a gateway subscription to the live feed or to another gateway, but grants its own config', async () => {
    const gw = await gateway();
    // MQTT.js reports a SUBACK containing 0x80 as an error carrying the SUBACK packet.
    const err = (await gw
      .subscribeAsync([topics.liveAll, topics.config(GW2), topics.config(GW)], { qos: 1 })
      .then(
        () => null,
        (e: unknown) => e,
      )) as { packet?: { granted: number[] } } | null;
    expect(err?.packet?.granted).toEqual([128, 128, 1]);
    expect(gw.connected).toBe(true);
  });

  it('serves latest vitals and dead letters only with the service token', async () => {
    const base = `http://127.0.0.1:${app.httpPort}`;
    const noToken = await fetch(`${base}/internal/v1/patients/${PATIENT}/latest`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toBe('application/problem+json');
    expect(await noToken.json()).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      title: expect.any(String),
      type: expect.any(String),
    });
    const wrong = await fetch(`${base}/internal/v1/dead-letters`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);

    const auth = { authorization: `Bearer ${TOKEN}` };
    const latest = await fetch(`${base}/internal/v1/patients/${PATIENT}/latest`, { headers: auth });
    expect(latest.status).toBe(200);
    const body = (await latest.json()) as {
      patientId: string;
      vitals: Array<{ metric: string; value: number; unit: string }>;
    };
    expect(body.patientId).toBe(PATIENT);
    expect(body.vitals.map((v) => v.metric)).toEqual(['heart-rate', 'rr-interval']);
    expect(body.vitals[0]).toMatchObject({ value: 77, unit: '/min', deviceAddress: DEV });

    const dl = await fetch(`${base}/internal/v1/dead-letters?limit=2`, { headers: auth });
    const dlBody = (await dl.json()) as { deadLetters: Array<{ code: string }> };
    expect(dlBody.deadLetters.map((d) => d.code)).toEqual(['FUTURE_TIMESTAMP', 'GATEWAY_MISMATCH']);
    expect((await fetch(`${base}/internal/v1/dead-letters?limit=0`, { headers: auth })).status).toBe(400);

    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { mqtt: true, store: true, registry: true },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/ingest_rejected_total\{code="UNKNOWN_DEVICE"\} 1/);
    expect(metrics).toMatch(/ingest_live_publishes_total\{attribution="patient"\}/);
  });

  it('ignores an invalid or older registry file and applies a revocation: the gateway is cut off and refused', async () => {
    const gw = await gateway();
    const other = await gateway(GW2, SECRET2);
    await writeRegistryFile(registryFile, '{ not json');
    await waitFor(
      async () => ((await app.metrics.registryReloadFailures.get()).values.length > 0 ? true : undefined),
      {
        what: 'invalid registry counted',
      },
    );
    await writeRegistryFile(registryFile, await makeSnapshot(0, { [GW]: 'revoked' }));
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    await writeRegistryFile(registryFile, await makeSnapshot(5, { [GW]: 'revoked' }));
    await closed;
    expect(app.registry.version()).toBe(5);
    await expect(gateway()).rejects.toMatchObject({ code: 5 });
    // The other gateway is unaffected.
    await other.publishAsync(
      topics.readings(GW2),
      encode(makeReading({ atMs: nextAt(), gatewayId: GW2, device: { address: DEV_OF_GW2 } })),
      { qos: 1 },
    );
    expect(other.connected).toBe(true);
  });
});
