// Benchmark: journal append + ack (remove) throughput with durability on, against baselines measured in
// the same run (in-memory journal; raw lmdb puts with the same fsync policy). Run after a build:
//   node apps/gateway/dist/bench/journal.js [readings=50000]
// Rewrites the `gateway-journal` section of docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ReadingV1 } from '@openward/contracts';
import { fmt, machine, summarize, writeSection } from '@openward/testing';
import { open } from 'lmdb';
import type { JournalPort } from '../journal/journal-port.js';
import { LmdbJournal } from '../journal/lmdb-journal.js';
import { MemoryJournal } from '../journal/memory-journal.js';
import { BENCH_FILE, benchReadings } from './kit.js';

const COUNT = Number(process.argv[2] ?? 50_000);
const CONCURRENCY = 500; // appends in flight, like a burst of notifications after a BLE reconnect

interface Row {
  name: string;
  appendPerSecond: number;
  ackPerSecond: number;
  bothPerSecond: number;
}

/** Appends every reading (≤ CONCURRENCY outstanding), then removes every one (the PUBACK path). */
async function appendThenAck(name: string, journal: JournalPort, readings: ReadingV1[]): Promise<Row> {
  const t0 = performance.now();
  for (let i = 0; i < readings.length; i += CONCURRENCY) {
    await Promise.all(
      readings.slice(i, i + CONCURRENCY).map((r) => journal.append(r, { priority: 'continuous' })),
    );
  }
  const t1 = performance.now();
  for (let i = 0; i < readings.length; i += CONCURRENCY) {
    await Promise.all(readings.slice(i, i + CONCURRENCY).map((r) => journal.remove(r.id)));
  }
  const t2 = performance.now();
  if (journal.size() !== 0) throw new Error(`${name}: ${journal.size()} left after removing everything`);
  const n = readings.length;
  return {
    name,
    appendPerSecond: n / ((t1 - t0) / 1000),
    ackPerSecond: n / ((t2 - t1) / 1000),
    bothPerSecond: n / ((t2 - t0) / 1000),
  };
}

async function rawLmdb(dir: string, readings: ReadingV1[]): Promise<Row> {
  const db = open({ path: dir, overlappingSync: false, noSync: false, encoding: 'json' });
  const t0 = performance.now();
  for (let i = 0; i < readings.length; i += CONCURRENCY) {
    await Promise.all(readings.slice(i, i + CONCURRENCY).map((r, k) => db.put(i + k + 1, r)));
  }
  const t1 = performance.now();
  for (let i = 0; i < readings.length; i += CONCURRENCY) {
    await Promise.all(readings.slice(i, i + CONCURRENCY).map((_, k) => db.remove(i + k + 1)));
  }
  const t2 = performance.now();
  await db.close();
  const n = readings.length;
  return {
    name: 'baseline: raw lmdb put/remove, same fsync policy',
    appendPerSecond: n / ((t1 - t0) / 1000),
    ackPerSecond: n / ((t2 - t1) / 1000),
    bothPerSecond: n / ((t2 - t0) / 1000),
  };
}

/** One reading at a time, awaited: the fsync latency a lone notification pays. */
async function sequentialLatency(journal: JournalPort, readings: ReadingV1[]): Promise<number[]> {
  const out: number[] = [];
  for (const r of readings) {
    const t = performance.now();
    await journal.append(r, { priority: 'continuous' });
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const readings = benchReadings('gw-bench-1', COUNT);
  const bytes = readings.reduce((s, r) => s + JSON.stringify(r).length, 0) / readings.length;
  const root = mkdtempSync(join(tmpdir(), 'ow-bench-journal-'));
  try {
    const rows: Row[] = [];
    rows.push(await appendThenAck('baseline: MemoryJournal (no disk)', new MemoryJournal(), readings));
    rows.push(await rawLmdb(join(root, 'raw'), readings));
    const lmdb = LmdbJournal.open(join(root, 'journal'));
    rows.push(await appendThenAck('LmdbJournal (durable: fsync per group commit)', lmdb, readings));
    const lat = summarize(await sequentialLatency(lmdb, benchReadings('gw-bench-2', 500)));
    await lmdb.close();

    const base = rows[0]?.bothPerSecond ?? 1;
    const table = rows
      .map(
        (r) =>
          `| ${r.name} | ${Math.round(r.appendPerSecond).toLocaleString('en')} | ${Math.round(r.ackPerSecond).toLocaleString('en')} | ${Math.round(r.bothPerSecond).toLocaleString('en')} | ${(r.bothPerSecond / base).toFixed(2)}× |`,
      )
      .join('\n');
    const body = `
## Gateway journal: append + ack with durability on (\`node apps/gateway/dist/bench/journal.js\`)

Measured ${new Date().toISOString()} on ${machine()}, data dir on ${tmpdir()}.
${COUNT.toLocaleString('en')} readings (heart-rate strap and continuous SpO2, ~${Math.round(bytes)} B of JSON each),
${CONCURRENCY} appends in flight, then every reading removed as its PUBACK would (same batches). lmdb with
\`overlappingSync: false\`: each group commit is fsynced before any of its promises resolves (DESIGN.md §5).
Baselines in the same run: the in-memory journal (same code path, no disk) and raw lmdb puts/removes
of the same JSON with the same fsync policy (no indexes, no eviction accounting).

| store | append/s | ack (remove)/s | append+ack readings/s | ÷ memory |
| --- | --- | --- | --- | --- |
${table}

One reading at a time, each awaited (a lone notification, one fsync each), LmdbJournal append latency
over ${lat.n}: p50 ${fmt(lat.p50)} ms, p90 ${fmt(lat.p90)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms.
A full kit produces ~2 readings/s, so durable journaling uses well under 1 % of this capacity. On an SD
card fsync costs ~1–10 ms: the group commit keeps throughput, the per-reading latency grows with it.
`;
    writeSection(BENCH_FILE, 'gateway-journal', body);
    process.stdout.write(body);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
