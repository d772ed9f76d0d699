import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import { parseReading, topics, type ReadingV1 } from '@openward/contracts';
import { freePort, waitFor, type ManagedProcess } from '@openward/testing';
import { TestBroker } from '../test/broker.js';
import {
  getJson,
  postJson,
  requireBuilt,
  startGateway,
  startSim,
  tempDir,
  type SimHandle,
} from '../test/stack.js';
import type { HealthSnapshot } from './http.js';

const gatewayId = 'gw-it-redelivery-1';
const secret = 'redelivery-secret';
const strap = { address: 'c0:ff:ee:00:30:01', localName: 'OW-HRM 3001', baselineBpm: 66 };

/**
 * Store-and-forward at the process boundary (DESIGN.md §4): the broker stalls (no PUBACK), then goes
 * away, the gateway is SIGKILLed and restarted meanwhile; when a broker is back every journaled reading
 * arrives, in order, with gap-free per-device sequence numbers.
 */
describe('gateway redelivery across broker stall, outage and gateway SIGKILL', () => {
  let sim: SimHandle;
  let broker: TestBroker | null = null;
  let gateway: ManagedProcess | null = null;
  let httpPort = 0;
  let mqttPort = 0;
  const delivered: ReadingV1[] = [];
  const dataDir = tempDir('ow-gw-redelivery-');

  const health = async (): Promise<HealthSnapshot> =>
    (await getJson<HealthSnapshot>(httpPort, '/health')).body;
  const collect = (b: TestBroker): void => {
    for (const m of b.received.filter((x) => x.topic === topics.readings(gatewayId))) {
      const r = parseReading(m.payload);
      if (!r.ok) throw new Error(`invalid reading: ${r.code}`);
      delivered.push(r.value);
    }
  };
  const start = async (): Promise<void> => {
    ({ process: gateway, httpPort } = await startGateway({
      gatewayId,
      secret,
      mqttPort,
      radioPort: sim.radioPort,
      dataDir,
      allowed: strap.address,
    }));
  };

  beforeAll(async () => {
    requireBuilt();
    sim = await startSim([strap], 20); // a notification every 20 ms: the window (100) fills in ~2 s
    mqttPort = await freePort();
    broker = await TestBroker.start(mqttPort, { [gatewayId]: secret });
    await start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.process.stop();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every journaled reading once a broker is back, in order and without gaps', async () => {
    const b1 = broker as TestBroker;
    await waitFor(() => b1.received.filter((m) => m.topic === topics.readings(gatewayId)).length >= 20, {
      what: '20 readings before the stall',
    });

    // 1. Stall: the broker stops acknowledging; the gateway fills its window and keeps journaling.
    b1.hold();
    await waitFor(async () => (await health()).mqtt.inFlight === 100, {
      what: 'a full in-flight window awaiting PUBACK',
    });
    const stalled = await waitFor(
      async () => {
        const h = await health();
        return h.journal.depth >= 250 ? h : undefined;
      },
      { timeoutMs: 20_000, what: 'journal growing while the broker stalls' },
    );
    expect(stalled.mqtt.inFlight).toBe(100); // bounded window: the rest waits on disk
    expect(b1.heldCount).toBeGreaterThan(0); // aedes stops reading the client behind a pending authorizePublish

    // 2. Outage: the broker dies without ever acknowledging the held publishes.
    collect(b1);
    await b1.close();
    broker = null;
    await waitFor(async () => !(await health()).mqtt.connected, { what: 'gateway noticing the outage' });
    const depthBeforeKill = (await health()).journal.depth;
    await waitFor(async () => (await health()).journal.depth >= depthBeforeKill + 50, {
      what: 'journal growing during the outage',
    });

    // 3. Crash: SIGKILL the gateway mid-stream, restart it on the same data dir (still no broker).
    await (gateway as ManagedProcess).kill();
    await start();
    await (gateway as ManagedProcess).waitForLine(/"msg":"device connected"/);
    await waitFor(async () => (await health()).journal.depth >= depthBeforeKill + 100, {
      what: 'the restarted gateway journaling behind the recovered backlog',
    });

    // 4. Stop the strap so the stream is finite, then bring a broker back on the same port.
    await postJson(sim.controlPort, `/devices/${strap.address}/auto`, { on: false });
    const b2 = await TestBroker.start(mqttPort, { [gatewayId]: secret });
    broker = b2;
    await waitFor(
      async () => {
        const h = await health();
        return h.mqtt.connected && h.journal.depth === 0 && h.mqtt.inFlight === 0;
      },
      { timeoutMs: 30_000, what: 'the journal drained to the new broker' },
    );
    collect(b2);

    // At least once: duplicates allowed (same id), losses not. Sequences are per device and gap-free.
    const firstSeen = new Map<string, ReadingV1>();
    for (const r of delivered) if (!firstSeen.has(r.id)) firstSeen.set(r.id, r);
    const unique = [...firstSeen.values()];
    const sequences = unique.map((r) => r.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i)); // 0..n-1, in first-delivery order
    expect(unique.length).toBeGreaterThan(depthBeforeKill + 100);
    // Same id ⇒ same content: a redelivery is the same reading, not a new measurement.
    for (const r of delivered) expect(r).toEqual(firstSeen.get(r.id));
  });
});
