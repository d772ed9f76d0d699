import { describe, it, expect, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import { parseReading, topics } from '@openward/contracts';
import { freePort, waitFor } from '@openward/testing';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../metrics.js';
import { ReadingPublisher } from '../mqtt/publisher.js';
import { LmdbJournal } from './lmdb-journal.js';
import { registerStoreForwardMetrics } from './journal-metrics.js';
import { TestBroker } from '../../test/broker.js';
import { kitReadings } from '../../test/kit.js';
import { tempDir } from '../../test/stack.js';

const gatewayId = 'gw-it-diskfull-1';
const START = 1_767_225_600_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Done-when "disk-full test" (DESIGN.md §9): real lmdb, a small bound, a full kit streaming. */
describe('journal full: eviction by clinical priority, counted and reported', () => {
  it('keeps every spot measurement and the newest continuous samples, counts the rest, then delivers', async () => {
    const dir = tempDir('ow-gw-full-');
    dirs.push(dir);
    const maxBytes = 1024 * 1024;
    const journal = LmdbJournal.open(dir, { maxBytes });
    const evictedIds: string[] = [];
    journal.onEvicted((list) => evictedIds.push(...list.map((e) => `${e.priority}:${e.id}`)));
    const port = await freePort();
    const publisher = new ReadingPublisher({
      url: `mqtt://127.0.0.1:${port}`,
      gatewayId,
      secret: 's',
      journal,
      metrics: new GatewayMetrics(),
      logger: pino({ level: 'silent' }),
      version: 'test',
      startedAt: new Date().toISOString(),
      reconnectPeriodMs: 100,
      connectTimeoutMs: 1_000,
      replayRatePerSecond: Number.POSITIVE_INFINITY,
    });
    const registry = new Registry();
    registerStoreForwardMetrics(registry, () => publisher.stats());
    publisher.start(); // broker down: everything stays journaled

    const kit = kitReadings(gatewayId, START, 6 * 3600); // 6 h of a full kit, ~43k readings ≫ 1 MiB
    for (let i = 0; i < kit.length; i += 500) {
      // Appends issued together keep call order (contract) and share group commits.
      await Promise.all(
        kit.slice(i, i + 500).map((k) => journal.append(k.reading, { priority: k.priority })),
      );
    }

    const spots = kit.filter((k) => k.priority === 'spot').map((k) => k.reading.id);
    const continuous = kit.filter((k) => k.priority === 'continuous').map((k) => k.reading.id);
    const kept = journal.pending(Number.MAX_SAFE_INTEGER).map((e) => e.id);
    const keptSet = new Set(kept);
    expect(spots.length).toBeGreaterThan(0);
    expect(spots.every((id) => keptSet.has(id))).toBe(true); // no spot measurement lost
    const keptContinuous = continuous.filter((id) => keptSet.has(id));
    // Oldest first: what is left of the continuous samples is exactly the newest ones.
    expect(keptContinuous).toEqual(continuous.slice(continuous.length - keptContinuous.length));
    const evicted = continuous.length - keptContinuous.length;
    expect(evicted).toBeGreaterThan(30_000);
    expect(evictedIds).toEqual(continuous.slice(0, evicted).map((id) => `continuous:${id}`));

    // Counted and reported: journal usage, publisher stats (→ gateway status), Prometheus.
    const usage = journal.usage();
    expect(usage.bytes).toBeLessThanOrEqual(maxBytes);
    expect(usage.evicted).toEqual({ continuous: evicted, spot: 0 });
    expect(publisher.stats().evicted).toEqual({ continuous: evicted, spot: 0, total: evicted });
    const text = await registry.metrics();
    expect(text).toContain(`gateway_journal_evicted_total{priority="continuous"} ${evicted}`);
    expect(text).toContain('gateway_journal_evicted_total{priority="spot"} 0');
    expect(text).toContain(`gateway_journal_max_bytes ${maxBytes}`);

    // What was kept is delivered once the broker is back.
    const broker = await TestBroker.start(port, { [gatewayId]: 's' });
    try {
      await waitFor(() => journal.size() === 0, { timeoutMs: 30_000, what: 'the kept readings delivered' });
      const delivered = broker.received
        .filter((m) => m.topic === topics.readings(gatewayId))
        .map((m) => {
          const r = parseReading(m.payload);
          return r.ok ? r.value.id : 'invalid';
        });
      expect(new Set(delivered)).toEqual(keptSet);
    } finally {
      await publisher.stop(500);
      await broker.close();
    }
    // The counts are lifetime and persisted.
    await journal.close();
    const reopened = LmdbJournal.open(dir, { maxBytes });
    expect(reopened.usage().evicted).toEqual({ continuous: evicted, spot: 0 });
    expect(reopened.usage().bytes).toBe(0);
    await reopened.close();
  }, 120_000);
});

/** A real full filesystem (tmpfs, needs root to mount): ENOSPC must evict, not lose new data. */
function mountTmpfs(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('disk really full (tmpfs)', () => {
  const mnt = tempDir('ow-gw-enospc-');
  dirs.push(mnt);
  const mounted = mountTmpfs(mnt, '4m');
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });
  if (!mounted) {
    it.skip('needs root to mount a 4 MiB tmpfs', () => undefined);
    return;
  }

  it('keeps accepting new readings on a 4 MiB filesystem by evicting continuous samples first', async () => {
    const dir = `${mnt}/journal`;
    mkdirSync(dir);
    // The bound (512 MiB) is far above the disk: only free space stops the journal.
    const open = (): LmdbJournal =>
      LmdbJournal.open(dir, { diskReserveBytes: 768 * 1024, diskCheckIntervalMs: 0 });
    const journal = open();
    const kit = kitReadings(gatewayId, START, 3 * 3600); // ~21k readings ≈ 10 MiB of journal
    let failed = 0;
    for (const k of kit) {
      await journal.append(k.reading, { priority: k.priority }).catch(() => failed++);
    }
    expect(failed).toBe(0);
    const usage = journal.usage();
    expect(usage.effectiveMaxBytes).toBeLessThan(usage.maxBytes); // the bound came down to the disk
    expect(usage.evicted.continuous).toBeGreaterThan(10_000);
    expect(usage.evicted.spot).toBe(0);
    const kept = new Set(journal.pending(Number.MAX_SAFE_INTEGER).map((e) => e.id));
    for (const k of kit.filter((x) => x.priority === 'spot')) expect(kept.has(k.reading.id)).toBe(true);
    expect(kept.has(kit.at(-1)?.reading.id ?? '')).toBe(true); // the newest reading is there
    const fs = statfsSync(mnt);
    expect(fs.bavail * fs.bsize).toBeGreaterThan(0);
    await journal.close();
    const reopened = open();
    expect(new Set(reopened.pending(Number.MAX_SAFE_INTEGER).map((e) => e.id))).toEqual(kept);
    expect(reopened.usage().evicted).toEqual(usage.evicted);
    await reopened.close();
  }, 120_000);
});
