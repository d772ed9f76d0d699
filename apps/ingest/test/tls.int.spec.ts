import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { topics } from '@openward/contracts';
import { startIngest, type IngestApp } from '../src/app.js';
import { loadTlsMaterial } from '../src/broker/tls-material.js';
import { MAX_PACKET_BYTES } from '../src/broker/frame-guard.js';
import { ConfigError, type IngestConfig } from '../src/config.js';
import { GW, SECRET, encode, makeReading, makeSnapshot, writeRegistryFile, localConfig } from './fixtures.js';
import { makeCertificate, type TestCertificate } from './tls-cert.js';

const dir = mkdtempSync(join(tmpdir(), 'ingest-tls-'));
const registryFile = join(dir, 'registry.json');
const apps: IngestApp[] = [];
const clients: MqttClient[] = [];
let cert: TestCertificate;
let otherCert: TestCertificate;
let t0 = Date.now() - 60_000;
const nextAt = () => (t0 += 7);

const config = (name: string, over: Partial<IngestConfig> = {}): IngestConfig =>
  localConfig(join(dir, `data-${name}`), registryFile, {
    mqttTls: { host: '127.0.0.1', port: 0, certFile: cert.certFile, keyFile: cert.keyFile },
    ...over,
  });

async function start(name: string, over: Partial<IngestConfig> = {}): Promise<IngestApp> {
  const app = await startIngest(config(name, over), pino({ level: 'silent' }), { defaultMetrics: false });
  apps.push(app);
  return app;
}

/** Connects without retrying; a socket closed before CONNACK rejects too. */
async function connect(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  const c = await connectAsync(
    url,
    {
      clientId: GW,
      username: GW,
      password: SECRET,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...opts,
    },
    false,
  );
  clients.push(c);
  return c;
}

const failure = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

let app: IngestApp;

beforeAll(async () => {
  cert = await makeCertificate(dir, 'ingest');
  otherCert = await makeCertificate(dir, 'other');
  await writeRegistryFile(registryFile, await makeSnapshot(1));
  app = await start('main');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  for (const a of apps) await a.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MQTT over TLS (DESIGN.md §13.1)', () => {
  it('serves a gateway that pins the certificate as its CA, with the same PUBACK-after-write path', async () => {
    expect(app.mqttTlsPort).toBeGreaterThan(0);
    const gw = await connect(`mqtts://127.0.0.1:${app.mqttTlsPort}`, { ca: cert.pem });
    const r = makeReading({ atMs: nextAt(), rr: [800] });
    await gw.publishAsync(topics.readings(GW), encode(r), { qos: 1 });
    expect(await app.store.pointsOf(r.id)).toHaveLength(2);
  });

  it('refuses a plain-TCP MQTT client on the TLS port (handshake fails, no CONNACK)', async () => {
    const before = (await app.metrics.tlsHandshakeFailures.get()).values[0]?.value ?? 0;
    const err = await failure(connect(`mqtt://127.0.0.1:${app.mqttTlsPort}`));
    expect(err).toBeInstanceOf(Error);
    expect((await app.metrics.tlsHandshakeFailures.get()).values[0]?.value).toBe(before + 1);
  });

  it('is refused by a client that does not trust the certificate, or pins another one', async () => {
    const untrusted = await failure(connect(`mqtts://127.0.0.1:${app.mqttTlsPort}`));
    expect(untrusted).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const wrongPin = await failure(connect(`mqtts://127.0.0.1:${app.mqttTlsPort}`, { ca: otherCert.pem }));
    expect(wrongPin).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('applies the same authentication and frame guard as the plain listener', async () => {
    const url = `mqtts://127.0.0.1:${app.mqttTlsPort}`;
    expect(await failure(connect(url, { ca: cert.pem, password: 'wrong' }))).toMatchObject({ code: 4 });
    const gw = await connect(url, { ca: cert.pem });
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    gw.publish(topics.readings(GW), Buffer.alloc(MAX_PACKET_BYTES + 1, 0x20), { qos: 1 });
    await closed;
    const denied = await app.metrics.aclDenied.get();
    expect(denied.values.find((v) => v.labels.action === 'oversize_packet')?.value).toBe(1);
  });

  it('runs TLS-only with INGEST_MQTT_PORT=off', async () => {
    const tlsOnly = await start('tls-only', { mqttPort: 'off' });
    expect(tlsOnly.mqttPort).toBe(0);
    const gw = await connect(`mqtts://127.0.0.1:${tlsOnly.mqttTlsPort}`, { ca: cert.pem });
    const r = makeReading({ atMs: nextAt() });
    await gw.publishAsync(topics.readings(GW), encode(r), { qos: 1 });
    expect(await tlsOnly.store.pointsOf(r.id)).toHaveLength(1);
    expect(tlsOnly.broker?.isListening()).toBe(true);
  });
});

describe('TLS files are checked at start-up and a bad one names its variable', () => {
  const garbage = join(dir, 'garbage.pem');
  writeFileSync(garbage, 'not a certificate\n');

  it.each([
    ['a missing certificate file', () => ({ certFile: join(dir, 'nope.crt') }), 'INGEST_MQTT_TLS_CERT_FILE'],
    ['a missing key file', () => ({ keyFile: join(dir, 'nope.key') }), 'INGEST_MQTT_TLS_KEY_FILE'],
    ['a certificate file that is not PEM', () => ({ certFile: garbage }), 'INGEST_MQTT_TLS_CERT_FILE'],
    ['a key file that is not a key', () => ({ keyFile: garbage }), 'INGEST_MQTT_TLS_KEY_FILE'],
    ["another certificate's key", () => ({ keyFile: otherCert.keyFile }), 'INGEST_MQTT_TLS_KEY_FILE'],
  ])('refuses to start with %s', async (_name, files, variable) => {
    const tls = { host: '127.0.0.1', port: 0, certFile: cert.certFile, keyFile: cert.keyFile, ...files() };
    const err = await failure(start(`bad-${variable}`, { mqttTls: tls }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect(loadTlsMaterial(tls)).toMatchObject({ ok: false, variable });
  });

  it('accepts a real pair and reports its subject and expiry', () => {
    const r = loadTlsMaterial({ certFile: cert.certFile, keyFile: cert.keyFile });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.material.subject).toContain('CN=openward-ingest-test-ingest');
      expect(r.material.validToMs).toBeGreaterThan(Date.now());
    }
  });
});
