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

const gatewayId = 'gw-it-e2e-1';
const secret = 'e2e-secret-with-some-length';
const strap = { address: 'c0:ff:ee:00:20:01', localName: 'OW-HRM 2001', baselineBpm: 70 };
const other = { address: 'c0:ff:ee:00:20:02', localName: 'OW-HRM 2002', baselineBpm: 90 };

describe('gateway end to end: firmware-sim → noble → journal → MQTT', () => {
  let sim: SimHandle;
  let broker: TestBroker;
  let gateway: ManagedProcess;
  let httpPort: number;
  const dataDir = tempDir('ow-gw-e2e-');

  const readings = (): ReadingV1[] =>
    broker.received
      .filter((m) => m.topic === topics.readings(gatewayId))
      .map((m) => {
        const r = parseReading(m.payload);
        if (!r.ok) throw new Error(`invalid reading on the wire: ${r.code} ${r.message}`);
        return r.value;
      });

  beforeAll(async () => {
    requireBuilt();
    sim = await startSim([strap, other], 1000);
    broker = await TestBroker.start(await freePort(), { [gatewayId]: secret });
    ({ process: gateway, httpPort } = await startGateway({
      gatewayId,
      secret,
      mqttPort: broker.port,
      radioPort: sim.radioPort,
      dataDir,
      allowed: strap.address,
    }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.process.stop();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects the allow-listed strap and reports online status', async () => {
    const line = JSON.parse(await gateway.waitForLine(/"msg":"device connected"/)) as { address: string };
    expect(line.address).toBe(strap.address);
    await waitFor(
      () => broker.json<{ state: string }>(topics.status(gatewayId)).some((s) => s.state === 'online'),
      {
        what: 'online status',
      },
    );
    const status = broker.received.find((m) => m.topic === topics.status(gatewayId));
    expect(status?.retain).toBe(true);
    expect(JSON.parse(status?.payload.toString() ?? '{}')).toMatchObject({
      state: 'online',
      version: '0.1.0',
    });
  });

  it('publishes the heart rate injected at the strap as a valid openward.reading/1', async () => {
    await postJson(sim.controlPort, `/devices/${strap.address}/auto`, { on: false });
    const injected = await postJson<{ emittedAt: number; hex: string }>(
      sim.controlPort,
      `/devices/${strap.address}/notify`,
      { heartRate: 143, rrIntervals: [420] },
    );
    const reading = await waitFor(() => readings().find((r) => r.raw === injected.hex), {
      timeoutMs: 10_000,
      what: 'the injected reading at the broker',
    });
    expect(reading.gatewayId).toBe(gatewayId);
    expect(reading.device).toEqual({ address: strap.address, name: strap.localName });
    expect(reading.characteristic).toBe('2A37');
    expect(reading.measurements[0]).toEqual({ metric: 'heart-rate', value: 143, unit: '/min' });
    expect(reading.measurements.filter((m) => m.metric === 'rr-interval')).toEqual([
      { metric: 'rr-interval', value: (420 * 1000) / 1024, unit: 'ms' },
    ]);
    expect(reading.id).toBe(`${gatewayId}:${strap.address}:2A37:${Date.parse(reading.receivedAt)}`);
    expect(Math.abs(Date.parse(reading.receivedAt) - injected.emittedAt)).toBeLessThan(5_000);
  });

  it('never publishes readings of devices outside the allow-list', () => {
    expect(readings().length).toBeGreaterThan(0);
    expect(readings().every((r) => r.device.address === strap.address)).toBe(true);
  });

  it('reports health and metrics, with the journal drained after PUBACKs', async () => {
    const health = await waitFor(
      async () => {
        const h = await getJson<HealthSnapshot>(httpPort, '/health');
        return h.body.journal.depth === 0 && h.body.mqtt.inFlight === 0 ? h : undefined;
      },
      { what: 'an empty journal' },
    );
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      mqtt: { connected: true, inFlight: 0 },
      radio: { state: 'poweredOn' },
      devices: { connected: 1 },
      journal: { depth: 0, oldestAgeSeconds: 0 },
    });
    const res = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
    const text = await res.text();
    const acked = Number(/^gateway_readings_acked_total (\d+)$/m.exec(text)?.[1]);
    expect(acked).toBe(readings().length); // one PUBACK per reading the broker accepted
    expect(text).toMatch(/^gateway_journal_depth 0$/m);
    expect(text).toMatch(/^gateway_devices_connected 1$/m);
  });

  it('stops gracefully on SIGTERM with exit 0 and a retained offline status', async () => {
    await gateway.stop('SIGTERM');
    expect(gateway.exit).toEqual({ code: 0, signal: null });
    const statuses = broker.json<{ state: string }>(topics.status(gatewayId));
    expect(statuses.at(-1)).toEqual({
      schema: 'openward.gateway-status/1',
      state: 'offline',
      gatewayId,
    });
  });
});
