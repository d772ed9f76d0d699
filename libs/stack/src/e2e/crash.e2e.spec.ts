import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { waitFor } from '@openward/testing';
import { getJson, simAuto } from '../clients.js';
import type { Stack } from '../stack.js';
import { demoDevice, notifyWhenSubscribed, startTestStack } from './helpers.js';

const ada = demoDevice('p-1001');
const TOTAL = 200;
const KILL_AT = 60;
const RESTART_AT = 140;
const bpmOf = (i: number): number => 40 + i; // every notification carries a distinct heart rate

describe('ingest killed mid-stream and restarted: the gateway redelivers and nothing is lost or doubled', () => {
  let stack: Stack;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, dispose } = await startTestStack());
    await simAuto(stack.simControlUrl, ada.address, false);
  }, 180_000);

  afterAll(async () => dispose?.(), 60_000);

  it('stores every emitted reading exactly once across a SIGKILL of ingest', async () => {
    for (let i = 0; i < TOTAL; i++) {
      if (i === KILL_AT) await stack.stopService('ingest', 'kill');
      if (i === RESTART_AT) await stack.startService('ingest');
      await notifyWhenSubscribed(stack, ada.address, bpmOf(i));
      await new Promise((r) => setTimeout(r, 15)); // pace the stream like a strap (distinct ms timestamps)
    }
    // The gateway's journal drains only on PUBACKs, which ingest sends only after durable writes.
    await waitFor(
      async () => {
        const { body } = await getJson(`${stack.gatewayUrl}/health`);
        const h = body as { journal: { depth: number }; mqtt: { connected: boolean } };
        return h.mqtt.connected && h.journal.depth === 0;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'gateway journal drained' },
    );
    // Release the DuckDB file (single-process store) and read what was stored.
    await stack.stopService('ingest');
    const db = await DuckDBInstance.create(join(stack.dataDir, 'ingest', 'ingest.duckdb'), {
      access_mode: 'READ_ONLY',
    });
    const conn = await db.connect();
    const rows = (
      await conn.runAndReadAll(
        `SELECT value, count(*) AS n FROM vitals WHERE device_address = '${ada.address}' AND metric = 'heart-rate' GROUP BY value ORDER BY value`,
      )
    ).getRowObjectsJson() as Array<{ value: number; n: string | number }>;
    conn.closeSync();
    db.closeSync();
    expect(rows.map((r) => Number(r.value))).toEqual(Array.from({ length: TOTAL }, (_, i) => bpmOf(i)));
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    await stack.startService('ingest');
  }, 240_000);
});
