import type { ReadingV1 } from '@openward/contracts';

/**
 * Clinical priority of a reading, which decides what is evicted first when the journal is full
 * (DESIGN.md §9): continuous samples go before spot measurements.
 */
export const PRIORITIES = ['continuous', 'spot'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What the caller knows about a reading that the journal needs. */
export interface AppendMeta {
  priority: Priority;
}

/** Default size bound of the journal: 512 MiB (DESIGN.md §9). */
export const DEFAULT_JOURNAL_MAX_BYTES = 512 * 1024 * 1024;

/** One journaled reading (DESIGN.md §3 "journaled"). */
export interface JournalEntry {
  /** Journal key: positive, strictly increasing in append order, never reused (DESIGN.md §6). */
  key: number;
  id: string;
  /** Gateway clock when appended, epoch ms. */
  appendedAt: number;
  priority: Priority;
  reading: ReadingV1;
}

/** Lifetime eviction counts by priority (persisted by durable adapters). */
export type EvictionCounts = Record<Priority, number>;

/** Occupancy of the journal (DESIGN.md §9). */
export interface JournalUsage {
  /** Accounted bytes of the pending entries. */
  bytes: number;
  /** The configured bound. */
  maxBytes: number;
  /** The bound in force: lower than `maxBytes` after the disk filled up (DESIGN.md §9 "Disk full"). */
  effectiveMaxBytes: number;
  evicted: EvictionCounts;
}

/**
 * Thrown (as a rejection) by `append` when a reading cannot be stored even after eviction: only a
 * continuous reading facing a journal of spot measurements and in-flight entries (DESIGN.md §9 step 3).
 */
export class JournalFullError extends Error {
  readonly code = 'JOURNAL_FULL' as const;
  constructor(readonly priority: Priority) {
    super(`journal full: ${priority} reading not stored`);
    this.name = 'JournalFullError';
  }
}

/** Tells the journal which keys must not be evicted (in flight at the broker, DESIGN.md §3). */
export type EvictionGuard = (key: number) => boolean;

/** Called after each eviction batch with the evicted entries' ids and priorities (for logs). */
export type EvictionListener = (evicted: ReadonlyArray<{ id: string; priority: Priority }>) => void;

/**
 * The store-and-forward journal (DESIGN.md). Adapters: {@link MemoryJournal} (unit tests, fleet load
 * generator) and {@link LmdbJournal} (production); both pass the shared contract suite in
 * `test/journal-contract.ts`.
 */
export interface JournalPort {
  /**
   * Appends a reading. When the promise resolves the entry is durable (fsynced, for the lmdb adapter).
   * If the journal is full, older entries are evicted first by clinical priority (DESIGN.md §9); rejects
   * with {@link JournalFullError} only when a continuous reading would have to displace spot ones.
   * Appending an id that is still pending is idempotent: it resolves with the existing entry.
   */
  append(reading: ReadingV1, meta: AppendMeta): Promise<JournalEntry>;
  /** Up to `limit` pending entries with `afterKey < key ≤ uptoKey`, in append order. */
  pending(limit: number, afterKey?: number, uptoKey?: number): JournalEntry[];
  /** Removes the entry of reading `id` (after PUBACK). Resolves true if it was pending. */
  remove(id: string): Promise<boolean>;
  /** Number of pending entries. */
  size(): number;
  /**
   * Highest key of a committed append (0 before the first); every later append gets a larger key.
   * The publisher splits backlog from live at this key (DESIGN.md §10).
   */
  lastKey(): number;
  /** `appendedAt` of the oldest pending entry, or null when empty. */
  oldestAppendedAt(): number | null;
  /** Highest `sequence` ever journaled for this device and characteristic (survives removal), or -1. */
  lastSequence(address: string, characteristic: string): number;
  /** Bytes used, bound and lifetime eviction counts. */
  usage(): JournalUsage;
  /** Installs the guard consulted before evicting an entry (the publisher's in-flight set). */
  setEvictionGuard(guard: EvictionGuard): void;
  /** Installs a listener told about each eviction batch. */
  onEvicted(listener: EvictionListener): void;
  close(): Promise<void>;
}

/** Key of the per-device sequence high-water mark. */
export function sequenceKey(address: string, characteristic: string): string {
  return `${address.toLowerCase()}|${characteristic.toUpperCase()}`;
}

/** Fixed accounting overhead per stored record (lmdb node headers, index records). */
export const RECORD_OVERHEAD_BYTES = 64;

/**
 * Accounted size of one entry (DESIGN.md §9): the JSON of the stored value (which holds the id), the
 * id index key, and a fixed overhead for each of the three records (entry, id index, priority index). Pure; both adapters use it so the bound means the same.
 */
export function entryBytes(id: string, storedJson: string): number {
  return Buffer.byteLength(storedJson) + Buffer.byteLength(id) + 3 * RECORD_OVERHEAD_BYTES;
}
