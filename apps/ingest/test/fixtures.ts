import type { IngestConfig } from '../src/config.js';
import { open, rename } from 'node:fs/promises';
import { readingId, type ReadingV1, type RegistrySnapshot } from '@openward/contracts';
import { hashSecret } from '@openward/credentials';

/**
 * The config every in-process integration test starts from: loopback, ports chosen by the OS, silent logs,
 * default group commit; `over` adds the part a test is about (external mode, TLS, limits, …).
 */
export function localConfig(
  dataDir: string,
  registryFile: string,
  over: Partial<IngestConfig> = {},
): IngestConfig {
  return {
    mqttHost: '127.0.0.1',
    mqttPort: 0,
    httpHost: '127.0.0.1',
    httpPort: 0,
    dataDir,
    registryFile,
    serviceToken: TOKEN,
    logLevel: 'silent',
    batchMaxWaitMs: 0,
    batchMaxPoints: 1000,
    ...over,
  };
}

export const GW = 'gw-test-1';
export const GW2 = 'gw-test-2';
export const DEV = 'c0:ff:ee:00:20:01';
export const DEV_UNASSIGNED = 'c0:ff:ee:00:20:02';
export const DEV_OF_GW2 = 'c0:ff:ee:00:20:03';
export const PATIENT = 'p-2001';
export const SECRET = 'gw-test-secret-0001';
export const SECRET2 = 'gw-test-secret-0002';
export const TOKEN = 'svc-token-0123456789abcdef0123456789';

/** scrypt parameters cheap enough for tests; the hash format is the production one. */
export const TEST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

export async function makeSnapshot(
  version = 1,
  overrides: Partial<Record<typeof GW | typeof GW2, 'active' | 'revoked'>> = {},
): Promise<RegistrySnapshot> {
  return {
    schema: 'openward.registry/1',
    version,
    generatedAt: new Date().toISOString(),
    gateways: [
      { id: GW, secretHash: await hashSecret(SECRET, TEST_SCRYPT), status: overrides[GW] ?? 'active' },
      { id: GW2, secretHash: await hashSecret(SECRET2, TEST_SCRYPT), status: overrides[GW2] ?? 'active' },
    ],
    devices: [
      { address: DEV, gatewayId: GW, kind: 'heart-rate-strap' },
      { address: DEV_UNASSIGNED, gatewayId: GW, kind: 'heart-rate-strap' },
      { address: DEV_OF_GW2, gatewayId: GW2, kind: 'heart-rate-strap' },
    ],
    assignments: [{ deviceAddress: DEV, patientId: PATIENT, from: '2020-01-01T00:00:00.000Z', to: null }],
  };
}

/** Writes a snapshot the way the API does: tmp + fsync + rename. */
export async function writeRegistryFile(file: string, snapshot: unknown): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w');
  await fh.writeFile(typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot));
  await fh.sync();
  await fh.close();
  await rename(tmp, file);
}

export function makeReading(
  opts: Partial<ReadingV1> & { atMs?: number; bpm?: number; rr?: number[] } = {},
): ReadingV1 {
  const atMs = opts.atMs ?? Date.now() - 1000;
  const gatewayId = opts.gatewayId ?? GW;
  const address = opts.device?.address ?? DEV;
  const bpm = opts.bpm ?? 72;
  const rr = opts.rr ?? [];
  const iso = new Date(atMs).toISOString();
  return {
    schema: 'openward.reading/1',
    id: opts.id ?? readingId(gatewayId, address, '2A37', atMs),
    gatewayId,
    device: { address },
    characteristic: '2A37',
    measuredAt: opts.measuredAt ?? iso,
    receivedAt: iso,
    clockOffsetMs: null,
    sequence: opts.sequence ?? 1,
    raw: '0048',
    measurements: [
      { metric: 'heart-rate', value: bpm, unit: '/min' },
      ...rr.map((v) => ({ metric: 'rr-interval' as const, value: v, unit: 'ms' })),
    ],
    decoded: { heartRate: bpm },
  };
}

/** Serialises without validating, so tests can send invalid readings too. */
export const encode = (r: unknown): Buffer => Buffer.from(JSON.stringify(r));
