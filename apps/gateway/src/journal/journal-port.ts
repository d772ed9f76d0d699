import type { ReadingV1 } from '@openward/contracts';

/** One journaled reading (DESIGN.md §3 "journaled"). */
export interface JournalEntry {
  /** Journal key: positive, strictly increasing in append order, never reused (DESIGN.md §6). */
  key: number;
  id: string;
  /** Gateway clock when appended, epoch ms. */
  appendedAt: number;
  reading: ReadingV1;
}

/**
 * The store-and-forward journal (DESIGN.md). Adapters: {@link MemoryJournal} (unit tests) and
 * {@link LmdbJournal} (production); both pass the shared contract suite in `test/journal-contract.ts`.
 */
export interface JournalPort {
  /**
   * Appends a reading. When the promise resolves the entry is durable (fsynced, for the lmdb adapter).
   * Appending an id that is still pending is idempotent: it resolves with the existing entry.
   */
  append(reading: ReadingV1): Promise<JournalEntry>;
  /** Up to `limit` pending entries with `key > afterKey`, in append order. */
  pending(limit: number, afterKey?: number): JournalEntry[];
  /** Removes the entry of reading `id` (after PUBACK). Resolves true if it was pending. */
  remove(id: string): Promise<boolean>;
  /** Number of pending entries. */
  size(): number;
  /** `appendedAt` of the oldest pending entry, or null when empty. */
  oldestAppendedAt(): number | null;
  /** Highest `sequence` ever journaled for this device and characteristic (survives removal), or -1. */
  lastSequence(address: string, characteristic: string): number;
  close(): Promise<void>;
}

/** Key of the per-device sequence high-water mark. */
export function sequenceKey(address: string, characteristic: string): string {
  return `${address.toLowerCase()}|${characteristic.toUpperCase()}`;
}
