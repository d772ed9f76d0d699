// Integration: every device kind on the real radio and control servers, driven by a real TCP central
// speaking the sim-radio protocol; every value is decoded with @openward/ble-codecs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeCharacteristic } from '@openward/ble-codecs';
import { fromHex, type RadioEvent } from '@openward/sim-radio';
import { pino } from 'pino';
import { RadioTestClient } from '../test/radio-client.js';
import { Air } from './air.js';
import { SimClock } from './clock.js';
import { ControlServer } from './control-server.js';
import { createDevice } from './devices/create-device.js';
import { RadioServer } from './radio-server.js';
import { parseWorld } from './world-config.js';

const OXI = 'c0:ff:ee:00:40:01';
const BPM = 'c0:ff:ee:00:40:02';
const THM = 'c0:ff:ee:00:40:03';
const GLU = 'c0:ff:ee:00:40:04';
const WSC = 'c0:ff:ee:00:40:05';
const BCS = 'c0:ff:ee:00:40:06';
const GLU_BIG = 'c0:ff:ee:00:40:07'; // 40 stored records: long transfers for abort / disconnect
const HRM = 'c0:ff:ee:00:40:08';

const WORLD = [
  { address: OXI, kind: 'pulse-oximeter', localName: 'OW-PLX 1' },
  { address: BPM, kind: 'blood-pressure-cuff', localName: 'OW-BPM 1' },
  { address: THM, kind: 'thermometer', localName: 'OW-THM 1' },
  { address: GLU, kind: 'glucose-meter', localName: 'OW-GLU 1', storedRecords: 5 },
  { address: WSC, kind: 'weight-scale', localName: 'OW-WSC 1' },
  { address: BCS, kind: 'body-composition-scale', localName: 'OW-BCS 1' },
  { address: GLU_BIG, kind: 'glucose-meter', localName: 'OW-GLU 2', storedRecords: 40 },
  { address: HRM, kind: 'heart-rate-strap', localName: 'OW-HRM 1', baselineBpm: 70 },
].map((d) => ({ ...d, measureIntervalSeconds: 0 }));

const DIS = ['2a29', '2a24', '2a25', '2a26', '2a28'].map((uuid) => ({ uuid, properties: ['read'] }));
const COMMON = [
  { uuid: '180f', characteristics: [{ uuid: '2a19', properties: ['read', 'notify'] }] },
  { uuid: '180a', characteristics: DIS },
  { uuid: '1805', characteristics: [{ uuid: '2a2b', properties: ['read', 'notify'] }] },
];
/** The GATT table, written out independently of gatt/layout.ts. */
const EXPECTED_GATT: Record<string, unknown[]> = {
  [OXI]: [
    {
      uuid: '1822',
      characteristics: [
        { uuid: '2a5e', properties: ['indicate'] },
        { uuid: '2a5f', properties: ['notify'] },
        { uuid: '2a60', properties: ['read'] },
      ],
    },
    ...COMMON,
  ],
  [BPM]: [
    {
      uuid: '1810',
      characteristics: [
        { uuid: '2a35', properties: ['indicate'] },
        { uuid: '2a36', properties: ['notify'] },
        { uuid: '2a49', properties: ['read'] },
      ],
    },
    ...COMMON,
  ],
  [THM]: [
    {
      uuid: '1809',
      characteristics: [
        { uuid: '2a1c', properties: ['indicate'] },
        { uuid: '2a1e', properties: ['notify'] },
        { uuid: '2a1d', properties: ['read'] },
        { uuid: '2a21', properties: ['read', 'indicate'] },
      ],
    },
    ...COMMON,
  ],
  [GLU]: [
    {
      uuid: '1808',
      characteristics: [
        { uuid: '2a18', properties: ['notify'] },
        { uuid: '2a34', properties: ['notify'] },
        { uuid: '2a51', properties: ['read'] },
        { uuid: '2a52', properties: ['write', 'indicate'] },
      ],
    },
    ...COMMON,
  ],
  [WSC]: [
    {
      uuid: '181d',
      characteristics: [
        { uuid: '2a9d', properties: ['indicate'] },
        { uuid: '2a9e', properties: ['read'] },
      ],
    },
    ...COMMON,
  ],
  [BCS]: [
    {
      uuid: '181b',
      characteristics: [
        { uuid: '2a9c', properties: ['indicate'] },
        { uuid: '2a9b', properties: ['read'] },
      ],
    },
    ...COMMON,
  ],
  [HRM]: [
    {
      uuid: '180d',
      characteristics: [
        { uuid: '2a37', properties: ['notify'] },
        { uuid: '2a38', properties: ['read'] },
      ],
    },
    ...COMMON.slice(0, 2),
  ],
};

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

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${controlBase}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const post = (path: string, body: unknown = {}) => call('POST', path, body);

