import type { ReadingV1 } from '@openward/contracts';
import { sequenceKey, type JournalEntry, type JournalPort } from './journal-port.js';

/** In-memory journal: same contract as the lmdb adapter except durability. For unit tests. */
export class MemoryJournal implements JournalPort {
  private readonly entries = new Map<number, JournalEntry>();
  private readonly ids = new Map<string, number>();
  private readonly sequences = new Map<string, number>();
  private nextKey = 1;
  private closed = false;

  constructor(private readonly clock: () => number = Date.now) {}

  append(reading: ReadingV1): Promise<JournalEntry> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const existing = this.ids.get(reading.id);
    if (existing !== undefined) return Promise.resolve(this.entries.get(existing) as JournalEntry);
    const entry: JournalEntry = { key: this.nextKey++, id: reading.id, appendedAt: this.clock(), reading };
    this.entries.set(entry.key, entry);
    this.ids.set(entry.id, entry.key);
    const sk = sequenceKey(reading.device.address, reading.characteristic);
    if (reading.sequence > (this.sequences.get(sk) ?? -1)) this.sequences.set(sk, reading.sequence);
    return Promise.resolve(entry);
  }

  pending(limit: number, afterKey = 0): JournalEntry[] {
    const out: JournalEntry[] = [];
    // Map iteration is insertion order = key order.
    for (const e of this.entries.values()) {
      if (out.length >= limit) break;
      if (e.key > afterKey) out.push(e);
    }
    return out;
  }

  remove(id: string): Promise<boolean> {
    const key = this.ids.get(id);
    if (key === undefined) return Promise.resolve(false);
    this.ids.delete(id);
    this.entries.delete(key);
    return Promise.resolve(true);
  }

  size(): number {
    return this.entries.size;
  }

  oldestAppendedAt(): number | null {
    for (const e of this.entries.values()) return e.appendedAt;
    return null;
  }

  lastSequence(address: string, characteristic: string): number {
    return this.sequences.get(sequenceKey(address, characteristic)) ?? -1;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
