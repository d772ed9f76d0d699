import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { topics, vitalEventSchema, type SubscribeAck, type VitalEvent } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { Aedes } from 'aedes';
import { SignJWT } from 'jose';
import { connectAsync, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { and, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';
import { MQTT_SERVICE_USERNAME } from '../src/live/live-feed.js';
import { encodeJson, liveReadingFactory } from './live-fixtures.js';
import { login, startApi, type RunningApi } from './harness.js';

const SERVICE_TOKEN = 'live-test-service-token-0123456789abcdef';

let broker: Aedes;
let brokerServer: Server;
let brokerPort: number;
let api: RunningApi;
let publisher: MqttClient;
const sockets: Socket[] = [];
let apiSubscribed: Promise<void>;

/** Connects to /live and resolves once connected, or rejects with the connect_error message. */
function connectLive(auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${api.baseUrl}/live`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

beforeAll(async () => {
  broker = await Aedes.createBroker({
    // The broker authenticates the API exactly as ingest does: `svc:<name>` + the shared service token.
    authenticate: (_client, username, password, done) => {
      const ok = username === MQTT_SERVICE_USERNAME || username === 'svc:ingest';
      done(null, ok && password?.toString() === SERVICE_TOKEN);
    },
  });
  apiSubscribed = new Promise((resolve) => {
    broker.on('subscribe', (subs, client) => {
      if (
        client.id.startsWith('svc-clinician-api-') &&
        subs.some((s) => s.topic === topics.liveAll && s.qos === 1)
      ) {
        resolve();
      }
    });
  });
  brokerServer = createServer(broker.handle);
  await new Promise<void>((resolve) => brokerServer.listen(0, '127.0.0.1', resolve));
  const a = brokerServer.address();
  brokerPort = typeof a === 'object' && a ? a.port : 0;
  api = await startApi({ serviceToken: SERVICE_TOKEN, ingestMqttUrl: `mqtt://127.0.0.1:${brokerPort}` });
  publisher = await connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
    username: 'svc:ingest',
    password: SERVICE_TOKEN,
    clientId: 'svc-ingest-test',
    protocolVersion: 4,
  });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await publisher?.endAsync();
  await api?.close();
  await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (brokerServer ? brokerServer.close(() => resolve()) : resolve()));
});

describe('socket.io /live handshake', () => {
  it('refuses a connection without a token', async () => {
    await expect(connectLive({})).rejects.toThrow('UNAUTHENTICATED');
  });

  it('refuses a forged token (signed with another secret)', async () => {
    const forged = await new SignJWT({ role: 'clinician', careTeams: ['team-north', 'team-south'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-clinician')
      .setIssuer('openward-clinician-api')
      .setAudience('openward-clinician')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode('forged-secret-0123456789abcdef0123456'));
    await expect(connectLive({ token: forged })).rejects.toThrow('UNAUTHENTICATED');
  });
});

describe('live subscribe and vital push', () => {
  let nurse: Socket;
  beforeAll(async () => {
    const { accessToken } = await login(api.baseUrl, 'nurse', 'nurse-demo-pass');
    nurse = await connectLive({ token: accessToken });
  });

  it('acks ok for an own-team patient and FORBIDDEN / NOT_FOUND / BAD_REQUEST otherwise', async () => {
    expect(await nurse.emitWithAck('subscribe', { patientId: 'p-1001' })).toEqual({
      ok: true,
    } satisfies SubscribeAck);
    expect(await nurse.emitWithAck('subscribe', { patientId: 'p-1003' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await nurse.emitWithAck('subscribe', { patientId: 'p-9999' })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await nurse.emitWithAck('subscribe', { patient: 'p-1001' })).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
    });
    const db = api.app.get(Database).db;
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'live.subscribe'), eq(auditEvents.actorId, 'u-nurse')));
    expect(rows.map((r) => [r.patientId, r.outcome]).sort()).toEqual([
      ['p-1001', 'allowed'],
      ['p-1003', 'denied'],
    ]);
  });

  it('pushes a LiveReading from MQTT as a VitalEvent with the same values, and survives a malformed message', async () => {
    await apiSubscribed;
    const received: VitalEvent[] = [];
    nurse.on('vital', (e: unknown) => received.push(vitalEventSchema.parse(e)));

    const first = liveReadingFactory('p-1001', 83, '2026-11-25T08:41:00.000Z');
    await publisher.publishAsync(topics.liveReadings('p-1001'), Buffer.from(encodeJson(first)), { qos: 1 });
    await waitFor(() => received.length >= 1, { what: 'first vital event' });
    expect(received[0]).toEqual({
      patientId: 'p-1001',
      readingId: first.reading.id,
      deviceAddress: 'c0:ff:ee:00:10:01',
      characteristic: '2A37',
      measuredAt: '2026-11-25T08:41:00.000Z',
      receivedAt: '2026-11-25T08:41:00.000Z',
      storedAt: '2026-11-25T08:41:00.040Z',
      measurements: first.reading.measurements,
    });

    // Not JSON, then a schema violation, then another patient's reading (not subscribed), then a valid one.
    await publisher.publishAsync(topics.liveReadings('p-1001'), Buffer.from('{"schema":'), { qos: 1 });
    await publisher.publishAsync(
      topics.liveReadings('p-1001'),
      Buffer.from(encodeJson({ ...first, storedAt: 'yesterday' })),
      { qos: 1 },
    );
    const other = liveReadingFactory('p-1003', 99, '2026-11-25T08:41:30.000Z');
    await publisher.publishAsync(topics.liveReadings('p-1003'), Buffer.from(encodeJson(other)), { qos: 1 });
    const second = liveReadingFactory('p-1001', 91, '2026-11-25T08:42:00.000Z');
    await publisher.publishAsync(topics.liveReadings('p-1001'), Buffer.from(encodeJson(second)), { qos: 1 });

    await waitFor(() => received.length >= 2, { what: 'second vital event' });
    expect(received.map((e) => e.measurements[0]?.value)).toEqual([83, 91]);
    expect(received[1]?.readingId).toBe(second.reading.id);

    const metrics = await (await fetch(`${api.baseUrl}/api/metrics`)).text();
    expect(metrics).toMatch(/openward_api_live_messages_total\{outcome="invalid"\} 2\b/);
    expect(metrics).toMatch(/openward_api_live_messages_total\{outcome="emitted"\} 3\b/);
  });
});
