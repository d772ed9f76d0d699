import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import { parseReading, topics } from '@openward/contracts';
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

const gatewayId = 'gw-it-reconnect-1';
const secret = 'reconnect-secret';
const strap = { address: 'c0:ff:ee:00:40:01', localName: 'OW-HRM 4001', baselineBpm: 75 };

/** BLE-side resilience: a strap leaving range, and the radio (sim process) dying and coming back. */
describe('gateway BLE reconnection', () => {
  let sim: SimHandle;
  let broker: TestBroker;
  let gateway: ManagedProcess;
  let httpPort = 0;
  const ports = { radio: 0, control: 0 };
  const dataDir = tempDir('ow-gw-reconnect-');
  const health = async (): Promise<HealthSnapshot> =>
    (await getJson<HealthSnapshot>(httpPort, '/health')).body;
  const connectedLines = (): number =>
    gateway.lines.filter((l) => l.includes('"msg":"device connected"')).length;
  const heartRates = (): number[] =>
    broker.received
      .filter((m) => m.topic === topics.readings(gatewayId))
      .flatMap((m) => {
        const r = parseReading(m.payload);
        return r.ok ? [r.value.measurements[0]?.value ?? -1] : [];
      });

  beforeAll(async () => {
    requireBuilt();
    ports.radio = await freePort();
    ports.control = await freePort();
    sim = await startSim([strap], 1000, ports);
    broker = await TestBroker.start(await freePort(), { [gatewayId]: secret });
    ({ process: gateway, httpPort } = await startGateway({
      gatewayId,
      secret,
      mqttPort: broker.port,
      radioPort: sim.radioPort,
      dataDir,
    }));
    await gateway.waitForLine(/"msg":"device connected"/);
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.process.stop();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects a strap that went out of range once it advertises again', async () => {
    await postJson(sim.controlPort, `/devices/${strap.address}/range`, { inRange: false });
    await waitFor(async () => (await health()).devices.connected === 0, { what: 'link lost' });
    await postJson(sim.controlPort, `/devices/${strap.address}/range`, { inRange: true });
    await waitFor(() => connectedLines() >= 2, { timeoutMs: 15_000, what: 'second device connected line' });
    await postJson(sim.controlPort, `/devices/${strap.address}/notify`, { heartRate: 131 });
    await waitFor(() => heartRates().includes(131), { what: 'reading after reconnect' });
  });

  it('reports the radio powered off when the sim dies, and recovers when it returns', async () => {
    await sim.process.kill();
    await waitFor(
      async () => {
        const h = await health();
        return h.radio.state === 'poweredOff' && h.devices.connected === 0 ? h : undefined;
      },
      { what: 'radio poweredOff' },
    );
    expect((await getJson<HealthSnapshot>(httpPort, '/health')).status).toBe(503);

    const before = connectedLines();
    sim = await startSim([strap], 1000, ports);
    await waitFor(() => connectedLines() > before, {
      timeoutMs: 20_000,
      what: 'device connected after radio restart',
    });
    expect((await health()).radio.state).toBe('poweredOn');
    await postJson(sim.controlPort, `/devices/${strap.address}/notify`, { heartRate: 152 });
    await waitFor(() => heartRates().includes(152), { what: 'reading after radio restart' });
  });
});
