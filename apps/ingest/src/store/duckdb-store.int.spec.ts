import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_FILE, DuckDbVitalsStore } from './duckdb-store.js';
import { describeVitalsStoreContract } from '../../test/store-contract.js';
import { DAY, HOUR, MIN, T0, oracleSeries, vp } from '../../test/history-oracle.js';

const root = mkdtempSync(join(tmpdir(), 'ingest-duckdb-'));
let n = 0;
const dirs = new WeakMap<object, string>();
const FOREVER = { rawDays: 0, minuteDays: 0, hourDays: 0 };

describeVitalsStoreContract(
  'duckdb',
  async () => {
    const dir = join(root, `db-${n++}`);
    const s = await DuckDbVitalsStore.open(dir);
    dirs.set(s, dir);
    return s;
  },
  async (s) => {
    const dir = dirs.get(s)!;
    await s.close();
    const again = await DuckDbVitalsStore.open(dir);
    dirs.set(again, dir);
    return again;
  },
);

/** Runs SQL on a closed store's file (DuckDB allows one instance per file). */
async function sql(dir: string, statement: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, DUCKDB_FILE));
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(statement)).getRows();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const hr = (fromMs: number, toMs: number, bucketMs: number) => ({
  patientId: 'p-1',
  metric: 'heart-rate' as const,
  fromMs,
  toMs,
  bucketMs,
});

describe('DuckDbVitalsStore (DuckDB specifics)', () => {
  it('rolls up rows bulk-loaded by SQL without a write sequence (NULL), exactly once', async () => {
    const dir = join(root, `db-${n++}`);
    await (await DuckDbVitalsStore.open(dir)).close();
    // 3 hours of one value per 10 s: the documented bulk path (INSERT BY NAME, write_seq left NULL).
    await sql(
      dir,
      `INSERT INTO vitals BY NAME SELECT 'bulk-' || i AS reading_id, 0 AS idx, 'heart-rate' AS metric, 'p-1' AS patient_id,
         'gw' AS gateway_id, 'dev' AS device_address, '2A37' AS characteristic,
         make_timestamp((${T0} + i * 10000) * 1000) AS measured_at, make_timestamp((${T0} + i * 10000) * 1000) AS received_at,
         make_timestamp((${T0} + i * 10000) * 1000) AS stored_at, (50 + i % 30)::DOUBLE AS value, '/min' AS unit
       FROM range(1080) t(i)`,
    );
    const points = Array.from({ length: 1080 }, (_, i) => vp(T0 + i * 10_000, { value: 50 + (i % 30) }));
    const store = await DuckDbVitalsStore.open(dir);
    const queries = [hr(T0, T0 + 3 * HOUR, MIN), hr(T0, T0 + 3 * HOUR, HOUR)];
    for (const q of queries) expect((await store.series(q)).buckets).toEqual(oracleSeries(points, q));
    expect((await store.maintain(T0 + DAY, FOREVER)).rolledBuckets).toBe(180 + 3);
    expect((await store.maintain(T0 + DAY, FOREVER)).rolledBuckets).toBe(0);
    for (const q of queries) expect((await store.series(q)).buckets).toEqual(oracleSeries(points, q));
    await store.close();
    expect(await sql(dir, 'SELECT count(*) FROM vitals WHERE write_seq IS NULL')).toEqual([[0n]]);
  });

  it('leaves a batch still being written above the watermark, and rolls it up on the next run', async () => {
    const store = await DuckDbVitalsStore.open(join(root, `db-${n++}`));
    const pts = [vp(T0 + MIN, { value: 1 }), vp(T0 + 2 * MIN, { value: 2 })];
    const writing = store.writeBatch(pts); // in flight: its sequence number is taken, its commit not returned
    const first = await store.maintain(T0 + DAY, FOREVER);
    await writing;
    expect(first.rolledBuckets).toBe(0);
    expect((await store.series(hr(T0, T0 + HOUR, MIN))).buckets).toEqual(
      oracleSeries(pts, hr(T0, T0 + HOUR, MIN)),
    );
    expect((await store.maintain(T0 + DAY, FOREVER)).rolledBuckets).toBe(3);
    await store.close();
  });

  it('re-clusters a closed day by (series, bucket) so one patient is contiguous, and again after late data', async () => {
    const dir = join(root, `db-${n++}`);
    let store = await DuckDbVitalsStore.open(dir);
    // Three patients interleaved minute by minute, rolled up every 10 minutes: appended in time order.
    for (let block = 0; block < 6; block++) {
      const pts = [];
      for (let m = block * 10; m < block * 10 + 10; m++) {
        for (const p of ['p-1', 'p-2', 'p-3']) pts.push(vp(T0 + m * MIN, { patientId: p, value: m }));
      }
      await store.writeBatch(pts);
      await store.maintain(T0 + (block + 1) * 10 * MIN + MIN, FOREVER); // the day is still open: no re-clustering
    }
    await store.close();
    const order = async () =>
      (await sql(dir, 'SELECT series_id, bucket FROM rollup_1m')).map(
        ([s, b]) => `${String(s)}:${String(b)}`,
      );
    const sorted = (xs: string[]) =>
      [...xs].sort((a, b) => {
        const [sa, ba] = a.split(':').map(Number);
        const [sb, bb] = b.split(':').map(Number);
        return sa! - sb! || ba! - bb!;
      });
    expect(await order()).not.toEqual(sorted(await order()));
    store = await DuckDbVitalsStore.open(dir);
    await store.maintain(T0 + DAY + HOUR, FOREVER); // the day closed an hour ago
    await store.close();
    expect(await order()).toEqual(sorted(await order()));
    expect(await sql(dir, 'SELECT count(*) FROM rollup_chunks')).toEqual([[0n]]);
    // Late data for that day re-dirties it; the next run re-clusters it again.
    store = await DuckDbVitalsStore.open(dir);
    await store.writeBatch([
      vp(T0 + 30 * MIN + 1, { patientId: 'p-0', value: 5, storedAtMs: T0 + DAY + 2 * HOUR }),
    ]);
    await store.maintain(T0 + DAY + 2 * HOUR, FOREVER);
    expect((await store.series({ ...hr(T0, T0 + HOUR, MIN), patientId: 'p-0' })).buckets).toHaveLength(1);
    await store.close();
    expect(await order()).toEqual(sorted(await order()));
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));
