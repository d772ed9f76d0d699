import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { topics } from '@openward/contracts';
import { freePort, startNode, waitFor, type ManagedProcess } from '@openward/testing';
import { DuckDbVitalsStore } from '../src/store/duckdb-store.js';
import { GW, SECRET, TOKEN, encode, makeReading, makeSnapshot, writeRegistryFile } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const mainJs = join(here, '..', 'dist', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'ingest-crash-'));
const dataDir = join(dir, 'data');
const registryFile = join(dir, 'registry.json');
let mqttPort: number;
let ingest: ManagedProcess | null = null;
let client: MqttClient | null = null;

function start(): ManagedProcess {
  return startNode('ingest', mainJs, [], {
    env: {
      INGEST_MQTT_PORT: String(mqttPort),
      INGEST_HTTP_PORT: '0',
      INGEST_DATA_DIR: dataDir,
      INGEST_REGISTRY_FILE: registryFile,
      INGEST_SERVICE_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
  });
}

beforeAll(async () => {
  if (!existsSync(mainJs))
    throw new Error(`build first: ${mainJs} is missing (npx tsc -p tsconfig.build.json)`);
  await writeRegistryFile(registryFile, await makeSnapshot(1));
  mqttPort = await freePort();
});

afterAll(async () => {
  await client?.endAsync(true).catch(() => undefined);
  await ingest?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety of the built service', () => {
  it('keeps every acknowledged reading exactly once across SIGKILL, restart and redelivery', async () => {
    ingest = start();
    await ingest.waitForLine(/"msg":"ready"/);
    // The gateway side, as apps/gateway does it: a journal of unacknowledged readings, deleted on PUBACK and
    // republished in full by a fresh connection after ingest comes back.
    const journal = new Map<string, Buffer>();
    const acked = new Set<string>();
    const sent: string[] = [];
    const total = 3000;
    let t = Date.now() - 3_600_000;
    let allDone: () => void = () => undefined;
    const allAcked = new Promise<void>((resolve) => (allDone = resolve));
    const connect = (): Promise<MqttClient> =>
      connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
        clientId: GW,
        username: GW,
        password: SECRET,
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 2000,
      });
    const publish = (c: MqttClient, id: string, payload: Buffer): void => {
      c.publish(topics.readings(GW), payload, { qos: 1 }, (err) => {
        if (err || acked.has(id)) return;
        acked.add(id);
        journal.delete(id);
        if (acked.size === total) allDone();
      });
    };
    const next = (): [string, Buffer] => {
      const r = makeReading({ atMs: (t += 10), rr: [700, 710] });
      sent.push(r.id);
      journal.set(r.id, encode(r));
      return [r.id, journal.get(r.id)!];
    };

    // Phase 1: a steady stream with many messages in flight; SIGKILL once some are acknowledged.
    const first = await connect();
    client = first;
    const firstClosed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    let stop = false;
    const pump = (): void => {
      if (stop || sent.length >= total) return;
      publish(first, ...next());
      setImmediate(pump);
    };
    pump();
    await waitFor(() => acked.size >= 300, { what: 'acknowledgements before the kill', timeoutMs: 20_000 });
    await ingest.kill();
    stop = true;
    const ackedBeforeKill = new Set(acked);
    await firstClosed;
    await first.endAsync(true);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(300);
    expect(ackedBeforeKill.size).toBeLessThan(sent.length); // some were in flight at the kill

    // Phase 2: restart on the same data dir and port; the gateway republishes its journal, then the rest.
    ingest = start();
    await ingest.waitForLine(/"msg":"ready"/);
    const second = await connect();
    client = second;
    for (const [id, payload] of [...journal]) publish(second, id, payload);
    while (sent.length < total) publish(second, ...next());
    await allAcked;
    await second.endAsync();
    client = null;
    await ingest.stop('SIGTERM');
    expect(ingest.exit?.code).toBe(0);
    ingest = null;

    const store = await DuckDbVitalsStore.open(dataDir);
    try {
      for (const id of ackedBeforeKill) {
        const rows = await store.pointsOf(id);
        expect(rows.map((r) => r.idx)).toEqual([0, 1, 2]);
      }
      // After redelivery every reading sent is stored, each exactly once (3 measurements each).
      let stored = 0;
      for (const id of sent) stored += (await store.pointsOf(id)).length;
      expect(stored).toBe(total * 3);
    } finally {
      await store.close();
    }
    process.stdout.write(
      `crash.int: ${ackedBeforeKill.size} of ${sent.length} sent acked before SIGKILL; all ${total} stored once after restart\n`,
    );
  }, 60_000);
});
