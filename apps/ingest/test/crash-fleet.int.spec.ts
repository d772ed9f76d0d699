// Issue 5 "Done when": ingest SIGKILLed repeatedly under load from the fleet generator; after restarts every
// reading that was acknowledged is in the store exactly once. Embedded mode: aedes inside ingest, DuckDB.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNode, waitFor, type ManagedProcess } from '@openward/testing';
import {
  INGEST_MAIN,
  crashSeed,
  fleetPhase,
  fleetSnapshot,
  metricTotal,
  readAckedIds,
  readDuckDb,
  requireBuilt,
  seededRandom,
  startFleet,
  stopFleet,
} from './crash-fleet-kit.js';
import { TOKEN, writeRegistryFile } from './fixtures.js';

const GATEWAYS = 100;
const RATE = 300; // readings/s across the fleet
const KILLS = 3;
const seed = crashSeed();
const random = seededRandom(seed);

const dir = mkdtempSync(join(tmpdir(), 'ingest-crash-fleet-'));
const dataDir = join(dir, 'data');
const registryFile = join(dir, 'registry.json');
const ackedFile = join(dir, 'acked.txt');
let mqttPort: number;
let ingest: ManagedProcess | null = null;
let fleet: ManagedProcess | null = null;

/** Starts the built ingest on the same data dir and MQTT port; resolves with its HTTP port once ready. */
async function startIngest(): Promise<number> {
  ingest = startNode('ingest', INGEST_MAIN, [], {
    env: {
      INGEST_MQTT_PORT: String(mqttPort),
      INGEST_HTTP_PORT: '0',
      INGEST_DATA_DIR: dataDir,
      INGEST_REGISTRY_FILE: registryFile,
      INGEST_SERVICE_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
  });
  const ready = JSON.parse(await ingest.waitForLine(/"msg":"ready"/, 60_000)) as { httpPort: number };
  return ready.httpPort;
}

beforeAll(async () => {
  requireBuilt();
  await writeRegistryFile(registryFile, await fleetSnapshot(GATEWAYS));
  mqttPort = await freePort();
});

afterAll(async () => {
  await fleet?.stop('SIGKILL', 0);
  await ingest?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety under fleet load (embedded broker, DuckDB)', () => {
  it(`keeps every acknowledged reading exactly once across ${KILLS} SIGKILLs of ingest under load (seed ${seed})`, async () => {
    let httpPort = await startIngest();
    fleet = startFleet({
      url: `mqtt://127.0.0.1:${mqttPort}`,
      gateways: GATEWAYS,
      rate: RATE,
      journalDir: join(dir, 'journals'),
      ackedFile,
      drainTimeoutSeconds: 60,
    });
    expect(await fleetPhase(fleet, 'connected')).toMatchObject({ connected: GATEWAYS });

    // Kill at a random point of the stream: once this incarnation has acknowledged a random number of
    // readings (new ones and the journals' replay). The fleet keeps loading until it is told to stop.
    const thresholds: number[] = [];
    // Rows a restarted incarnation found already stored: readings committed by the killed one whose PUBACK
    // never left, i.e. kills that landed between commit and acknowledgement (informational).
    let duplicates = 0;
    for (let k = 0; k < KILLS; k++) {
      const threshold = 50 + Math.floor(random() * 450);
      thresholds.push(threshold);
      const port = httpPort;
      await waitFor(async () => (await metricTotal(port, 'ingest_readings_accepted_total')) >= threshold, {
        timeoutMs: 60_000,
        intervalMs: 20,
        what: `kill ${k + 1}: ${threshold} readings accepted`,
      });
      expect(fleet.lines.some((l) => l.includes('"phase":"load-done"'))).toBe(false); // under load
      duplicates += await metricTotal(port, 'ingest_points_duplicate_total');
      await ingest?.kill();
      expect(ingest?.exit?.signal).toBe('SIGKILL');
      httpPort = await startIngest();
    }
    // The last incarnation takes traffic too; then the load ends and the fleet drains its journals into it.
    const last = httpPort;
    await waitFor(async () => (await metricTotal(last, 'ingest_readings_accepted_total')) >= 100, {
      timeoutMs: 60_000,
      what: 'readings accepted after the last restart',
    });
    const result = await stopFleet(fleet, 90_000);
    duplicates += await metricTotal(last, 'ingest_points_duplicate_total');
    expect(result).toMatchObject({
      connected: GATEWAYS,
      unackedAtEnd: 0,
      appendErrors: 0,
      stoppedEarly: true,
    });
    expect(result['reconnects']).toEqual(expect.any(Number));
    expect(result['reconnects'] as number).toBeGreaterThanOrEqual(KILLS * GATEWAYS);
    expect(fleet.exit?.code).toBe(0);
    await ingest?.stop('SIGTERM');
    expect(ingest?.exit?.code).toBe(0);
    ingest = null;

    const acked = new Set(readAckedIds(ackedFile));
    const appended = result['appended'] as number;
    const { rows, deadLetters } = await readDuckDb(dataDir);
    const stored = new Set(rows.map((r) => r.readingId));
    // Every acknowledged reading is stored …
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    // … exactly once: one row per (reading id, idx), and fleet readings carry one measurement each.
    expect(new Set(rows.map((r) => `${r.readingId}#${r.idx}`)).size).toBe(rows.length);
    expect(rows.length).toBe(stored.size);
    // Nothing unacknowledged is left (zero unacked), so the store holds exactly what the fleet sent.
    expect(acked.size).toBe(appended);
    expect(stored.size).toBe(appended);
    expect(deadLetters).toBe(0);
    process.stdout.write(
      `crash-fleet.int: seed ${seed}, ${KILLS} SIGKILLs after ${thresholds.join('/')} accepted; ` +
        `${appended} readings from ${GATEWAYS} gateways, ${acked.size} acked, ${rows.length} rows, ` +
        `${String(result['reconnects'])} reconnects, drain ${String(result['drainMs'])} ms, ` +
        `${duplicates} redelivered rows already stored\n`,
    );
  }, 240_000);
});
