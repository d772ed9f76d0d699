import { mkdirSync, statfsSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { ReadingV1 } from '@openward/contracts';
import { PRIORITY_RANK, planEviction, type EvictionCandidate } from './eviction.js';
import {
  DEFAULT_JOURNAL_MAX_BYTES,
  JournalFullError,
  PRIORITIES,
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

interface StoredEntry {
  id: string;
  appendedAt: number;
  priority: Priority;
  reading: ReadingV1;
}

/** `byPriority` key: [rank, journal key] (DESIGN.md §6); value: [accounted bytes, reading id]. */
type RankKey = [number, number];
type RankValue = [number, string];

export interface LmdbJournalOptions {
  clock?: () => number;
  /** Size bound in accounted bytes (DESIGN.md §9); default 512 MiB. */
  maxBytes?: number;
  /**
   * Free space to keep on the journal's filesystem (DESIGN.md §9 "Disk full"): lmdb is copy-on-write,
   * so even an eviction needs free pages. Default 32 MiB.
   */
  diskReserveBytes?: number;
  /** How often free space is sampled (a statfs call); default 1 s. */
  diskCheckIntervalMs?: number;
}

/** errno / lmdb codes that mean "no room on the device" (DESIGN.md §9 "Disk full"). */
const ENOSPC = 28;
const EDQUOT = 122;
const MDB_MAP_FULL = -30792;
const EIO = 5; // lmdb reports a short write (the device filled up mid-commit) as EIO
const DISK_FULL_CODES = new Set([ENOSPC, EDQUOT, MDB_MAP_FULL]);

const REJECTED = Symbol('rejected');

/**
 * The production journal on lmdb (DESIGN.md §5, §6, §9). Opened with `overlappingSync: false`, so a write
 * promise resolves only after `mdb_txn_commit` has fsynced the transaction: a resolved `append()`
 * survives SIGKILL and power loss. Every write of one event turn is group-committed with one fsync.
 * Eviction happens inside the append's own transaction, so the bound and the counts never drift.
 */
export class LmdbJournal implements JournalPort {
  private nextKey: number;
  /** Highest key whose append has committed (appends commit in key order). */
  private committedKey: number;
  private count: number;
  private bytes: number;
  private evicted: EvictionCounts;
  private effectiveMaxBytes: number;
  private guard: EvictionGuard = () => false;
  private listeners: EvictionListener[] = [];
  private lastDiskCheck = Number.NEGATIVE_INFINITY;
  private freeAtLastLowering = Number.POSITIVE_INFINITY;
  private readonly boundListeners: Array<(effectiveMaxBytes: number) => void> = [];

  private constructor(
    private readonly dir: string,
    private readonly root: RootDatabase,
    private readonly entries: Database<StoredEntry, number>,
    private readonly ids: Database<RankKey, string>,
    private readonly byPriority: Database<RankValue, RankKey>,
    private readonly sequences: Database<number, string>,
    private readonly stats: Database<number, string>,
    private readonly clock: () => number,
    private readonly maxBytes: number,
    private readonly diskReserveBytes: number,
    private readonly diskCheckIntervalMs: number,
  ) {
    let last = 0;
    for (const key of entries.getKeys({ reverse: true, limit: 1 })) last = key;
    this.nextKey = Math.max(last, stats.get('lastKey') ?? 0) + 1;
    this.committedKey = this.nextKey - 1;
    this.count = entries.getCount();
    this.bytes = stats.get('bytes') ?? 0;
    this.evicted = { continuous: stats.get('evicted:continuous') ?? 0, spot: stats.get('evicted:spot') ?? 0 };
    this.effectiveMaxBytes = maxBytes;
  }

  /** Opens (creating if needed) the journal in `dir`. */
  static open(dir: string, opts: LmdbJournalOptions | (() => number) = {}): LmdbJournal {
    const o = typeof opts === 'function' ? { clock: opts } : opts;
    mkdirSync(dir, { recursive: true });
    const root = open({
      path: dir,
      // DESIGN.md §5: durable commits. Never noSync/noMetaSync/useWritemap/mapAsync here.
      overlappingSync: false,
      noSync: false,
      maxDbs: 8,
    });
    return new LmdbJournal(
      dir,
      root,
      root.openDB<StoredEntry, number>({ name: 'entries', encoding: 'json' }),
      root.openDB<RankKey, string>({ name: 'ids' }),
      root.openDB<RankValue, RankKey>({ name: 'byPriority' }),
      root.openDB<number, string>({ name: 'sequences', encoding: 'json' }),
      root.openDB<number, string>({ name: 'stats' }),
      o.clock ?? Date.now,
      o.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES,
      o.diskReserveBytes ?? 32 * 1024 * 1024,
      o.diskCheckIntervalMs ?? 1_000,
    );
  }

  async append(reading: ReadingV1, meta: AppendMeta): Promise<JournalEntry> {
    this.checkDisk();
    try {
      return await this.appendOnce(reading, meta);
    } catch (e) {
      if (!(await this.isDiskFull(e))) throw e;
      // DESIGN.md §9 "Disk full": hold 5 % less than we managed to; the retry evicts in its own txn.
      this.lowerBound(Math.floor(this.bytes * 0.05));
      return await this.appendOnce(reading, meta);
    }
  }

  /**
   * Keeps `diskReserveBytes` free on the filesystem (sampled at most once a second): when free space
   * falls below the reserve, the effective bound drops by the deficit, so the next appends evict and
   * lmdb reuses the freed pages instead of growing the file.
   */
  private checkDisk(): void {
    const now = Date.now();
    if (now - this.lastDiskCheck < this.diskCheckIntervalMs) return;
    this.lastDiskCheck = now;
    const free = this.freeBytes();
    if (free === null || free >= this.diskReserveBytes) return;
    // Lower once per loss of free space: after eviction lmdb reuses its freed pages and the free space
    // stops falling (the file never shrinks), so the bound settles instead of sinking to zero.
    if (free < this.freeAtLastLowering) {
      this.lowerBound(Math.min(this.diskReserveBytes - free, this.freeAtLastLowering - free));
      this.freeAtLastLowering = free;
    }
  }

  private lowerBound(byBytes: number): void {
    const lowered = Math.max(0, Math.min(this.effectiveMaxBytes, this.bytes - Math.max(1, byBytes)));
    if (lowered < this.effectiveMaxBytes) {
      this.effectiveMaxBytes = lowered;
      for (const l of this.boundListeners) l(lowered);
    }
  }

  private freeBytes(): number | null {
    try {
      const fs = statfsSync(this.dir);
      return fs.bavail * fs.bsize;
    } catch {
      return null;
    }
  }

  private async appendOnce(reading: ReadingV1, meta: AppendMeta): Promise<JournalEntry> {
    const key = this.nextKey++;
    const appendedAt = this.clock();
    const stored: StoredEntry = { id: reading.id, appendedAt, priority: meta.priority, reading };
    const size = entryBytes(reading.id, JSON.stringify(stored));
    const rank = PRIORITY_RANK[meta.priority];
    let result: JournalEntry | typeof REJECTED;
    try {
      // One atomic transaction: evictions, entry, indexes, sequence mark and stats commit together.
      result = await this.root.transaction(() => {
        const existing = this.ids.get(reading.id);
        if (existing !== undefined) {
          const old = this.entries.get(existing[1]);
          if (old) return { key: existing[1], ...old };
        }
        if (!this.evictTo(this.effectiveMaxBytes - size, meta.priority)) {
          this.bumpEvicted(meta.priority, 1);
          return REJECTED;
        }
        this.entries.putSync(key, stored);
        this.ids.putSync(reading.id, [rank, key]);
        this.byPriority.putSync([rank, key], [size, reading.id]);
        this.stats.putSync('lastKey', key);
        this.setBytes(this.bytes + size);
        const sk = sequenceKey(reading.device.address, reading.characteristic);
        if (reading.sequence > (this.sequences.get(sk) ?? -1)) this.sequences.putSync(sk, reading.sequence);
        this.count++;
        return { key, ...stored };
      });
    } catch (e) {
      this.resync(); // the batch was rolled back: the mirrors must match what is on disk
      throw e;
    }
    if (result === REJECTED) throw new JournalFullError(meta.priority);
    this.committedKey = Math.max(this.committedKey, key);
    return result;
  }

  /**
   * Inside a write transaction: evicts by clinical priority until at most `targetBytes` are used (§9).
   * Returns false (evicting nothing) when that is impossible without breaking the priority rule.
   */
  private evictTo(targetBytes: number, incoming: Priority): boolean {
    const victims = planEviction(this.bytes - targetBytes, incoming, (p) => this.candidates(p), this.guard);
    if (victims === null) return false;
    if (victims.length === 0) return true;
    const counts: EvictionCounts = { continuous: 0, spot: 0 };
    for (const v of victims) {
      const rank = PRIORITY_RANK[v.priority];
      this.entries.removeSync(v.key);
      this.ids.removeSync(v.id);
      this.byPriority.removeSync([rank, v.key]);
      this.setBytes(this.bytes - v.bytes);
      this.count--;
      counts[v.priority]++;
    }
    for (const p of PRIORITIES) if (counts[p] > 0) this.bumpEvicted(p, counts[p]);
    const list = victims.map((v) => ({ id: v.id, priority: v.priority }));
    for (const l of this.listeners) l(list);
    return true;
  }

  private *candidates(priority: Priority): Iterable<EvictionCandidate> {
    const rank = PRIORITY_RANK[priority];
    for (const { key, value } of this.byPriority.getRange({ start: [rank], end: [rank + 1] })) {
      yield { key: key[1], id: value[1], bytes: value[0], priority };
    }
  }

  private setBytes(n: number): void {
    this.bytes = n;
    this.stats.putSync('bytes', n);
  }

  private bumpEvicted(priority: Priority, n: number): void {
    this.evicted[priority] += n;
    this.stats.putSync(`evicted:${priority}`, this.evicted[priority]);
  }

  /** Reloads the in-memory mirrors from the committed state (after a failed commit). */
  private resync(): void {
    this.count = this.entries.getCount();
    this.bytes = this.stats.get('bytes') ?? 0;
    this.evicted = {
      continuous: this.stats.get('evicted:continuous') ?? 0,
      spot: this.stats.get('evicted:spot') ?? 0,
    };
  }

  /**
   * Classifies a failed commit by its numeric code (lmdb-js rejects each write with `commitError`, a
   * promise of the native error with `code`), never by its text: ENOSPC/EDQUOT/MDB_MAP_FULL are disk
   * full; EIO (lmdb's short write) is disk full when the filesystem has less than the reserve left.
   */
  private async isDiskFull(e: unknown): Promise<boolean> {
    const codeOf = (x: unknown): number | undefined => {
      const c = (x as { code?: unknown } | null)?.code;
      return typeof c === 'number' ? c : undefined;
    };
    let code = codeOf(e);
    const commitError = (e as { commitError?: Promise<unknown> } | null)?.commitError;
    if (code === undefined && commitError) {
      const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 500).unref());
      code = codeOf(
        await Promise.race([
          commitError.then(
            () => undefined,
            (x: unknown) => x,
          ),
          timeout,
        ]),
      );
    }
    if (code !== undefined && DISK_FULL_CODES.has(code)) return true;
    if (code !== undefined && code !== EIO) return false;
    const free = this.freeBytes();
    return free !== null && free < Math.max(this.diskReserveBytes, 1024 * 1024);
  }

  /** Told when the bound in force is lowered because the disk is (nearly) full. */
  onBoundLowered(listener: (effectiveMaxBytes: number) => void): void {
    this.boundListeners.push(listener);
  }

  pending(limit: number, afterKey = 0, uptoKey = Number.MAX_SAFE_INTEGER): JournalEntry[] {
    const out: JournalEntry[] = [];
    if (limit <= 0 || uptoKey <= afterKey) return out;
    for (const { key, value } of this.entries.getRange({ start: afterKey + 1, end: uptoKey + 1, limit })) {
      out.push({ key, ...value });
    }
    return out;
  }

  remove(id: string): Promise<boolean> {
    return this.root.transaction(() => {
      const found = this.ids.get(id);
      if (found === undefined) return false;
      const [rank, key] = found;
      const bytes = this.byPriority.get([rank, key])?.[0] ?? 0;
      this.entries.removeSync(key);
      this.ids.removeSync(id);
      this.byPriority.removeSync([rank, key]);
      this.setBytes(this.bytes - bytes);
      this.count--;
      return true;
    });
  }

  size(): number {
    return this.count;
  }

  lastKey(): number {
    return this.committedKey;
  }

  oldestAppendedAt(): number | null {
    for (const { value } of this.entries.getRange({ limit: 1 })) return value.appendedAt;
    return null;
  }

  lastSequence(address: string, characteristic: string): number {
    return this.sequences.get(sequenceKey(address, characteristic)) ?? -1;
  }

  usage(): JournalUsage {
    return {
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      effectiveMaxBytes: this.effectiveMaxBytes,
      evicted: { ...this.evicted },
    };
  }

  setEvictionGuard(guard: EvictionGuard): void {
    this.guard = guard;
  }

  onEvicted(listener: EvictionListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
