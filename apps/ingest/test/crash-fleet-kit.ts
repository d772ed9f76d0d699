// Shared by the crash tests that drive the built ingest with the gateway's fleet load generator
// (crash-fleet.int.spec.ts, crash-external.int.spec.ts). The fleet runs as its own process, started by
// path: an app is never imported by another app.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RegistrySnapshot } from '@openward/contracts';
import { hashSecret } from '@openward/credentials';
import { startNode, type ManagedProcess } from '@openward/testing';
import { DUCKDB_FILE } from '../src/store/duckdb-store.js';

const here = dirname(fileURLToPath(import.meta.url));
export const INGEST_MAIN = join(here, '..', 'dist', 'main.js');
export const FLEET_MAIN = join(here, '..', '..', 'gateway', 'dist', 'fleet', 'main.js');

/** Throws, naming the build command, when ingest or the gateway (fleet generator) is not built. */
export function requireBuilt(): void {
  if (!existsSync(INGEST_MAIN))
    throw new Error(
      `build first: ${INGEST_MAIN} is missing (cd apps/ingest && npx tsc -p tsconfig.build.json)`,
    );
  if (!existsSync(FLEET_MAIN))
    throw new Error(
      `build the gateway first: ${FLEET_MAIN} is missing (cd apps/gateway && npx tsc -p tsconfig.build.json)`,
    );
}

/**
 * scrypt cost for these tests. The authenticator's cache of verified secrets lives in memory, so every
 * restart of ingest verifies every gateway again; the hash format is the production one, only N is small.
 */
const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

const pad = (n: number): string => String(n).padStart(5, '0');
/** The fleet's default credentials pattern: `gw-fleet-{n}` / `fleet-secret-{n}`, n zero-padded to 5. */
export const fleetGatewayId = (n: number): string => `gw-fleet-${pad(n)}`;
export const fleetSecret = (n: number): string => `fleet-secret-${pad(n)}`;
/**
 * Gateway n's heart-rate strap, `02:0f:{n as 4 hex bytes}`: the formula of `fleetDeviceAddress` in
 * apps/gateway/src/fleet/credentials.ts (restated, not imported: apps do not import apps). A mismatch
 * would dead-letter every reading as UNKNOWN_DEVICE, which the tests check for.
 */
export function fleetDeviceAddress(n: number): string {
  const hex = (n >>> 0).toString(16).padStart(8, '0');
  return `02:0f:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`;
}

/** A registry with `count` active fleet gateways, one strap each, assigned to patient `p-fleet-{n}`. */
export async function fleetSnapshot(count: number): Promise<RegistrySnapshot> {
  const ns = Array.from({ length: count }, (_, i) => i + 1);
  return {
    schema: 'openward.registry/1',
    version: 1,
    generatedAt: new Date().toISOString(),
    gateways: await Promise.all(
      ns.map(async (n) => ({
        id: fleetGatewayId(n),
        secretHash: await hashSecret(fleetSecret(n), CHEAP_SCRYPT),
        status: 'active' as const,
      })),
    ),
    devices: ns.map((n) => ({
      address: fleetDeviceAddress(n),
      gatewayId: fleetGatewayId(n),
      kind: 'heart-rate-strap',
    })),
    assignments: ns.map((n) => ({
      deviceAddress: fleetDeviceAddress(n),
      patientId: `p-fleet-${pad(n)}`,
      from: '2020-01-01T00:00:00.000Z',
      to: null,
    })),
  };
}

export interface FleetRun {
  url: string;
  gateways: number;
  rate: number;
  journalDir: string;
  ackedFile: string;
  drainTimeoutSeconds: number;
}

/**
 * Starts the fleet with lmdb journals and an acked file, loading until it is sent SIGTERM (duration
 * 1 h): the test drives the scenario by events, then ends the load and lets the fleet drain.
 */
export function startFleet(run: FleetRun): ManagedProcess {
  return startNode('fleet', FLEET_MAIN, [
    '--url',
    run.url,
    '--gateways',
    String(run.gateways),
    '--rate',
    String(run.rate),
    '--duration',
    '3600',
    '--journal',
    'lmdb',
    '--data-dir',
    run.journalDir,
    '--acked-file',
    run.ackedFile,
    '--connect-timeout',
    '30',
    '--drain-timeout',
    String(run.drainTimeoutSeconds),
  ]);
}

/** The parsed `{"msg":"fleet phase","phase":…}` line for `phase` (waits for it). */
export async function fleetPhase(
  fleet: ManagedProcess,
  phase: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const line = await fleet.waitForLine(
    (l) => l.includes('"msg":"fleet phase"') && l.includes(`"phase":"${phase}"`),
    timeoutMs,
  );
  return JSON.parse(line) as Record<string, unknown>;
}

/** Ends the fleet's load (SIGTERM to its PID), waits for its drain and exit, returns its result line. */
export async function stopFleet(fleet: ManagedProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  fleet.child.kill('SIGTERM');
  const line = await fleet.waitForLine(/"msg":"fleet result"/, timeoutMs);
  await fleet.waitForExit();
  return JSON.parse(line) as Record<string, unknown>;
}

/** The acknowledged reading ids the fleet wrote, in acknowledgement order (may repeat an id). */
export function readAckedIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

export interface StoreContents {
  /** One entry per row of `vitals`. */
  rows: Array<{ readingId: string; idx: number; measuredAtMs: number }>;
  deadLetters: number;
}

/** Reads a stopped ingest's DuckDB file (read-only). */
export async function readDuckDb(dataDir: string): Promise<StoreContents> {
  const instance = await DuckDBInstance.create(join(dataDir, DUCKDB_FILE), { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const rows = (
      await c.runAndReadAll('SELECT reading_id, idx, epoch_ms(measured_at) AS ms FROM vitals')
    ).getRowObjectsJS();
    const dead = (await c.runAndReadAll('SELECT count(*) AS n FROM dead_letters')).getRowObjectsJS();
    return {
      rows: rows.map((r) => ({
        readingId: String(r['reading_id']),
        idx: Number(r['idx']),
        measuredAtMs: Number(r['ms']),
      })),
      deadLetters: Number(dead[0]?.['n'] ?? -1),
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** A counter's value (summed over labels) from ingest's /metrics. */
export async function metricTotal(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Mulberry32: a small seeded PRNG, so a failing kill schedule can be replayed with CRASH_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `CRASH_SEED` from the environment, or a fresh one; printed by the tests. */
export function crashSeed(): number {
  const env = Number(process.env['CRASH_SEED']);
  return Number.isInteger(env) && env > 0 ? env : 1 + Math.floor(Math.random() * 2 ** 31);
}
