// Issue 5 "Done when" (crash test), external mode: two built ingest replicas share the readings through a
// real Mosquitto 2 (`$share`, MQTT 5, persistent sessions); one replica is SIGKILLed repeatedly under fleet
// load while the other keeps consuming. DESIGN.md §10.4 explains what Mosquitto does with the killed
// replica's share; this test pins that behaviour down.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { liveReadingSchema, topics } from '@openward/contracts';
import { startNode, waitFor, type ManagedProcess } from '@openward/testing';
import { mosquittoAcl, SERVICE_USERNAMES } from '../src/external/mosquitto-files.js';
import {
  INGEST_MAIN,
  crashSeed,
  fleetGatewayId,
  fleetPhase,
  fleetSecret,
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
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';

const GATEWAYS = 50;
// readings/s across the fleet; with 16 sessions per replica (DESIGN.md §10.5) several readings are in flight in
// each replica when it is killed
const RATE = 400;
/** r1 stays down until r2 acknowledged this many more readings (~1 s at RATE). */
const DOWN_FOR_READINGS = 200;
const KILLS = 3;
const seed = crashSeed();
const random = seededRandom(seed);

const dir = mkdtempSync(join(tmpdir(), 'ingest-crash-ext-'));
const registryFile = join(dir, 'registry.json');
const ackedFile = join(dir, 'acked.txt');
const dataDir = (replica: string): string => join(dir, `data-${replica}`);
let mosquitto: RunningMosquitto | null = null;
let live: MqttClient | null = null;
let fleet: ManagedProcess | null = null;
const replicas = new Map<string, { proc: ManagedProcess; httpPort: number }>();

function broker(): RunningMosquitto {
  if (!mosquitto) throw new Error('mosquitto is not running');
  return mosquitto;
}

function replica(id: string): { proc: ManagedProcess; httpPort: number } {
  const r = replicas.get(id);
  if (!r) throw new Error(`replica ${id} was never started`);
  return r;
}

async function startReplica(id: string): Promise<void> {
  const proc = startNode(`ingest-${id}`, INGEST_MAIN, [], {
    env: {
      INGEST_MODE: 'external',
      INGEST_BROKER_URL: broker().url,
      INGEST_REPLICA_ID: id,
      INGEST_HTTP_PORT: '0',
      INGEST_DATA_DIR: dataDir(id),
      INGEST_REGISTRY_FILE: registryFile,
      INGEST_SERVICE_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
  });
  const ready = JSON.parse(await proc.waitForLine(/"msg":"ready"/, 60_000)) as { httpPort: number };
  replicas.set(id, { proc, httpPort: ready.httpPort });
}

const accepted = (id: string): Promise<number> =>
  metricTotal(replica(id).httpPort, 'ingest_readings_accepted_total');

beforeAll(async () => {
  requireBuilt();
  const snapshot = await fleetSnapshot(GATEWAYS);
  await writeRegistryFile(registryFile, snapshot);
  const users: Record<string, string> = {
    [SERVICE_USERNAMES.ingest]: TOKEN,
    [SERVICE_USERNAMES.clinicianApi]: TOKEN,
  };
  for (let n = 1; n <= GATEWAYS; n++) users[fleetGatewayId(n)] = fleetSecret(n);
  mosquitto = await startMosquitto({ passwords: users, acl: mosquittoAcl(snapshot) });
  await startReplica('r1');
  await startReplica('r2');
}, 120_000);

afterAll(async () => {
  await fleet?.stop('SIGKILL', 0);
  await live?.endAsync(true).catch(() => undefined);
  for (const { proc } of replicas.values()) await proc.stop();
  await mosquitto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety under fleet load (external Mosquitto, two replicas)', () => {
  it(`keeps every acknowledged reading exactly once in one replica while the other is SIGKILLed ${KILLS} times (seed ${seed})`, async () => {
    // The clinician API's view: every stored reading is published live once it is acknowledged, so the live
    // feed tells when the replicas have consumed everything Mosquitto holds for them.
    live = await connectAsync(broker().url, {
      protocolVersion: 5,
      clientId: 'crash-live',
      username: SERVICE_USERNAMES.clinicianApi,
      password: TOKEN,
      reconnectPeriod: 0,
    });
    const liveIds = new Set<string>();
    live.on('message', (_t, payload) => {
      const parsed = liveReadingSchema.safeParse(JSON.parse(payload.toString()));
      if (parsed.success) liveIds.add(parsed.data.reading.id);
    });
    await live.subscribeAsync(topics.liveAll, { qos: 1 });

    fleet = startFleet({
      url: broker().url,
      gateways: GATEWAYS,
      rate: RATE,
      journalDir: join(dir, 'journals'),
      ackedFile,
      drainTimeoutSeconds: 60,
    });
    expect(await fleetPhase(fleet, 'connected')).toMatchObject({ connected: GATEWAYS });

    const downtimes: Array<{ from: number; to: number }> = [];
    const thresholds: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const threshold = 30 + Math.floor(random() * 120);
      thresholds.push(threshold);
      await waitFor(async () => (await accepted('r1')) >= threshold, {
        timeoutMs: 60_000,
        intervalMs: 20,
        what: `kill ${k + 1}: r1 accepted ${threshold}`,
      });
      const r2Before = await accepted('r2');
      const from = Date.now();
      await replica('r1').proc.kill();
      // r1 stays down while r2 keeps consuming (DOWN_FOR_READINGS more), then restarts with the same
      // replica id, i.e. the same client ids and persistent sessions.
      await waitFor(async () => (await accepted('r2')) >= r2Before + DOWN_FOR_READINGS, {
        timeoutMs: 60_000,
        what: `r2 consuming while r1 is down (kill ${k + 1})`,
      });
      const to = Date.now();
      downtimes.push({ from, to });
      expect(fleet.lines.some((l) => l.includes('"phase":"load-done"'))).toBe(false); // under load
      await startReplica('r1');
    }
    await waitFor(async () => (await accepted('r1')) >= 30, {
      timeoutMs: 60_000,
      what: 'r1 after the last restart',
    });
    const result = await stopFleet(fleet, 90_000);
    // The fleet's PUBACKs come from Mosquitto here: "acknowledged" = held by Mosquitto for the share group.
    expect(result).toMatchObject({
      connected: GATEWAYS,
      unackedAtEnd: 0,
      appendErrors: 0,
      stoppedEarly: true,
    });
    expect(fleet.exit?.code).toBe(0);
    const acked = new Set(readAckedIds(ackedFile));
    expect(acked.size).toBe(result['appended']);
    await waitFor(() => [...acked].every((id) => liveIds.has(id)), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `the replicas to consume all ${acked.size} acknowledged readings (live feed)`,
    });
    for (const id of ['r1', 'r2']) {
      const { proc } = replica(id);
      await proc.stop('SIGTERM');
      expect(proc.exit?.code).toBe(0);
    }

    const r1 = await readDuckDb(dataDir('r1'));
    const r2 = await readDuckDb(dataDir('r2'));
    const ids1 = new Set(r1.rows.map((r) => r.readingId));
    const ids2 = new Set(r2.rows.map((r) => r.readingId));
    // Every acknowledged reading is stored, in exactly one replica, exactly once there.
    expect([...acked].filter((id) => !ids1.has(id) && !ids2.has(id))).toEqual([]);
    expect([...ids1].filter((id) => ids2.has(id))).toEqual([]);
    for (const s of [r1, r2]) {
      expect(new Set(s.rows.map((r) => `${r.readingId}#${r.idx}`)).size).toBe(s.rows.length);
      expect(s.deadLetters).toBe(0);
    }
    expect(ids1.size + ids2.size).toBe(acked.size);
    expect(r1.rows.length + r2.rows.length).toBe(acked.size);
    // DESIGN.md §10.4: Mosquitto 2.0 keeps handing the killed replica its round-robin share while it is down
    // (queued in its persistent session, delivered when it comes back), it does not re-route it to r2.
    const during = (rows: typeof r1.rows): number =>
      rows.filter((r) => downtimes.some((d) => r.measuredAtMs > d.from + 100 && r.measuredAtMs < d.to - 100))
        .length;
    const queuedForR1 = during(r1.rows);
    const takenByR2 = during(r2.rows);
    expect(queuedForR1).toBeGreaterThan(0);
    expect(takenByR2).toBeGreaterThan(0);
    process.stdout.write(
      `crash-external.int: seed ${seed}, r1 SIGKILLed ${KILLS}× after ${thresholds.join('/')} accepted; ` +
        `${acked.size} readings acked by Mosquitto, stored r1=${ids1.size} r2=${ids2.size}; measured while r1 ` +
        `was down: ${queuedForR1} delivered to r1 after its restart, ${takenByR2} to r2\n`,
    );
  }, 240_000);
});
