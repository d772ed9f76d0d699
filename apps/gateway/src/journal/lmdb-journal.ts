import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { ReadingV1 } from '@openward/contracts';
import { sequenceKey, type JournalEntry, type JournalPort } from './journal-port.js';

interface StoredEntry {
  id: string;
  appendedAt: number;
  reading: ReadingV1;
}

/**
 * The production journal on lmdb (DESIGN.md §5, §6). Opened with `overlappingSync: false`, so a write
 * promise resolves only after `mdb_txn_commit` has fsynced the transaction: a resolved `append()`
 * survives SIGKILL and power loss. Every write of one event turn is group-committed with one fsync.
 */
export class LmdbJournal implements JournalPort {
  private nextKey: number;
  private count: number;

  private constructor(
    private readonly root: RootDatabase,
    private readonly entries: Database<StoredEntry, number>,
    private readonly ids: Database<number, string>,
    private readonly sequences: Database<number, string>,
    private readonly clock: () => number,
  ) {
    let last = 0;
    for (const key of entries.getKeys({ reverse: true, limit: 1 })) last = key;
    this.nextKey = last + 1;
    this.count = entries.getCount();
  }

  /** Opens (creating if needed) the journal in `dir`. */
  static open(dir: string, clock: () => number = Date.now): LmdbJournal {
    mkdirSync(dir, { recursive: true });
    const root = open({
      path: dir,
      // DESIGN.md §5: durable commits. Never noSync/noMetaSync/useWritemap/mapAsync here.
      overlappingSync: false,
      noSync: false,
      maxDbs: 4,
    });
    const entries = root.openDB<StoredEntry, number>({ name: 'entries', encoding: 'json' });
    const ids = root.openDB<number, string>({ name: 'ids', encoding: 'json' });
    const sequences = root.openDB<number, string>({ name: 'sequences', encoding: 'json' });
    return new LmdbJournal(root, entries, ids, sequences, clock);
  }

  append(reading: ReadingV1): Promise<JournalEntry> {
    const key = this.nextKey++;
    const appendedAt = this.clock();
    // One atomic transaction: entry, id index and sequence high-water mark commit together.
    return this.root.transaction(() => {
      const existing = this.ids.get(reading.id);
      if (existing !== undefined) {
        const stored = this.entries.get(existing);
        if (stored) return { key: existing, ...stored };
      }
      this.entries.put(key, { id: reading.id, appendedAt, reading });
      this.ids.put(reading.id, key);
      const sk = sequenceKey(reading.device.address, reading.characteristic);
      if (reading.sequence > (this.sequences.get(sk) ?? -1)) this.sequences.put(sk, reading.sequence);
      this.count++;
      return { key, id: reading.id, appendedAt, reading };
    });
  }

  pending(limit: number, afterKey = 0): JournalEntry[] {
    const out: JournalEntry[] = [];
    if (limit <= 0) return out;
    for (const { key, value } of this.entries.getRange({ start: afterKey + 1, limit })) {
      out.push({ key, ...value });
    }
    return out;
  }

  remove(id: string): Promise<boolean> {
    return this.root.transaction(() => {
      const key = this.ids.get(id);
      if (key === undefined) return false;
      this.entries.remove(key);
      this.ids.remove(id);
      this.count--;
      return true;
    });
  }

  size(): number {
    return this.count;
  }

  oldestAppendedAt(): number | null {
    for (const { value } of this.entries.getRange({ limit: 1 })) return value.appendedAt;
    return null;
  }

  lastSequence(address: string, characteristic: string): number {
    return this.sequences.get(sequenceKey(address, characteristic)) ?? -1;
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
