import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReading, topics } from '@openward/contracts';
import { freePort, startNode } from '@openward/testing';
import { pino } from 'pino';
import { TestBroker } from '../../test/broker.js';
import { tempDir } from '../../test/stack.js';
import { credentialsFromPattern, fleetDeviceAddress } from './credentials.js';
import { runFleet } from './fleet.js';

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

  it('runs as a CLI with a credentials file and lmdb journals, printing rate and latency', async () => {
    const main = join(here, '../../dist/fleet/main.js');
    expect(existsSync(main)).toBe(true); // build first
    if (!creds.ok) throw new Error(creds.message);
    const file = join(dir, 'credentials.json');
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
    ]);
    const line = await cli.waitForLine(/"msg":"fleet result"/, 30_000);
    await cli.waitForExit();
    const out = JSON.parse(line) as Record<string, unknown>;
    expect(out).toMatchObject({ gateways: 20, connected: 20, appended: 400, acked: 400, unackedAtEnd: 0 });
    expect(out['achievedRatePerSecond']).toEqual(expect.any(Number));
    expect(out['pubackLatencyMs']).toMatchObject({ p50: expect.any(Number), p99: expect.any(Number) });
    expect(cli.exit?.code).toBe(0);
  }, 60_000);

  it('exits 2 naming a bad argument', async () => {
    const cli = startNode('fleet', join(here, '../../dist/fleet/main.js'), ['--journal', 'paper']);
    await cli.waitForExit();
    expect(cli.exit?.code).toBe(2);
    expect(cli.lines.join('\n')).toMatch(/--journal must be memory or lmdb/);
  });
});
