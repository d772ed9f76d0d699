import type { ReadingV1 } from '@openward/contracts';
import { planEviction, type EvictionCandidate } from './eviction.js';
import {
  DEFAULT_JOURNAL_MAX_BYTES,
  JournalFullError,
  entryBytes,
  sequenceKey,
  type AppendMeta,
  type EvictionCounts,
  type EvictionGuard,
  type EvictionListener,
  type JournalEntry,
  type JournalPort,
  type JournalUsage,
  type Priority,
} from './journal-port.js';

export interface MemoryJournalOptions {
  clock?: () => number;
  /** Size bound in accounted bytes (DESIGN.md §9). */
  maxBytes?: number;
}

/**
 * In-memory journal: same contract as the lmdb adapter except durability. For unit tests and the fleet
 * load generator (which measures the broker, not the disk).
 */
export class MemoryJournal implements JournalPort {
  private readonly entries = new Map<number, JournalEntry>();
  private readonly ids = new Map<string, number>();
  private readonly sequences = new Map<string, number>();
  /** Per priority, key → accounted bytes; Map order = key order = eviction order. */
  private readonly byPriority: Record<Priority, Map<number, number>> = {
    continuous: new Map(),
    spot: new Map(),
  };
  private readonly evicted: EvictionCounts = { continuous: 0, spot: 0 };
  private bytes = 0;
  private nextKey = 1;
  /** No entry has a key below this (advanced lazily). */
  private low = 1;
  private closed = false;
  private guard: EvictionGuard = () => false;
  private listeners: EvictionListener[] = [];
  private readonly clock: () => number;
  private readonly maxBytes: number;

  constructor(opts: MemoryJournalOptions | (() => number) = {}) {
    const o = typeof opts === 'function' ? { clock: opts } : opts;
    this.clock = o.clock ?? Date.now;
    this.maxBytes = o.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
  }

  append(reading: ReadingV1, meta: AppendMeta): Promise<JournalEntry> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const existing = this.ids.get(reading.id);
    if (existing !== undefined) return Promise.resolve(this.entries.get(existing) as JournalEntry);
    const appendedAt = this.clock();
    const stored = { id: reading.id, appendedAt, priority: meta.priority, reading };
    const size = entryBytes(reading.id, JSON.stringify(stored));
    const victims = planEviction(
      this.bytes + size - this.maxBytes,
      meta.priority,
      (p) => this.candidates(p),
      this.guard,
    );
    if (victims === null) {
      this.evicted[meta.priority]++;
      return Promise.reject(new JournalFullError(meta.priority));
    }
    for (const v of victims) this.drop(v.key, v.priority, true);
    if (victims.length > 0) this.notify(victims);
    const entry: JournalEntry = { key: this.nextKey++, ...stored };
    this.entries.set(entry.key, entry);
    this.ids.set(entry.id, entry.key);
    this.byPriority[meta.priority].set(entry.key, size);
    this.bytes += size;
    const sk = sequenceKey(reading.device.address, reading.characteristic);
    if (reading.sequence > (this.sequences.get(sk) ?? -1)) this.sequences.set(sk, reading.sequence);
    return Promise.resolve(entry);
  }

  private *candidates(priority: Priority): Iterable<EvictionCandidate> {
    for (const [key, bytes] of this.byPriority[priority]) {
      const e = this.entries.get(key);
      if (e) yield { key, id: e.id, bytes, priority };
    }
  }

  private drop(key: number, priority: Priority, evicted: boolean): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.ids.delete(e.id);
    this.bytes -= this.byPriority[priority].get(key) ?? 0;
    this.byPriority[priority].delete(key);
    if (evicted) this.evicted[priority]++;
  }

  private notify(victims: EvictionCandidate[]): void {
    const list = victims.map((v) => ({ id: v.id, priority: v.priority }));
    for (const l of this.listeners) l(list);
  }

  pending(limit: number, afterKey = 0, uptoKey = Number.MAX_SAFE_INTEGER): JournalEntry[] {
    const out: JournalEntry[] = [];
    // Keys are consecutive integers: walk them from the first one that can still exist (O(result + gaps)).
    while (this.low < this.nextKey && !this.entries.has(this.low)) this.low++;
    const last = Math.min(uptoKey, this.nextKey - 1);
    for (let k = Math.max(afterKey + 1, this.low); k <= last && out.length < limit; k++) {
      const e = this.entries.get(k);
      if (e) out.push(e);
    }
    return out;
  }

  remove(id: string): Promise<boolean> {
    const key = this.ids.get(id);
    if (key === undefined) return Promise.resolve(false);
    const e = this.entries.get(key) as JournalEntry;
    this.drop(key, e.priority, false);
    return Promise.resolve(true);
  }

  size(): number {
    return this.entries.size;
  }

  lastKey(): number {
    return this.nextKey - 1;
  }

  oldestAppendedAt(): number | null {
    return this.pending(1)[0]?.appendedAt ?? null;
  }

  lastSequence(address: string, characteristic: string): number {
    return this.sequences.get(sequenceKey(address, characteristic)) ?? -1;
  }

  usage(): JournalUsage {
    return {
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      effectiveMaxBytes: this.maxBytes,
      evicted: { ...this.evicted },
    };
  }

  setEvictionGuard(guard: EvictionGuard): void {
    this.guard = guard;
  }

  onEvicted(listener: EvictionListener): void {
    this.listeners.push(listener);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
