// Integration: the real radio and control servers on port 0, driven by a real TCP central speaking the
// sim-radio protocol; notifications are decoded with @openward/ble-codecs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeCharacteristic } from '@openward/ble-codecs';
import { fromHex, type RadioEvent } from '@openward/sim-radio';
import { pino } from 'pino';
import { RadioTestClient } from '../test/radio-client.js';
import { Air } from './air.js';
import { ControlServer } from './control-server.js';
import { HeartRateStrap } from './devices/heart-rate-strap.js';
import { mulberry32 } from './physiology.js';
import { RadioServer } from './radio-server.js';

const A = 'c0:ff:ee:00:20:01';
const B = 'c0:ff:ee:00:20:02';
const C = 'c0:ff:ee:00:20:03';
const D = 'c0:ff:ee:00:20:04'; // never connected: always advertising

let air: Air;
let radio: RadioServer;
let control: ControlServer;
let radioPort: number;
let controlBase: string;
const clients: RadioTestClient[] = [];

async function open(): Promise<RadioTestClient> {
  const c = await RadioTestClient.open(radioPort);
  clients.push(c);
  return c;
}

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${controlBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function stats(): Promise<Record<string, number>> {
  return (await (await fetch(`${controlBase}/stats`)).json()) as Record<string, number>;
}

const isNotification =
  (address: string, characteristic = '2a37') =>
  (e: RadioEvent) =>
    e.ev === 'notification' && e.address === address && e.characteristic === characteristic;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  const straps = [
    { address: A, localName: 'Strap A', baselineBpm: 70 },
    { address: B, localName: 'Strap B', baselineBpm: 90 },
    { address: C, localName: 'Strap C', baselineBpm: 60 },
    { address: D, localName: 'Strap D', baselineBpm: 75 },
  ].map((d, i) => new HeartRateStrap(d, mulberry32(100 + i)));
  air = new Air(straps, { notifyIntervalMs: 100, advertIntervalMs: 50, logger });
  radio = new RadioServer(air, logger);
  control = new ControlServer(air, radio, logger);
  radioPort = await radio.listen(0, '127.0.0.1');
  controlBase = `http://127.0.0.1:${await control.listen(0, '127.0.0.1')}`;
  air.start();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  air.stop();
  await Promise.all([radio.close(), control.close()]);
});

