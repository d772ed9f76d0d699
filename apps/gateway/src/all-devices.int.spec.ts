import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import {
  gatewayStatusSchema,
  parseReading,
  topics,
  type GatewayConfig as RemoteConfig,
  type GatewayStatus,
  type ReadingV1,
} from '@openward/contracts';
import { freePort, waitFor, type ManagedProcess } from '@openward/testing';
import { TestBroker } from '../test/broker.js';
import { getJson, postJson, requireBuilt, tempDir } from '../test/stack.js';
import { fullKit, startWorldGateway, startWorldSim, type WorldSim } from '../test/world.js';
import type { HealthSnapshot } from './http.js';

const gatewayId = 'gw-it-kit-1';
const secret = 'kit-secret-long-enough';
const kit = fullKit('c0:ff:ee:07');
const [strap, oximeter, cuff, thermometer, meter, scale, bcs] = kit.map((d) => d.address) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

/**
 * Issue 4 "done when": the gateway against firmware-sim with every device kind at once (7 devices),
 * every reading decoded, published and acknowledged; glucose records exactly once across a reconnect
 * (out of range, a transfer cut mid-way, a duplicated record) and a gateway restart; the retained config
 * applied live; the status heartbeat valid against openward.gateway-status/1.
 */
describe('gateway with a full kit of seven device kinds', () => {
  let sim: WorldSim;
  let broker: TestBroker;
  let gateway: ManagedProcess;
  let httpPort = 0;
  const dataDir = tempDir('ow-gw-kit-');
  const start = async (): Promise<void> => {
    ({ process: gateway, httpPort } = await startWorldGateway({
      gatewayId,
      secret,
      mqttPort: broker.port,
      radioPort: sim.radioPort,
      dataDir,
      env: { GATEWAY_STATUS_INTERVAL_SECONDS: '1' },
    }));
  };

  const readings = (): ReadingV1[] =>
    broker.received
      .filter((m) => m.topic === topics.readings(gatewayId))
      .map((m) => {
        const r = parseReading(m.payload);
        if (!r.ok) throw new Error(`invalid reading on the wire: ${r.code} ${r.message}`);
        return r.value;
      });
  const statuses = (): GatewayStatus[] =>
    broker.received
      .filter((m) => m.topic === topics.status(gatewayId))
      .map((m) => {
        const r = gatewayStatusSchema.safeParse(JSON.parse(m.payload.toString('utf8')));
        if (!r.success) throw new Error(`invalid status: ${r.error.issues[0]?.message}`);
        return r.data;
      });
  const online = (): Extract<GatewayStatus, { state: 'online' }>[] =>
    statuses().filter((s): s is Extract<GatewayStatus, { state: 'online' }> => s.state === 'online');
  const glucoseSequences = (): number[] =>
    readings()
      .filter((r) => r.characteristic === '2A18')
      .map((r) => r.deviceSequence ?? -1);
  const connectedLines = (address: string): number =>
    gateway.lines.filter((l) => l.includes('"msg":"device connected"') && l.includes(address)).length;
  const health = async (): Promise<HealthSnapshot> =>
    (await getJson<HealthSnapshot>(httpPort, '/health')).body;
  const measure = (address: string, body: object = {}): Promise<unknown> =>
    postJson(sim.controlPort, `/devices/${address}/measure`, body);

  beforeAll(async () => {
    requireBuilt();
    sim = await startWorldSim(kit);
    broker = await TestBroker.start(await freePort(), { [gatewayId]: secret });
    await start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.process.stop();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects all seven devices at once and fetches the glucose history', async () => {
    await waitFor(async () => (await health()).devices.connected === 7, {
      timeoutMs: 20_000,
      what: 'seven devices connected',
    });
    await waitFor(() => glucoseSequences().length === 5, { what: 'the five stored glucose records' });
    expect(glucoseSequences()).toEqual([1, 2, 3, 4, 5]);
  });

  it('decodes, publishes and acknowledges a measurement of every characteristic', async () => {
    for (const address of [oximeter, cuff, thermometer, scale, bcs]) await measure(address);
    const wanted = ['2A37', '2A5E', '2A5F', '2A35', '2A36', '2A1C', '2A1E', '2A18', '2A9D', '2A9C'];
    await waitFor(() => wanted.every((c) => readings().some((r) => r.characteristic === c)), {
      timeoutMs: 20_000,
      what: `a reading of each of ${wanted.join(' ')}`,
    });
    const all = readings();
    const bp = all.find((r) => r.characteristic === '2A35');
    expect(bp?.measurements.map((m) => [m.metric, m.unit])).toEqual(
      expect.arrayContaining([
        ['bp-systolic', 'mm[Hg]'],
        ['bp-diastolic', 'mm[Hg]'],
      ]),
    );
    expect(bp?.clock).toEqual({ source: 'device', status: 'ok' });
    expect(all.find((r) => r.characteristic === '2A36')?.intermediate).toBe(true);
    expect(all.find((r) => r.characteristic === '2A1C')?.measurements[0]?.metric).toBe('body-temperature');
    expect(all.find((r) => r.characteristic === '2A9D')?.measurements[0]).toMatchObject({
      metric: 'body-weight',
      unit: 'kg',
    });
    expect(all.find((r) => r.characteristic === '2A9C')?.measurements.map((m) => m.metric)).toContain(
      'body-fat',
    );
    const glucose = all.find((r) => r.characteristic === '2A18');
    expect(glucose?.id).toBe(`${gatewayId}:${meter}:2A18:seq-${glucose?.deviceSequence}`);
    expect(glucose?.measurements[0]?.unit).toMatch(/^(mg\/dL|mmol\/L)$/);
    expect(new Set(all.map((r) => r.device.address))).toEqual(new Set(kit.map((d) => d.address)));

    // Acknowledged: the journal drains and every reading the broker accepted was PUBACKed.
    await waitFor(async () => (await health()).journal.depth === 0, { what: 'an empty journal' });
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const acked = Number(/^gateway_readings_acked_total (\d+)$/m.exec(text)?.[1]);
    expect(acked).toBeGreaterThanOrEqual(all.length);
    expect(text).not.toMatch(/^gateway_decode_errors_total\{/m);
  });

  it('publishes a retained status heartbeat with battery, device information and clocks', async () => {
    const status = await waitFor(
      () => online().find((s) => s.devices.length === 7 && s.devices.every((d) => d.connected)),
      { what: 'an online heartbeat listing seven connected devices' },
    );
    expect(status.gatewayId).toBe(gatewayId);
    expect(status.configVersion).toBeNull();
    for (const d of status.devices) {
      expect(d.batteryLevel).toEqual(expect.any(Number));
      expect(d.info.manufacturer).toBe('OpenWard Simulated Devices');
      expect(d.info.serial).toEqual(expect.any(String));
      expect(d.missing).toBe(false);
    }
    expect(status.devices.find((d) => d.address === strap)).toMatchObject({
      kind: 'heart-rate-strap',
      clock: 'none',
    });
    expect(status.devices.find((d) => d.address === meter)).toMatchObject({
      kind: 'glucose-meter',
      clock: 'ok',
    });
    const retained = broker.received.filter((m) => m.topic === topics.status(gatewayId));
    expect(retained.every((m) => m.retain)).toBe(true);
    const before = online().length;
    await waitFor(() => online().length >= before + 2, { what: 'two more heartbeats (1 s period)' });
  });

  it('fetches glucose records exactly once across out-of-range, a cut transfer and a duplicated record', async () => {
    await postJson(sim.controlPort, `/devices/${meter}/range`, { inRange: false });
    await waitFor(async () => (await health()).devices.connected === 6, { what: 'meter link lost' });
    for (let i = 0; i < 4; i++) await measure(meter); // records 6..9, stored while away
    await postJson(sim.controlPort, `/devices/${meter}/fault`, { fault: 'duplicate-record', count: 1 });
    await postJson(sim.controlPort, `/devices/${meter}/fault`, {
      fault: 'disconnect-mid-transfer',
      afterNotifications: 2,
    });
    const links = connectedLines(meter);
    await postJson(sim.controlPort, `/devices/${meter}/range`, { inRange: true });
    await waitFor(() => connectedLines(meter) >= links + 2, {
      timeoutMs: 30_000,
      what: 'the meter reconnected after the cut transfer',
    });
    await waitFor(() => glucoseSequences().length >= 9, { timeoutMs: 20_000, what: 'records 6..9' });
    expect(
      gateway.lines.some((l) => l.includes('"msg":"glucose catch-up requested"') && l.includes('"value":6')),
    ).toBe(true);
    expect(glucoseSequences()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fetches only the new glucose record after a gateway restart', async () => {
    await gateway.stop('SIGTERM');
    expect(gateway.exit).toEqual({ code: 0, signal: null });
    expect(statuses().at(-1)).toMatchObject({ state: 'offline', gatewayId });
    await measure(meter); // record 10, taken while the gateway is down
    await start();
    await waitFor(() => glucoseSequences().length >= 10, { timeoutMs: 20_000, what: 'record 10' });
    await waitFor(() => gateway.lines.some((l) => l.includes('"msg":"glucose catch-up response"')), {
      what: 'the catch-up response after restart',
    });
    expect(
      gateway.lines.some((l) => l.includes('"msg":"glucose catch-up requested"') && l.includes('"value":10')),
    ).toBe(true);
    expect(glucoseSequences()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('applies the retained config topic live: removes, ignores an older version, adds back', async () => {
    await waitFor(async () => (await health()).devices.connected === 7, {
      timeoutMs: 20_000,
      what: 'seven again',
    });
    const config = (version: number, addresses: string[]): string =>
      JSON.stringify({
        schema: 'openward.gateway-config/1',
        version,
        gatewayId,
        devices: kit
          .filter((d) => addresses.includes(d.address))
          .map((d) => ({ address: d.address, kind: d.kind as RemoteConfig['devices'][number]['kind'] })),
        notSeenAfterSeconds: 10,
      } satisfies RemoteConfig);
    const withoutBcs = kit.map((d) => d.address).filter((a) => a !== bcs);
    await broker.publishRetained(topics.config(gatewayId), config(3, withoutBcs));
    await waitFor(
      async () => {
        const h = await health();
        return h.configVersion === 3 && h.devices.connected === 6 && h.devices.known === 6;
      },
      { what: 'config 3 applied and the body composition scale dropped' },
    );
    await waitFor(() => online().some((s) => s.configVersion === 3 && s.devices.length === 6), {
      what: 'a status with config version 3',
    });

    await broker.publishRetained(
      topics.config(gatewayId),
      config(
        2,
        kit.map((d) => d.address),
      ),
    );
    await waitFor(() => gateway.lines.some((l) => l.includes('"reason":"stale-version"')), {
      what: 'the older config ignored',
    });
    expect((await health()).devices.known).toBe(6);

    const links = connectedLines(bcs);
    await broker.publishRetained(
      topics.config(gatewayId),
      config(
        4,
        kit.map((d) => d.address),
      ),
    );
    await waitFor(() => connectedLines(bcs) > links, {
      timeoutMs: 20_000,
      what: 'the scale connected again',
    });
    expect((await health()).configVersion).toBe(4);
  });

  it('reports a device not seen for notSeenAfterSeconds as missing', async () => {
    await postJson(sim.controlPort, `/devices/${strap}/range`, { inRange: false });
    const status = await waitFor(
      () => online().find((s) => s.devices.find((d) => d.address === strap)?.missing === true),
      { timeoutMs: 30_000, what: 'the strap reported missing' },
    );
    expect(status.devices.find((d) => d.address === strap)).toMatchObject({
      connected: false,
      missing: true,
    });
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    expect(text).toMatch(/^gateway_devices_missing 1$/m);
  });
});
