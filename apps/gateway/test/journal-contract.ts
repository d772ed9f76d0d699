import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { JournalPort } from '../src/journal/journal-port.js';
import { makeReading } from './fixtures.js';

export interface JournalHarness {
  journal: JournalPort;
  /** Closes and reopens the same store (omit for adapters without durability). */
  reopen?: () => Promise<JournalPort>;
  cleanup: () => Promise<void>;
}

/**
 * The behaviour every {@link JournalPort} adapter must have (DESIGN.md §3, §6). Run against the memory
 * adapter in unit tests and against lmdb in integration tests. `create` gets a clock to inject.
 */
export function journalContract(
  adapter: string,
  create: (clock: () => number) => Promise<JournalHarness>,
): void {
  describe(`JournalPort contract: ${adapter}`, () => {
    let h: JournalHarness;
    let now = 1_000;
    const clock = (): number => now;

    beforeEach(async () => {
      now = 1_000;
      h = await create(clock);
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('starts empty', () => {
      expect(h.journal.size()).toBe(0);
      expect(h.journal.pending(10)).toEqual([]);
      expect(h.journal.oldestAppendedAt()).toBeNull();
      expect(h.journal.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(-1);
    });

    it('returns pending entries in append order with strictly increasing keys', async () => {
      const readings = [0, 1, 2, 3].map((n) => makeReading(n));
      for (const r of readings) await h.journal.append(r);
      const pending = h.journal.pending(10);
      expect(pending.map((e) => e.reading)).toEqual(readings);
      expect(pending.map((e) => e.id)).toEqual(readings.map((r) => r.id));
      const keys = pending.map((e) => e.key);
      expect([...keys].sort((a, b) => a - b)).toEqual(keys);
      expect(new Set(keys).size).toBe(4);
      expect(h.journal.size()).toBe(4);
    });

    it('keeps call order for appends issued without awaiting', async () => {
      const readings = Array.from({ length: 300 }, (_, n) => makeReading(n));
      await Promise.all(readings.map((r) => h.journal.append(r)));
      expect(h.journal.pending(1000).map((e) => e.reading.sequence)).toEqual(readings.map((r) => r.sequence));
    });

    it('pages with limit and afterKey', async () => {
      for (let n = 0; n < 5; n++) await h.journal.append(makeReading(n));
      const first = h.journal.pending(2);
      expect(first.map((e) => e.reading.sequence)).toEqual([0, 1]);
      const next = h.journal.pending(2, first[1]?.key);
      expect(next.map((e) => e.reading.sequence)).toEqual([2, 3]);
      expect(h.journal.pending(10, next[1]?.key).map((e) => e.reading.sequence)).toEqual([4]);
      expect(h.journal.pending(0)).toEqual([]);
    });

    it('removes by reading id, once', async () => {
      const a = makeReading(0);
      const b = makeReading(1);
      const c = makeReading(2);
      for (const r of [a, b, c]) await h.journal.append(r);
      await expect(h.journal.remove(b.id)).resolves.toBe(true);
      await expect(h.journal.remove(b.id)).resolves.toBe(false);
      await expect(h.journal.remove('gw-test-1:unknown')).resolves.toBe(false);
      expect(h.journal.pending(10).map((e) => e.id)).toEqual([a.id, c.id]);
      expect(h.journal.size()).toBe(2);
    });

    it('treats appending a pending id again as a no-op returning the existing entry', async () => {
      const first = await h.journal.append(makeReading(7));
      const again = await h.journal.append(makeReading(7));
      expect(again.key).toBe(first.key);
      expect(h.journal.size()).toBe(1);
    });

    it('reports the append time of the oldest pending entry', async () => {
      now = 5_000;
      const a = makeReading(0);
      await h.journal.append(a);
      now = 9_000;
      await h.journal.append(makeReading(1));
      expect(h.journal.oldestAppendedAt()).toBe(5_000);
      await h.journal.remove(a.id);
      expect(h.journal.oldestAppendedAt()).toBe(9_000);
    });

    it('keeps the per-device sequence high-water mark after the readings are removed', async () => {
      const other = 'c0:ff:ee:00:10:02';
      const readings = [makeReading(3), makeReading(9), makeReading(5), makeReading(4, { address: other })];
      for (const r of readings) await h.journal.append(r);
      for (const r of readings) await h.journal.remove(r.id);
      expect(h.journal.size()).toBe(0);
      expect(h.journal.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(9);
      expect(h.journal.lastSequence(other, '2a37')).toBe(4);
    });

    it('survives a reopen: entries, order, sequence marks; new keys continue after the old ones', async () => {
      if (!h.reopen) return; // memory adapter: nothing to reopen
      const readings = [0, 1, 2].map((n) => makeReading(n));
      for (const r of readings) await h.journal.append(r);
      await h.journal.remove(readings[0]?.id ?? '');
      const lastKey = h.journal.pending(10).at(-1)?.key ?? 0;
      const reopened = await h.reopen();
      expect(reopened.size()).toBe(2);
      expect(reopened.pending(10).map((e) => e.reading)).toEqual(readings.slice(1));
      expect(reopened.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(2);
      const added = await reopened.append(makeReading(3));
      expect(added.key).toBeGreaterThan(lastKey);
      expect(reopened.pending(10).map((e) => e.reading.sequence)).toEqual([1, 2, 3]);
    });
  });
}