describe('simulated radio over TCP', () => {
  it('answers hello with protocol version 1', async () => {
    const c = await open();
    expect(await c.request({ op: 'hello', version: 1 })).toEqual({
      id: 1,
      ok: true,
      result: { version: 1, radio: 'openward-firmware-sim' },
    });
  });

  it('advertises every in-range device repeatedly while a central scans, and stops when it stops', async () => {
    const c = await open();
    expect(await c.request({ op: 'scan', on: true, serviceUuids: ['180d'] })).toMatchObject({ ok: true });
    const first = await c.waitForEvent((e) => e.ev === 'advert' && e.address === B);
    expect(first).toMatchObject({
      ev: 'advert',
      address: B,
      addressType: 'public',
      connectable: true,
      localName: 'Strap B',
      serviceUuids: ['180d', '180f', '180a'],
    });
    // Periodic: a later advert for the same device arrives too.
    const index = c.events.indexOf(first) + 1;
    await c.waitForEvent((e) => e.ev === 'advert' && e.address === B, 5000, index);
    await c.request({ op: 'scan', on: false });
    const after = c.events.length;
    // The stop response is ordered after every advert sent before it; a later request proves no new adverts.
    await c.request({ op: 'hello', version: 1 });
    expect(c.events.slice(after).filter((e) => e.ev === 'advert')).toEqual([]);
  });

  it('filters adverts by the scan service UUIDs', async () => {
    const filtered = await open();
    const all = await open();
    await filtered.request({ op: 'scan', on: true, serviceUuids: ['1809'] }); // thermometer: none here
    await all.request({ op: 'scan', on: true });
    // Two advert rounds reach the unfiltered central while the filtered one is scanning too.
    const first = await all.waitForEvent((e) => e.ev === 'advert' && e.address === D);
    await all.waitForEvent((e) => e.ev === 'advert' && e.address === D, 5000, all.events.indexOf(first) + 1);
    await filtered.request({ op: 'scan', on: false });
    await all.request({ op: 'scan', on: false });
    expect(filtered.events.filter((e) => e.ev === 'advert')).toEqual([]);
  });

  it('connects, discovers, reads, subscribes and delivers decodable 0x2A37 notifications', async () => {
    const c = await open();
    expect(await c.request({ op: 'connect', address: A })).toEqual({ id: 1, ok: true, result: {} });

    const discovered = await c.request({ op: 'discover', address: A });
    expect(discovered).toEqual({
      id: 2,
      ok: true,
      result: {
        services: [
          {
            uuid: '180d',
            characteristics: [
              { uuid: '2a37', properties: ['notify'] },
              { uuid: '2a38', properties: ['read'] },
            ],
          },
          { uuid: '180f', characteristics: [{ uuid: '2a19', properties: ['read', 'notify'] }] },
          {
            uuid: '180a',
            // Device Information: manufacturer, model, serial, firmware, software (issue 4 GATT table).
            characteristics: ['2a29', '2a24', '2a25', '2a26', '2a28'].map((uuid) => ({
              uuid,
              properties: ['read'],
            })),
          },
        ],
      },
    });

    const location = await c.request({ op: 'read', address: A, service: '180d', characteristic: '2a38' });
    expect(location).toEqual({ id: 3, ok: true, result: { data: '01' } });
    const battery = await c.request({ op: 'read', address: A, service: '180f', characteristic: '2a19' });
    const level = battery.ok
      ? decodeCharacteristic('2A19', fromHex(String(battery.result['data'])))
      : undefined;
    expect(level?.ok && level.value.level).toBeGreaterThanOrEqual(80);
    const serial = await c.request({ op: 'read', address: A, service: '180a', characteristic: '2a25' });
    const text = serial.ok ? decodeCharacteristic('2A25', fromHex(String(serial.result['data']))) : undefined;
    expect(text?.ok && text.value).toEqual({ text: 'C0FFEE002001' });

    expect(
      await c.request({ op: 'subscribe', address: A, service: '180d', characteristic: '2a37', on: true }),
    ).toMatchObject({ ok: true });
    const n = await c.waitForEvent(isNotification(A));
    const decoded = n.ev === 'notification' ? decodeCharacteristic('2A37', fromHex(n.data)) : undefined;
    expect(decoded?.ok).toBe(true);
    if (decoded?.ok) {
      expect(decoded.value.sensorContact).toBe('detected');
      // Resting 70 bpm moved by the wall-clock-driven drive (physiology/vitals.ts heartRateDrive: daily rhythm
      // ±6, activity bursts up to +35), the beat model's slow variation (≤ 8) and noise (σ 1.5, 3σ ≈ 5).
      expect(decoded.value.heartRate).toBeGreaterThanOrEqual(70 - 6 - 8 - 5);
      expect(decoded.value.heartRate).toBeLessThanOrEqual(70 + 6 + 35 + 8 + 5);
    }

    // Control endpoint: pause the 1 Hz stream, emit one exact value, receive and decode exactly that.
    expect(await post(`/devices/${A}/auto`, { on: false })).toEqual({
      status: 200,
      json: { address: A, auto: false },
    });
    const before = Date.now();
    const sent = await post(`/devices/${A}/notify`, { heartRate: 123, rrIntervals: [500, 510] });
    expect(sent.status).toBe(200);
    expect(typeof sent.json['emittedAt']).toBe('number');
    expect(sent.json['emittedAt']).toBeGreaterThanOrEqual(before - 1);
    expect(sent.json['emittedAt']).toBeLessThanOrEqual(Date.now() + 1);
    const exact = await c.waitForEvent(
      (e) => isNotification(A)(e) && e.ev === 'notification' && e.data === sent.json['hex'],
    );
    const value = exact.ev === 'notification' ? decodeCharacteristic('2A37', fromHex(exact.data)) : undefined;
    expect(value).toEqual({
      ok: true,
      value: {
        heartRate: 123,
        heartRateFormat: 'uint8',
        sensorContact: 'detected',
        energyExpended: undefined,
        rrIntervals: [500, 510],
        rrIntervalsMs: [488.28125, 498.046875],
        units: { heartRate: '/min', energyExpended: 'kJ', rrIntervalsMs: 'ms' },
      },
    });
    expect(sent.json['hex']).toBe('167bf401fe01');

    // uint16 rates pass through too.
    const high = await post(`/devices/${A}/notify`, { heartRate: 300 });
    expect(high.json['hex']).toBe('072c01');
  });

  it('gives a device to one central at a time and keeps notifications to the subscribed one', async () => {
    const owner = await open();
    const other = await open();
    await owner.request({ op: 'connect', address: B });
    expect(await other.request({ op: 'connect', address: B })).toMatchObject({
      ok: false,
      code: 'ALREADY_CONNECTED',
    });
    expect(await owner.request({ op: 'connect', address: B })).toMatchObject({
      ok: false,
      code: 'ALREADY_CONNECTED',
    });
    expect(await other.request({ op: 'discover', address: B })).toMatchObject({
      ok: false,
      code: 'NOT_CONNECTED',
    });
    expect(
      await other.request({ op: 'subscribe', address: B, service: '180d', characteristic: '2a37', on: true }),
    ).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });

    // Connected but not subscribed: the control endpoint refuses with 409.
    expect(await post(`/devices/${B}/notify`, { heartRate: 80 })).toEqual({
      status: 409,
      json: { code: 'NOT_SUBSCRIBED', message: `no central is subscribed to ${B} 2a37` },
    });
    await owner.request({ op: 'subscribe', address: B, service: '180d', characteristic: '2a37', on: true });
    await owner.waitForEvent(isNotification(B));
    expect(other.events.filter((e) => e.ev === 'notification')).toEqual([]);

    // The owner's socket closes: B is free again and stops notifying.
    await owner.close();
    await expect(waitUntilFree(B)).resolves.toBe(true);
    expect(await other.request({ op: 'connect', address: B })).toMatchObject({ ok: true });
  });

  it('answers GATT errors with protocol codes', async () => {
    const c = await open();
    expect(await c.request({ op: 'connect', address: 'aa:aa:aa:aa:aa:aa' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    await c.request({ op: 'connect', address: C });
    expect(
      await c.request({ op: 'read', address: C, service: '180d', characteristic: '2a37' }),
    ).toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    expect(
      await c.request({ op: 'read', address: C, service: '1809', characteristic: '2a1c' }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await c.request({
        op: 'write',
        address: C,
        service: '180d',
        characteristic: '2a38',
        data: '02',
        withoutResponse: false,
      }),
    ).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(
      await c.request({ op: 'subscribe', address: C, service: '180d', characteristic: '2a38', on: true }),
    ).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(await c.request({ op: 'disconnect', address: C })).toMatchObject({ ok: true });
    expect(await c.request({ op: 'disconnect', address: C })).toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('drops the link and stops advertising when a device goes out of range', async () => {
    const c = await open();
    await c.request({ op: 'connect', address: C });
    expect(await post(`/devices/${C}/range`, { inRange: false })).toEqual({
      status: 200,
      json: { address: C, inRange: false },
    });
    expect(await c.waitForEvent((e) => e.ev === 'disconnected' && e.address === C)).toEqual({
      ev: 'disconnected',
      address: C,
      reason: 'out-of-range',
    });
    expect(await c.request({ op: 'connect', address: C })).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });
    await c.request({ op: 'scan', on: true });
    await c.waitForEvent((e) => e.ev === 'advert' && e.address === D); // scan is running
    const n = c.events.length;
    await c.waitForEvent((e) => e.ev === 'advert' && e.address === D, 5000, n); // another full round
    expect(c.events.filter((e) => e.ev === 'advert' && e.address === C)).toEqual([]);
    await c.request({ op: 'scan', on: false });
    await post(`/devices/${C}/range`, { inRange: true });
    expect(await c.request({ op: 'connect', address: C })).toMatchObject({ ok: true });
    await c.request({ op: 'disconnect', address: C });
  });
});

async function waitUntilFree(address: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const list = (await (await fetch(`${controlBase}/devices`)).json()) as Array<{
      address: string;
      connectedCentral: number | null;
    }>;
    if (list.find((d) => d.address === address)?.connectedCentral === null) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

describe('control API errors', () => {
  it('answers 404 for an unknown device and route, 400 for bad JSON and bad fields', async () => {
    expect(await post('/devices/aa:aa:aa:aa:aa:aa/notify', { heartRate: 70 })).toMatchObject({
      status: 404,
      json: { code: 'NOT_FOUND' },
    });
    expect(await post('/nothing', {})).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    expect(await post(`/devices/${A}/notify`, '{not json')).toMatchObject({
      status: 400,
      json: { code: 'BAD_JSON' },
    });
    expect(await post(`/devices/${A}/notify`, { heartRate: 'fast' })).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST' },
    });
    expect(await post(`/devices/${A}/auto`, { on: 'yes' })).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST' },
    });
  });

  it('lists the devices with their state', async () => {
    const list = (await (await fetch(`${controlBase}/devices`)).json()) as Array<Record<string, unknown>>;
    expect(list.map((d) => d['address'])).toEqual([A, B, C, D]);
    expect(list[0]).toMatchObject({ localName: 'Strap A', baselineBpm: 70, inRange: true });
  });
});