type Notification = Extract<RadioEvent, { ev: 'notification' }>;
const isNote =
  (address: string, characteristic: string) =>
  (e: RadioEvent): e is Notification =>
    e.ev === 'notification' && e.address === address && e.characteristic === characteristic;

function decoded(e: RadioEvent): Record<string, unknown> {
  if (e.ev !== 'notification') throw new Error('not a notification');
  const r = decodeCharacteristic(e.characteristic.toUpperCase(), fromHex(e.data));
  if (!r.ok) throw new Error(`${e.characteristic} ${e.data}: ${r.code} ${r.message}`);
  return r.value as unknown as Record<string, unknown>;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'object' && v !== null && 'value' in v ? (v as { value: number }).value : undefined;

/** Connects `address` and enables notifications/indications of each `service/characteristic`. */
async function attach(c: RadioTestClient, address: string, ...subs: string[]): Promise<void> {
  expect(await c.request({ op: 'connect', address })).toMatchObject({ ok: true });
  for (const s of subs) {
    const [service = '', characteristic = ''] = s.split('/');
    expect(await c.request({ op: 'subscribe', address, service, characteristic, on: true })).toMatchObject({
      ok: true,
    });
  }
}

function writeRacp(c: RadioTestClient, address: string, hex: string) {
  return c.request({
    op: 'write',
    address,
    service: '1808',
    characteristic: '2a52',
    data: hex,
    withoutResponse: false,
  });
}

/** Notifications of `address` since event index `from`. */
const notes = (c: RadioTestClient, address: string, from = 0): Notification[] =>
  c.events.slice(from).filter((e): e is Notification => e.ev === 'notification' && e.address === address);

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  const clock = new SimClock(50); // a 10 s BP cycle takes 0.2 s
  const devices = parseWorld(JSON.stringify(WORLD)).map((d) => createDevice(d, clock.now()));
  air = new Air(devices, { notifyIntervalMs: 1000, advertIntervalMs: 50, logger, clock });
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

describe('every device kind on the simulated radio', () => {
  it('advertises each kind with its own service and serves the issue GATT table', async () => {
    const c = await open();
    await c.request({ op: 'scan', on: true, serviceUuids: ['1808'] });
    const advert = await c.waitForEvent((e) => e.ev === 'advert' && e.address === GLU);
    expect(advert).toMatchObject({ localName: 'OW-GLU 1', serviceUuids: ['1808', '180f', '180a'] });
    await c.request({ op: 'scan', on: false });
    for (const [address, gatt] of Object.entries(EXPECTED_GATT)) {
      await c.request({ op: 'connect', address });
      expect(await c.request({ op: 'discover', address })).toMatchObject({
        ok: true,
        result: { services: gatt },
      });
      const model = await c.request({ op: 'read', address, service: '180a', characteristic: '2a24' });
      expect(model.ok && decodeCharacteristic('2A24', fromHex(String(model.result['data'])))).toMatchObject({
        ok: true,
        value: { text: expect.stringMatching(/^OW-[A-Z]{3}-SIM$/) },
      });
      await c.request({ op: 'disconnect', address });
    }
  });

  it('reads Current Time, features and Software Revision', async () => {
    const c = await open();
    await attach(c, WSC);
    const cts = await c.request({ op: 'read', address: WSC, service: '1805', characteristic: '2a2b' });
    const time = cts.ok ? decodeCharacteristic('2A2B', fromHex(String(cts.result['data']))) : undefined;
    expect(time?.ok && time.value.dateTime.year).toBe(new Date(air.simNow()).getUTCFullYear());
    const feature = await c.request({ op: 'read', address: WSC, service: '181d', characteristic: '2a9e' });
    expect(feature).toMatchObject({ ok: true, result: { data: 'bd010000' } });
    const sw = await c.request({ op: 'read', address: WSC, service: '180a', characteristic: '2a28' });
    expect(sw).toMatchObject({ ok: true, result: { data: Buffer.from('2026.11').toString('hex') } });
    await c.request({ op: 'disconnect', address: WSC });
  });
});

describe('measurements decode to the values triggered', () => {
  it('pulse oximeter: continuous 2a5f stream and a spot-check 2a5e on demand', async () => {
    const c = await open();
    await attach(c, OXI, '1822/2a5f', '1822/2a5e');
    const stream = decoded(await c.waitForEvent(isNote(OXI, '2a5f')));
    expect(num((stream['spo2PrNormal'] as { spo2: unknown }).spo2)).toBeGreaterThanOrEqual(90);
    const r = await post(`/devices/${OXI}/measure`, { spo2: 91, pulseRate: 104, pulseAmplitudeIndex: 2.5 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ subscribed: true, notifications: [{ characteristic: '2a5e' }] });
    const spot = decoded(await c.waitForEvent(isNote(OXI, '2a5e')));
    expect(spot).toMatchObject({ deviceClockNotSet: false, units: { spo2: '%', pr: '/min' } });
    expect(num((spot['spo2PrSpotCheck'] as { spo2: unknown }).spo2)).toBe(91);
    expect(num((spot['spo2PrSpotCheck'] as { pr: unknown }).pr)).toBe(104);
    expect(num(spot['pulseAmplitudeIndex'])).toBe(2.5);
    await c.request({ op: 'disconnect', address: OXI });
  });

  it('BP cuff: intermediate cuff pressures up and down, then the 2a35 measurement', async () => {
    const c = await open();
    await attach(c, BPM, '1810/2a35', '1810/2a36');
    const r = await post(`/devices/${BPM}/measure`, { systolic: 186, diastolic: 122, pulseRate: 95 });
    expect(r.status).toBe(200);
    const final = decoded(await c.waitForEvent(isNote(BPM, '2a35')));
    expect(final).toMatchObject({ unit: 'mmHg' });
    expect([num(final['systolic']), num(final['diastolic']), num(final['pulseRate'])]).toEqual([
      186, 122, 95,
    ]);
    expect((final['timeStamp'] as { year: number }).year).toBeGreaterThan(2000);
    const cuff = notes(c, BPM)
      .filter((e) => e.characteristic === '2a36')
      .map((e) => num(decoded(e)['currentCuffPressure']) ?? -1);
    expect(cuff).toEqual(
      (r.json['summary'] as { intermediateCuffPressures: number[] }).intermediateCuffPressures,
    );
    expect(Math.max(...cuff)).toBe(216);
    // While a cycle runs, a second measurement is refused.
    const again = await post(`/devices/${BPM}/measure`);
    const busy = await post(`/devices/${BPM}/measure`);
    expect(again.status).toBe(200);
    expect(busy).toMatchObject({ status: 409, json: { code: 'BUSY' } });
    await c.request({ op: 'disconnect', address: BPM });
  });

  it('thermometer: intermediate 2a1e then 2a1c with type and time stamp', async () => {
    const c = await open();
    await attach(c, THM, '1809/2a1c', '1809/2a1e');
    await post(`/devices/${THM}/measure`, { temperatureC: 38.7 });
    const final = decoded(await c.waitForEvent(isNote(THM, '2a1c')));
    expect(num(final['temperatureMeasurementValue'])).toBe(38.7);
    expect(final).toMatchObject({ unit: 'Cel', temperatureType: { name: 'ear' } });
    expect(notes(c, THM).filter((e) => e.characteristic === '2a1e')).toHaveLength(3);
    await c.request({ op: 'disconnect', address: THM });
  });

  it('weight and body composition scales', async () => {
    const c = await open();
    await attach(c, WSC, '181d/2a9d');
    await attach(c, BCS, '181b/2a9c');
    await post(`/devices/${WSC}/measure`, { weightKg: 92.4, heightM: 1.81 });
    await post(`/devices/${BCS}/measure`, { bodyFatPercent: 31.2, weightKg: 92.4 });
    expect(decoded(await c.waitForEvent(isNote(WSC, '2a9d')))).toMatchObject({
      weight: 92.4,
      height: 1.81,
      bmi: 28.2,
    });
    expect(decoded(await c.waitForEvent(isNote(BCS, '2a9c')))).toMatchObject({
      bodyFatPercentage: 31.2,
      weight: 92.4,
    });
    await c.request({ op: 'disconnect', address: WSC });
    await c.request({ op: 'disconnect', address: BCS });
  });
});

describe('glucose meter RACP', () => {
  const RECORDS = ['1808/2a18', '1808/2a34', '1808/2a52'];

  it('stores a new record and serves "≥ sequence" with exactly the later records, then success', async () => {
    const m = await post(`/devices/${GLU}/measure`, { glucoseMmolL: 3.4, meal: 'fasting' });
    expect(m.json).toMatchObject({
      summary: { record: { sequenceNumber: 6, mmolL: 3.4 } },
      notifications: [],
    });
    const list = await call('GET', `/devices/${GLU}/records`);
    expect((list.json['records'] as Array<{ sequenceNumber: number }>).map((r) => r.sequenceNumber)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);

    const c = await open();
    await attach(c, GLU, ...RECORDS);
    expect(await writeRacp(c, GLU, '0103010500')).toMatchObject({ ok: true }); // report, ≥, seq 5
    const response = decoded(await c.waitForEvent(isNote(GLU, '2a52')));
    expect(response).toEqual({
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'report-stored-records',
      responseCode: 'success',
    });
    const records = notes(c, GLU)
      .filter((e) => e.characteristic === '2a18')
      .map(decoded);
    expect(records.map((r) => r['sequenceNumber'])).toEqual([5, 6]);
    expect(records[1]).toMatchObject({ concentrationMmolPerL: 3.4, contextInformationFollows: true });
    const contexts = notes(c, GLU)
      .filter((e) => e.characteristic === '2a34')
      .map(decoded);
    expect(contexts.at(-1)).toMatchObject({ sequenceNumber: 6, meal: 'fasting' });
    // The response comes after every record.
    expect(notes(c, GLU).at(-1)?.characteristic).toBe('2a52');
    await c.request({ op: 'disconnect', address: GLU });
  });

  it('answers "no records found" and counts records', async () => {
    const c = await open();
    await attach(c, GLU, ...RECORDS);
    await writeRacp(c, GLU, '0103016400'); // ≥ 100
    expect(decoded(await c.waitForEvent(isNote(GLU, '2a52')))).toMatchObject({
      responseCode: 'no-records-found',
    });
    expect(notes(c, GLU).filter((e) => e.characteristic === '2a18')).toEqual([]);
    const from = c.events.length;
    await writeRacp(c, GLU, '0401'); // number of stored records, all
    const count = await c.waitForEvent(isNote(GLU, '2a52'), 5000, from);
    expect(decoded(count)).toEqual({
      opCode: 'number-of-stored-records-response',
      operator: 'null',
      numberOfRecords: 6,
    });
    await c.request({ op: 'disconnect', address: GLU });
  });

  it('aborts a running transfer: the abort is acknowledged and the rest is not sent', async () => {
    const c = await open();
    await attach(c, GLU_BIG, ...RECORDS);
    await writeRacp(c, GLU_BIG, '0101'); // all 40
    await c.waitForEvent(isNote(GLU_BIG, '2a18'));
    expect(await writeRacp(c, GLU_BIG, '0300')).toMatchObject({ ok: true });
    const ack = decoded(await c.waitForEvent(isNote(GLU_BIG, '2a52')));
    expect(ack).toMatchObject({ requestOpCode: 'abort-operation', responseCode: 'success' });
    // A later request proves the transfer is over: its response is the next 2a52.
    const from = c.events.length;
    await writeRacp(c, GLU_BIG, '0401');
    await c.waitForEvent(isNote(GLU_BIG, '2a52'), 5000, from);
    const sent = notes(c, GLU_BIG).filter((e) => e.characteristic === '2a18').length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(40);
    expect(
      notes(c, GLU_BIG)
        .filter((e) => e.characteristic === '2a52')
        .map((e) => decoded(e)['requestOpCode']),
    ).toEqual(['abort-operation', undefined]);
    await c.request({ op: 'disconnect', address: GLU_BIG });
  });

  it('drops the link mid-transfer on demand; the records are still there after reconnecting', async () => {
    expect(
      await post(`/devices/${GLU_BIG}/fault`, { fault: 'disconnect-mid-transfer', afterNotifications: 3 }),
    ).toMatchObject({
      status: 200,
      json: { fault: 'disconnect-mid-transfer', faults: { disconnectMidTransfer: true } },
    });
    const c = await open();
    await attach(c, GLU_BIG, '1808/2a18', '1808/2a52');
    await writeRacp(c, GLU_BIG, '0103011e00'); // ≥ 30: 11 records
    expect(await c.waitForEvent((e) => e.ev === 'disconnected' && e.address === GLU_BIG)).toEqual({
      ev: 'disconnected',
      address: GLU_BIG,
      reason: 'link-lost',
    });
    const got = notes(c, GLU_BIG).map((e) => decoded(e)['sequenceNumber']);
    expect(got).toEqual([30, 31, 32]);
    // The central catches up from the last sequence it holds + 1.
    const from = c.events.length;
    await attach(c, GLU_BIG, '1808/2a18', '1808/2a52');
    await writeRacp(c, GLU_BIG, '0103012100'); // ≥ 33
    expect(decoded(await c.waitForEvent(isNote(GLU_BIG, '2a52'), 5000, from))).toMatchObject({
      responseCode: 'success',
    });
    expect(
      notes(c, GLU_BIG, from)
        .filter((e) => e.characteristic === '2a18')
        .map((e) => decoded(e)['sequenceNumber']),
    ).toEqual([33, 34, 35, 36, 37, 38, 39, 40]);
    await c.request({ op: 'disconnect', address: GLU_BIG });
  });

  it('sends a record twice under the duplicate-record fault', async () => {
    await post(`/devices/${GLU}/fault`, { fault: 'duplicate-record' });
    const c = await open();
    await attach(c, GLU, '1808/2a18', '1808/2a52');
    await writeRacp(c, GLU, '0103010500');
    await c.waitForEvent(isNote(GLU, '2a52'));
    expect(
      notes(c, GLU)
        .filter((e) => e.characteristic === '2a18')
        .map((e) => decoded(e)['sequenceNumber']),
    ).toEqual([5, 5, 6]);
    await c.request({ op: 'disconnect', address: GLU });
  });

  it('refuses an RACP write when indications are not enabled', async () => {
    const c = await open();
    await attach(c, GLU, '1808/2a18');
    expect(await writeRacp(c, GLU, '0101')).toMatchObject({ ok: false, code: 'GATT_ERROR' });
    await c.request({ op: 'disconnect', address: GLU });
  });
});

describe('faults and scenarios through the control API', () => {
  it.each([
    ['malformed', BPM, '2a36', 'MALFORMED'],
    ['truncated', BPM, '2a36', 'TRUNCATED'],
    ['malformed', THM, '2a1e', 'TRUNCATED'],
    ['malformed', WSC, '2a9d', 'MALFORMED'],
  ])('%s fault on %s: the next %s is rejected by the codecs with %s', async (fault, address, chr, code) => {
    const c = await open();
    const service = address === WSC ? '181d' : address === BPM ? '1810' : '1809';
    await attach(c, address, `${service}/${chr}`);
    expect((await post(`/devices/${address}/fault`, { fault })).status).toBe(200);
    await post(`/devices/${address}/measure`);
    const bad = await c.waitForEvent(isNote(address, chr));
    expect(
      bad.ev === 'notification' && decodeCharacteristic(chr.toUpperCase(), fromHex(bad.data)),
    ).toMatchObject({ ok: false, code });
    // One-shot: the following notification (same cycle, or the next measurement) decodes.
    await post(`/devices/${address}/measure`); // 409 while a cycle is still running: fine
    const next = await c.waitForEvent(isNote(address, chr), 5000, c.events.indexOf(bad) + 1);
    expect(() => decoded(next)).not.toThrow();
    await c.request({ op: 'disconnect', address });
  });

  it('clock faults notify Current Time; low battery notifies Battery Level', async () => {
    const c = await open();
    await attach(c, THM, '1805/2a2b', '180f/2a19');
    await post(`/devices/${THM}/fault`, { fault: 'clock-drift', seconds: 7200 });
    const drift = decoded(await c.waitForEvent(isNote(THM, '2a2b')));
    const expected = new Date(air.simNow() + 7200_000);
    expect((drift['dateTime'] as { hours: number }).hours).toBe(expected.getUTCHours());
    const from = c.events.length;
    await post(`/devices/${THM}/fault`, { fault: 'clock-not-set' });
    expect(decoded(await c.waitForEvent(isNote(THM, '2a2b'), 5000, from))).toMatchObject({
      dateTime: { year: 0, month: 0, day: 0 },
    });
    await post(`/devices/${THM}/fault`, { fault: 'low-battery', level: 3 });
    // The first Battery Level after subscribing may be the old level; the drop is notified next.
    const low = await c.waitForEvent(
      (e) => isNote(THM, '2a19')(e) && e.ev === 'notification' && e.data === '03',
    );
    expect(decoded(low)).toMatchObject({ level: 3 });
    const list = (await (await fetch(`${controlBase}/devices`)).json()) as Array<Record<string, unknown>>;
    expect(list.find((d) => d['address'] === THM)).toMatchObject({ batteryLevel: 3, clock: { set: false } });
    await post(`/devices/${THM}/fault`, { fault: 'clock-not-set', clear: true });
    await c.request({ op: 'disconnect', address: THM });
  });

  it('switches scenarios and validates control bodies', async () => {
    expect(await post(`/devices/${THM}/scenario`, { scenario: 'fever' })).toEqual({
      status: 200,
      json: { address: THM, scenario: 'fever' },
    });
    const m = await post(`/devices/${THM}/measure`);
    expect((m.json['summary'] as { celsius: number }).celsius).toBeGreaterThanOrEqual(38.5);
    expect(await post(`/devices/${THM}/scenario`, { scenario: 'flu' })).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST' },
    });
    expect(await post(`/devices/${THM}/fault`, { fault: 'meteor' })).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST' },
    });
    expect(await post(`/devices/${HRM}/fault`, { fault: 'clock-drift', seconds: 1 })).toMatchObject({
      status: 400,
      json: { code: 'NOT_SUPPORTED' },
    });
    expect(await call('GET', `/devices/${THM}/records`)).toMatchObject({
      status: 400,
      json: { code: 'NOT_SUPPORTED' },
    });
    expect(await post(`/devices/${HRM}/measure`)).toMatchObject({
      status: 400,
      json: { code: 'NOT_SUPPORTED' },
    });
    expect(await post(`/devices/${THM}/notify`, { heartRate: 70 })).toMatchObject({
      status: 400,
      json: { code: 'NOT_SUPPORTED' },
    });
    expect(await call('POST', `/devices/${GLU}/records`)).toMatchObject({ status: 405 });
  });
});
