import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InfluxClient, rowsOf } from './influx-client.js';
import { InfluxVitalsStore } from './influx-store.js';
import { ClassifiedStoreError, classifyStoreError } from './vitals-store.js';
import { Influxd } from '../../test/influxd.js';
import { describeVitalsStoreContract, point } from '../../test/store-contract.js';

let influxd: Influxd;
let n = 0;
const dbs = new WeakMap<object, string>();

beforeAll(async () => {
  influxd = await Influxd.start();
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

async function openFresh(): Promise<InfluxVitalsStore> {
  const database = `t${n++}`;
  const s = await InfluxVitalsStore.open({ url: influxd.url, database });
  dbs.set(s, database);
  return s;
}

describeVitalsStoreContract('influxdb', openFresh, async (s) => {
  const database = dbs.get(s)!;
  await s.close();
  const again = await InfluxVitalsStore.open({ url: influxd.url, database });
  dbs.set(again, database);
  return again;
});

/** One 0x2A37 reading: heart rate at idx 0 and RR intervals at idx 1..n, all at the same measured_at. */
function hrReading(readingId: string, measuredAtMs: number, rr: number[]) {
  return [
    point({ readingId, measuredAtMs, idx: 0 }),
    ...rr.map((v, i) =>
      point({ readingId, measuredAtMs, idx: i + 1, metric: 'rr-interval', value: v, unit: 'ms' }),
    ),
  ];
}

/** InfluxDB's own count of `/query` requests (`/debug/vars`, httpd statistics). */
async function queryRequests(): Promise<number> {
  const vars = (await (await fetch(`${influxd.url}/debug/vars`)).json()) as Record<
    string,
    { name?: string; values?: Record<string, number> }
  >;
  const httpd = Object.values(vars).find((v) => v.name === 'httpd');
  return httpd?.values?.['queryReq'] ?? NaN;
}

describe('InfluxVitalsStore (InfluxDB specifics)', () => {
  it('skips the read-before-write for points newer than their device mark, and still finds redeliveries', async () => {
    const store = await openFresh();
    const t = 1_700_000_500_000;
    const r = (n: number) => point({ readingId: `gw-a:hw:${n}`, measuredAtMs: t + n * 1000, value: 60 + n });
    expect(await store.writeBatch([r(0)])).toEqual({ inserted: 1, duplicates: 0 }); // first: mark unknown
    const before = await queryRequests();
    expect(await store.writeBatch([r(1), r(2)])).toEqual({ inserted: 2, duplicates: 0 });
    expect(await store.writeBatch([r(3)])).toEqual({ inserted: 1, duplicates: 0 });
    // No /query at all for points newer than their device's mark (reading /debug/vars is not a query).
    expect(await queryRequests()).toBe(before);
    // A redelivery (at or below the mark) is queried and counted as a duplicate, never rewritten.
    expect(await store.writeBatch([r(2), r(4)])).toEqual({ inserted: 1, duplicates: 1 });
    expect(await queryRequests()).toBe(before + 1);
    // A new adapter instance (a restart) has no marks: it checks, and finds what the first one stored.
    const db = dbs.get(store)!;
    const again = await InfluxVitalsStore.open({ url: influxd.url, database: db });
    expect(await again.writeBatch([r(4), r(5)])).toEqual({ inserted: 1, duplicates: 1 });
    expect((await again.pointsOf('gw-a:hw:4')).map((p) => p.value)).toEqual([64]);
    await again.close();
  });

  it('stores every RR interval of one reading and a redelivery adds no point', async () => {
    const store = await openFresh();
    const db = dbs.get(store)!;
    const reading = hrReading('gw-a:rr:1', 1_700_000_100_000, [810, 820, 830, 840, 850]);
    expect(await store.writeBatch(reading)).toEqual({ inserted: 6, duplicates: 0 });
    expect(await store.writeBatch(reading)).toEqual({ inserted: 0, duplicates: 6 });
    const rows = await store.pointsOf('gw-a:rr:1');
    expect(rows.map((r) => [r.idx, r.metric, r.value])).toEqual([
      [0, 'heart-rate', 72],
      [1, 'rr-interval', 810],
      [2, 'rr-interval', 820],
      [3, 'rr-interval', 830],
      [4, 'rr-interval', 840],
      [5, 'rr-interval', 850],
    ]);
    // Counted by InfluxDB itself, not through the adapter: exactly 6 points.
    const client = new InfluxClient({ url: influxd.url, database: db });
    const [count] = await client.query('SELECT count(value) FROM vitals');
    expect(rowsOf(count!)[0]?.['count']).toBe(6);
    await store.close();
  });

  it('keeps the series count per device at one per metric (idx is a timestamp offset, not a tag)', async () => {
    const store = await openFresh();
    const client = new InfluxClient({ url: influxd.url, database: dbs.get(store)! });
    await store.writeBatch([
      ...hrReading('r-1', 1_700_000_200_000, [800, 801, 802]),
      ...hrReading('r-2', 1_700_000_201_000, [790]),
    ]);
    const [tagKeys] = await client.query('SHOW TAG KEYS FROM vitals');
    expect(rowsOf(tagKeys!).map((r) => r['tagKey'])).toEqual([
      'device_address',
      'gateway_id',
      'metric',
      'patient_id',
    ]);
    const [series] = await client.query('SHOW SERIES FROM vitals');
    expect(rowsOf(series!).map((r) => r['key'])).toEqual([
      'vitals,device_address=c0:ff:ee:00:00:01,gateway_id=gw-a,metric=heart-rate,patient_id=p-1',
      'vitals,device_address=c0:ff:ee:00:00:01,gateway_id=gw-a,metric=rr-interval,patient_id=p-1',
    ]);
    await store.close();
  });

  it('writes an unassigned reading under the _unassigned tag and reads it back as null', async () => {
    const store = await openFresh();
    const client = new InfluxClient({ url: influxd.url, database: dbs.get(store)! });
    await store.writeBatch([point({ patientId: null })]);
    const [vals] = await client.query('SHOW TAG VALUES FROM vitals WITH KEY = "patient_id"');
    expect(rowsOf(vals!).map((r) => r['value'])).toEqual(['_unassigned']);
    expect((await store.pointsOf(point().readingId))[0]?.patientId).toBeNull();
    await store.close();
  });

  it('round-trips quotes, backslashes, commas, spaces, newlines and non-ASCII in string fields', async () => {
    const store = await openFresh();
    const nasty = 'a "quoted", back\\slash\\, = sign\nnew line\ttab é 🫀 \\';
    await store.writeDeadLetters([
      {
        receivedAtMs: 5,
        clientId: 'gw-a',
        topic: `openward/v1/gw/gw-a/readings ${nasty}`,
        code: 'SCHEMA',
        message: nasty,
        payload: new Uint8Array([0, 10, 34, 92, 255]),
      },
    ]);
    const [dl] = await store.deadLetters(1);
    expect(dl).toMatchObject({ message: nasty, topic: `openward/v1/gw/gw-a/readings ${nasty}` });
    expect(Array.from(dl!.payload)).toEqual([0, 10, 34, 92, 255]);
    await store.close();
  });

  it('keeps dead letters written in the same millisecond apart (strictly increasing ids)', async () => {
    const database = `t${n++}`;
    const store = await InfluxVitalsStore.open({ url: influxd.url, database, now: () => 1_000 });
    const letter = {
      receivedAtMs: 1,
      clientId: 'gw-a',
      topic: 't',
      code: 'SCHEMA' as const,
      message: 'same',
      payload: new Uint8Array(),
    };
    await store.writeDeadLetters([letter, letter, letter]);
    await store.close();
    // Reopened with the same frozen clock: ids continue after the stored ones instead of overwriting them.
    const again = await InfluxVitalsStore.open({ url: influxd.url, database, now: () => 1_000 });
    await again.writeDeadLetters([letter]);
    const ids = (await again.deadLetters(10)).map((d) => d.id);
    expect(ids).toEqual([1_000_003, 1_000_002, 1_000_001, 1_000_000]);
    await again.close();
  });

  it('keeps an acknowledged write across an influxd SIGKILL (WAL fsync before 204)', async () => {
    const store = await openFresh();
    const reading = hrReading('gw-a:crash:1', 1_700_000_300_000, [900, 910]);
    await store.writeBatch(reading);
    await influxd.crashAndRestart();
    expect((await store.pointsOf('gw-a:crash:1')).map((p) => p.value)).toEqual([72, 900, 910]);
    expect(await store.writeBatch(reading)).toEqual({ inserted: 0, duplicates: 3 });
    await store.close();
  }, 60_000);

  it('classifies an unreachable server as transient, and recovers when it is back', async () => {
    const store = await openFresh();
    await influxd.stopProcess();
    let err: unknown;
    try {
      await store.writeBatch([point({ readingId: 'r-down' })]);
    } catch (e) {
      err = e;
    }
    await influxd.launch();
    expect(err).toBeInstanceOf(ClassifiedStoreError);
    expect(classifyStoreError(err, store)).toBe('transient');
    expect(await store.writeBatch([point({ readingId: 'r-down' })])).toEqual({ inserted: 1, duplicates: 0 });
    await store.close();
  }, 60_000);

  it('classifies a refused write (HTTP 4xx: database dropped) as permanent', async () => {
    const store = await openFresh();
    const client = new InfluxClient({ url: influxd.url, database: dbs.get(store)! });
    await client.query(`DROP DATABASE "${dbs.get(store)!}"`, {}, { db: false });
    let err: unknown;
    try {
      await store.writeDeadLetters([
        {
          receivedAtMs: 1,
          clientId: 'c',
          topic: 't',
          code: 'SCHEMA',
          message: 'm',
          payload: new Uint8Array(),
        },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClassifiedStoreError);
    expect((err as ClassifiedStoreError).status).toBe(404);
    expect(classifyStoreError(err, store)).toBe('permanent');
    await store.close();
  });

  it('writes rollups to vitals_1m / vitals_1h tagged by patient, metric and unit, and marks only late points', async () => {
    const store = await openFresh();
    const client = new InfluxClient({ url: influxd.url, database: dbs.get(store)! });
    const t0 = Date.UTC(2024, 0, 10);
    await store.writeBatch([point({ readingId: 'on-time', measuredAtMs: t0, storedAtMs: t0 + 1000 })]);
    expect(rowsOf((await client.query('SELECT count(bucket) FROM rollup_late'))[0]!)).toEqual([]);
    // Measured an hour before it was stored: a gateway catching up.
    await store.writeBatch([
      point({ readingId: 'late', measuredAtMs: t0 + 5000, storedAtMs: t0 + 3_600_000 }),
    ]);
    const [markers] = await client.query(
      'SELECT bucket, patient_id, metric FROM rollup_late',
      {},
      { epoch: 'ms' },
    );
    expect(rowsOf(markers!).map((r) => [r['bucket'], r['patient_id'], r['metric']])).toEqual([
      [t0, 'p-1', 'heart-rate'],
    ]);
    const r = await store.maintain(t0 + 86_400_000, { rawDays: 0, minuteDays: 0, hourDays: 0 });
    expect(r.rolledBuckets).toBe(2);
    for (const m of ['vitals_1m', 'vitals_1h']) {
      const [keys] = await client.query(`SHOW TAG KEYS FROM ${m}`);
      expect(rowsOf(keys!).map((k) => k['tagKey'])).toEqual(['metric', 'patient_id', 'unit']);
      const [rows] = await client.query(
        `SELECT v_min, v_max, v_sum, n, readings FROM ${m}`,
        {},
        { epoch: 'ms' },
      );
      expect(rowsOf(rows!)).toEqual([{ time: t0, v_min: 72, v_max: 72, v_sum: 144, n: 2, readings: 2 }]);
    }
    await store.close();
  });

  it('binds the patient id as a parameter: InfluxQL in it is data, not code', async () => {
    const store = await openFresh();
    await store.writeBatch([point()]);
    expect(await store.latest("p-1' OR patient_id =~ /.*/ --")).toEqual([]);
    expect(await store.latest('p-1')).toHaveLength(1);
    await store.close();
  });
});