describe('malformed input', () => {
  it('survives garbage, unknown ops and oversize lines, and still serves well-formed requests', async () => {
    const c = await open();
    const base = await stats();

    c.sendRaw('this is not json\n');
    c.sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x0a]));
    c.sendRaw('[1,2,3]\n');
    const unknownOp = await c.requestWithId(70, { id: 70, op: 'fly' });
    expect(unknownOp).toMatchObject({ id: 70, ok: false, code: 'BAD_REQUEST' });
    const badAddress = await c.requestWithId(71, { id: 71, op: 'connect', address: 'not-a-mac' });
    expect(badAddress).toMatchObject({ id: 71, ok: false, code: 'BAD_REQUEST' });
    c.sendRaw(`${'x'.repeat(70 * 1024)}\n`);
    c.sendRaw(`{"id":72,"op":"hello","version":1,"pad":"${'y'.repeat(70 * 1024)}"}\n`);

    const ok = await c.requestWithId(73, { id: 73, op: 'hello', version: 1 });
    expect(ok).toMatchObject({ id: 73, ok: true });
    expect(c.responses.some((r) => r.id === 72)).toBe(false); // the oversize line was dropped unanswered

    const after = await stats();
    expect((after['badLines'] ?? 0) - (base['badLines'] ?? 0)).toBe(5);
    expect((after['oversizeLines'] ?? 0) - (base['oversizeLines'] ?? 0)).toBeGreaterThanOrEqual(2);

    // Another central is unaffected.
    const fresh = await open();
    expect(await fresh.request({ op: 'hello', version: 1 })).toMatchObject({ ok: true });
  });
});
