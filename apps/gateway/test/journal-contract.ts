import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import {
  JournalFullError,
  entryBytes,
  type AppendMeta,
  type JournalPort,
} from '../src/journal/journal-port.js';
import { makeReading } from './fixtures.js';

const CONT: AppendMeta = { priority: 'continuous' };
const SPOT: AppendMeta = { priority: 'spot' };

/** Accounted bytes of `makeReading(n)` stored with `priority` at `appendedAt` (DESIGN.md §9). */
function sizeOf(n: number, priority: 'continuous' | 'spot', appendedAt: number): number {
  const r = makeReading(n);
  return entryBytes(r.id, JSON.stringify({ id: r.id, appendedAt, priority, reading: r }));
}

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
  create: (clock: () => number, opts?: { maxBytes?: number }) => Promise<JournalHarness>,
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
      for (const r of readings) await h.journal.append(r, CONT);
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
      await Promise.all(readings.map((r) => h.journal.append(r, CONT)));
      expect(h.journal.pending(1000).map((e) => e.reading.sequence)).toEqual(readings.map((r) => r.sequence));
    });

    it('pages with limit and afterKey', async () => {
      for (let n = 0; n < 5; n++) await h.journal.append(makeReading(n), CONT);
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
      for (const r of [a, b, c]) await h.journal.append(r, CONT);
      await expect(h.journal.remove(b.id)).resolves.toBe(true);
      await expect(h.journal.remove(b.id)).resolves.toBe(false);
      await expect(h.journal.remove('gw-test-1:unknown')).resolves.toBe(false);
      expect(h.journal.pending(10).map((e) => e.id)).toEqual([a.id, c.id]);
      expect(h.journal.size()).toBe(2);
    });

    it('treats appending a pending id again as a no-op returning the existing entry', async () => {
      const first = await h.journal.append(makeReading(7), CONT);
      const again = await h.journal.append(makeReading(7), CONT);
      expect(again.key).toBe(first.key);
      expect(h.journal.size()).toBe(1);
    });

    it('reports the append time of the oldest pending entry', async () => {
      now = 5_000;
      const a = makeReading(0);
      await h.journal.append(a, CONT);
      now = 9_000;
      await h.journal.append(makeReading(1), CONT);
      expect(h.journal.oldestAppendedAt()).toBe(5_000);
      await h.journal.remove(a.id);
      expect(h.journal.oldestAppendedAt()).toBe(9_000);
    });

    it('keeps the per-device sequence high-water mark after the readings are removed', async () => {
      const other = 'c0:ff:ee:00:10:02';
      const readings = [makeReading(3), makeReading(9), makeReading(5), makeReading(4, { address: other })];
      for (const r of readings) await h.journal.append(r, CONT);
      for (const r of readings) await h.journal.remove(r.id);
      expect(h.journal.size()).toBe(0);
      expect(h.journal.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(9);
      expect(h.journal.lastSequence(other, '2a37')).toBe(4);
    });

    it('survives a reopen: entries, order, sequence marks; new keys continue after the old ones', async () => {
      if (!h.reopen) return; // memory adapter: nothing to reopen
      const readings = [0, 1, 2].map((n) => makeReading(n));
      for (const r of readings) await h.journal.append(r, CONT);
      await h.journal.remove(readings[0]?.id ?? '');
      const lastKey = h.journal.pending(10).at(-1)?.key ?? 0;
      const reopened = await h.reopen();
      expect(reopened.size()).toBe(2);
      expect(reopened.pending(10).map((e) => e.reading)).toEqual(readings.slice(1));
      expect(reopened.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(2);
      const added = await reopened.append(makeReading(3), CONT);
      expect(added.key).toBeGreaterThan(lastKey);
      expect(reopened.pending(10).map((e) => e.reading.sequence)).toEqual([1, 2, 3]);
    });

    describe('size bound and eviction by clinical priority (DESIGN.md §9)', () => {
      // makeReading(n) sizes differ by a byte or two; half an entry of slack keeps the counts exact.
      const one = sizeOf(10, 'continuous', 1_000);
      const withRoomFor = async (entries: number): Promise<JournalPort> => {
        await h.cleanup();
        h = await create(clock, { maxBytes: entries * one + Math.floor(one / 2) });
        return h.journal;
      };

      it('accounts bytes per entry and gives them back on remove', async () => {
        const j = await withRoomFor(10);
        const a = makeReading(10);
        await j.append(a, CONT);
        await j.append(makeReading(11), SPOT);
        expect(j.usage().bytes).toBe(sizeOf(10, 'continuous', 1_000) + sizeOf(11, 'spot', 1_000));
        await j.remove(a.id);
        expect(j.usage().bytes).toBe(sizeOf(11, 'spot', 1_000));
        expect(j.usage()).toMatchObject({
          maxBytes: 10 * one + Math.floor(one / 2),
          evicted: { continuous: 0, spot: 0 },
        });
      });

      it('evicts the oldest continuous entries before any spot measurement, and counts them', async () => {
        const j = await withRoomFor(4);
        await j.append(makeReading(10), SPOT);
        await j.append(makeReading(11), CONT);
        await j.append(makeReading(12), SPOT);
        await j.append(makeReading(13), CONT);
        const seen: string[] = [];
        j.onEvicted((list) => seen.push(...list.map((e) => `${e.priority}:${e.id}`)));
        await j.append(makeReading(14), CONT); // full: the oldest continuous (11) goes
        await j.append(makeReading(15), SPOT); // full: the next continuous (13) goes, not spot 10
        expect(j.pending(10).map((e) => e.reading.sequence)).toEqual([10, 12, 14, 15]);
        await j.append(makeReading(16), SPOT); // continuous 14 goes
        expect(j.pending(10).map((e) => e.reading.sequence)).toEqual([10, 12, 15, 16]);
        expect(j.usage().evicted).toEqual({ continuous: 3, spot: 0 });
        expect(seen).toEqual([11, 13, 14].map((n) => `continuous:${makeReading(n).id}`));
        expect(j.usage().bytes).toBeLessThanOrEqual(j.usage().maxBytes);
        expect(j.size()).toBe(4);
      });

      it('evicts the oldest spot measurement only for a new spot measurement', async () => {
        const j = await withRoomFor(3);
        for (const n of [10, 11, 12]) await j.append(makeReading(n), SPOT);
        await j.append(makeReading(13), SPOT);
        expect(j.pending(10).map((e) => e.reading.sequence)).toEqual([11, 12, 13]);
        expect(j.usage().evicted).toEqual({ continuous: 0, spot: 1 });
        // A continuous sample never displaces a spot measurement: it is refused and counted.
        await expect(j.append(makeReading(14), CONT)).rejects.toBeInstanceOf(JournalFullError);
        expect(j.pending(10).map((e) => e.reading.sequence)).toEqual([11, 12, 13]);
        expect(j.usage().evicted).toEqual({ continuous: 1, spot: 1 });
      });

      it('never evicts an entry the guard protects (in flight)', async () => {
        const j = await withRoomFor(3);
        const first = await j.append(makeReading(10), CONT);
        await j.append(makeReading(11), CONT);
        await j.append(makeReading(12), CONT);
        j.setEvictionGuard((key) => key === first.key);
        await j.append(makeReading(13), CONT);
        expect(j.pending(10).map((e) => e.reading.sequence)).toEqual([10, 12, 13]);
      });

      it('evicts consistently for many appends issued without awaiting', async () => {
        const j = await withRoomFor(20);
        const all = Array.from({ length: 90 }, (_, i) => makeReading(10 + i));
        await Promise.all(all.map((r, i) => j.append(r, i % 10 === 0 ? SPOT : CONT)));
        const kept = j.pending(100).map((e) => e.reading.sequence);
        const spots = all.filter((_, i) => i % 10 === 0).map((r) => r.sequence);
        expect(kept.filter((s) => spots.includes(s))).toEqual(spots); // every spot kept
        expect(kept.length).toBe(20);
        const continuous = all.filter((_, i) => i % 10 !== 0).map((r) => r.sequence);
        expect(kept).toEqual([...spots, ...continuous.slice(-(20 - spots.length))].sort((a, b) => a - b));
        expect(j.usage().evicted).toEqual({ continuous: 70, spot: 0 });
        const expected = j
          .pending(100)
          .reduce((sum, e) => sum + sizeOf(e.reading.sequence, e.priority, 1_000), 0);
        expect(j.usage().bytes).toBe(expected);
      });

      it('keeps the eviction counts across a reopen', async () => {
        if (!h.reopen) return;
        await withRoomFor(2);
        for (const n of [10, 11, 12, 13]) await h.journal.append(makeReading(n), CONT);
        const reopened = await (h.reopen as () => Promise<JournalPort>)();
        expect(reopened.usage().evicted).toEqual({ continuous: 2, spot: 0 });
        expect(reopened.usage().bytes).toBe(2 * one);
      });
    });
  });
}
