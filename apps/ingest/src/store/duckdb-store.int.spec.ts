import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbVitalsStore } from './duckdb-store.js';
import { describeVitalsStoreContract } from '../../test/store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'ingest-duckdb-'));
let n = 0;
const dirs = new WeakMap<object, string>();

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

afterAll(() => rmSync(root, { recursive: true, force: true }));
