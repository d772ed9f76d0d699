import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReading, topics } from '@openward/contracts';
import { freePort, startNode, waitFor } from '@openward/testing';
import { pino } from 'pino';
import { TestBroker } from '../../test/broker.js';
import { tempDir } from '../../test/stack.js';
import { credentialsFromPattern, fleetDeviceAddress } from './credentials.js';
import { runFleet, type FleetPhase } from './fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const GATEWAYS = 200;

describe('fleet load generator against an in-process aedes', () => {
  let broker: TestBroker;
  let port = 0;
  const creds = credentialsFromPattern(GATEWAYS, 'gw-fleet-{n}', 'fleet-secret-{n}');
  const dir = tempDir('ow-fleet-');

  beforeAll(async () => {
    if (!creds.ok) throw new Error(creds.message);
    port = await freePort();
    broker = await TestBroker.start(
      port,
      Object.fromEntries(creds.value.map((c) => [c.gatewayId, c.secret])),
    );
  });
  afterAll(async () => {
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`connects ${GATEWAYS} gateways with their own credentials and gets every reading acknowledged`, async () => {
    if (!creds.ok) throw new Error(creds.message);
    const result = await runFleet({
      url: `mqtt://127.0.0.1:${port}`,
      credentials: creds.value,
      ratePerSecond: 1_000,
      durationSeconds: 2,
      journal: 'memory',
      logger: pino({ level: 'silent' }),
    });
    expect(result.connected).toBe(GATEWAYS);
    expect(result.appended).toBe(2_000);
    expect(result.acked).toBe(2_000);
    expect(result.unackedAtEnd).toBe(0);
    expect(result.latencyMs).toHaveLength(2_000);
    // Each gateway published only its own device's readings on its own topic (the broker's ACL).
    const first = creds.value[0];
    const mine = broker.received.filter((m) => m.topic === topics.readings(first?.gatewayId ?? ''));
    expect(mine.length).toBe(10); // round-robin: 2000 readings over 200 gateways
    for (const m of mine) {
      const r = parseReading(m.payload);
      expect(r.ok && r.value.device.address).toBe(fleetDeviceAddress(1));
      expect(m.clientId).toBe(first?.gatewayId);
    }
  }, 60_000);

  it('runs as a CLI with a credentials file and lmdb journals, printing rate and latency and the acked ids', async () => {
    const main = join(here, '../../dist/fleet/main.js');
    expect(existsSync(main)).toBe(true); // build first
    if (!creds.ok) throw new Error(creds.message);
    const file = join(dir, 'credentials.json');
    const ackedFile = join(dir, 'acked.txt');
    writeFileSync(file, JSON.stringify(creds.value.slice(0, 20)));
    const cli = startNode('fleet', main, [
      '--url',
      `mqtt://127.0.0.1:${port}`,
      '--gateways',
      '20',
      '--rate',
      '400',
      '--duration',
      '1',
      '--journal',
      'lmdb',
      '--data-dir',
      join(dir, 'journals'),
      '--credentials',
      file,
      '--acked-file',
      ackedFile,
    ]);
    const line = await cli.waitForLine(/"msg":"fleet result"/, 30_000);
    await cli.waitForExit();
    const out = JSON.parse(line) as Record<string, unknown>;
    expect(out).toMatchObject({ gateways: 20, connected: 20, appended: 400, acked: 400, unackedAtEnd: 0 });
    expect(out).toMatchObject({ ackedFile, ackedLines: 400, ackedFileError: null, reconnects: 0 });
    // The acked file lists each acknowledged reading once, and the broker received every one of them.
    const ids = readFileSync(ackedFile, 'utf8').split('\n');
    expect(ids.pop()).toBe(''); // newline-terminated
    expect(new Set(ids).size).toBe(400);
    const received = receivedIds(broker);
    expect(ids.filter((id) => !received.has(id))).toEqual([]);
    expect(
      cli.lines.filter((l) => l.includes('"msg":"fleet phase"')).map((l) => JSON.parse(l).phase),
    ).toEqual(['connected', 'load-done', 'drained']);
    expect(out['achievedRatePerSecond']).toEqual(expect.any(Number));
    expect(out['pubackLatencyMs']).toMatchObject({ p50: expect.any(Number), p99: expect.any(Number) });
    expect(cli.exit?.code).toBe(0);
  }, 60_000);

  it('keeps its lmdb journals through a broker outage spanning the end of the load and drains them after', async () => {
    if (!creds.ok) throw new Error(creds.message);
    const outagePort = await freePort();
    const users = Object.fromEntries(creds.value.slice(0, 20).map((c) => [c.gatewayId, c.secret]));
    const first = await TestBroker.start(outagePort, users);
    let second: TestBroker | null = null;
    const acked: string[] = [];
    const phases: FleetPhase['phase'][] = [];
    let loadDone: () => void = () => undefined;
    const loadDonePromise = new Promise<void>((r) => (loadDone = r));
    try {
      const run = runFleet({
        url: `mqtt://127.0.0.1:${outagePort}`,
        credentials: creds.value.slice(0, 20),
        ratePerSecond: 400,
        durationSeconds: 2,
        journal: 'lmdb',
        dataDir: join(dir, 'outage-journals'),
        drainTimeoutMs: 30_000,
        onAckedId: (id) => acked.push(id),
        onPhase: (p) => {
          phases.push(p.phase);
          if (p.phase === 'load-done') loadDone();
        },
        logger: pino({ level: 'silent' }),
      });
      // The broker goes away mid-load and comes back only after the load ended: the readings appended
      // meanwhile wait in the journals, and the drain phase replays them to the new broker.
      await waitFor(() => first.received.length >= 100, {
        what: 'first acknowledgements',
        timeoutMs: 20_000,
      });
      await first.close();
      await loadDonePromise;
      second = await TestBroker.start(outagePort, users);
      const result = await run;
      expect(result).toMatchObject({ connected: 20, appended: 800, unackedAtEnd: 0, appendErrors: 0 });
      expect(result.reconnects).toBeGreaterThanOrEqual(20);
      expect(phases).toEqual(['connected', 'load-done', 'drained']);
      expect(new Set(acked).size).toBe(800);
      // Acknowledged by one broker or the other; the second one got the backlog.
      const received = new Set([...receivedIds(first), ...receivedIds(second)]);
      expect(acked.filter((id) => !received.has(id))).toEqual([]);
      expect(second.received.length).toBeGreaterThan(0);
    } finally {
      await second?.close();
    }
  }, 60_000);

  it('ends the load on SIGTERM, drains, and reports the early stop', async () => {
    const cli = startNode('fleet', join(here, '../../dist/fleet/main.js'), [
      '--url',
      `mqtt://127.0.0.1:${port}`,
      '--gateways',
      '10',
      '--rate',
      '200',
      '--duration',
      '3600',
      '--journal',
      'lmdb',
      '--data-dir',
      join(dir, 'sigterm-journals'),
    ]);
    await cli.waitForLine(/"phase":"connected"/, 30_000);
    const before = broker.received.length;
    await waitFor(() => broker.received.length >= before + 50, { what: 'readings under load' });
    cli.child.kill('SIGTERM');
    const out = JSON.parse(await cli.waitForLine(/"msg":"fleet result"/, 30_000)) as Record<string, unknown>;
    await cli.waitForExit();
    expect(out).toMatchObject({ connected: 10, stoppedEarly: true, unackedAtEnd: 0 });
    expect(out['appended']).toBe(out['acked']);
    expect(out['appended'] as number).toBeGreaterThanOrEqual(50);
    expect(out['appended'] as number).toBeLessThan(200 * 3600);
    expect(cli.exit?.code).toBe(0);
  }, 60_000);

  it('exits 2 naming a bad argument', async () => {
    const cli = startNode('fleet', join(here, '../../dist/fleet/main.js'), ['--journal', 'paper']);
    await cli.waitForExit();
    expect(cli.exit?.code).toBe(2);
    expect(cli.lines.join('\n')).toMatch(/--journal must be memory or lmdb/);
  });
});

/** Reading ids of every reading a broker accepted. */
function receivedIds(broker: TestBroker): Set<string> {
  const ids = new Set<string>();
  for (const m of broker.received) {
    if (!m.topic.endsWith('/readings')) continue;
    const r = parseReading(m.payload);
    if (r.ok) ids.add(r.value.id);
  }
  return ids;
}
