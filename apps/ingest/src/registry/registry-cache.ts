import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { RegistrySnapshot } from '@openward/contracts';
import type { IngestMetrics } from '../metrics.js';
import { parseRegistrySnapshot } from './parse-snapshot.js';
import { SnapshotRegistry } from './registry-port.js';

/** Name of the on-disk copy in `INGEST_DATA_DIR` (DESIGN.md §8). */
export const CACHE_NAME = 'registry-cache.json';

/** Where an applied snapshot came from (a log field). */
export type SnapshotSource = 'file' | 'feed' | 'cache';

/** What every cached adapter needs. */
export interface CachedRegistryOptions {
  dataDir: string;
  logger: Logger;
  metrics: IngestMetrics;
}

/**
 * The part the file and network adapters share (DESIGN.md §8): apply a newer snapshot, mirror it into
 * `INGEST_DATA_DIR/registry-cache.json` atomically, and fall back to that copy at boot when the source is
 * unavailable. Subclasses only fetch snapshots and call {@link accept}.
 */
export abstract class CachedRegistry extends SnapshotRegistry {
  /** Path of the cache file. */
  readonly cacheFile: string;
  /** Cache writes run one after the other, in apply order, so an older snapshot never lands last. */
  private writes: Promise<void> = Promise.resolve();

  constructor(protected readonly base: CachedRegistryOptions) {
    super();
    this.cacheFile = join(base.dataDir, CACHE_NAME);
  }

  /** Loads the first snapshot (source, else cache) and starts following the source. Never throws on bad data. */
  abstract start(): Promise<void>;

  /** Stops following the source; the applied snapshot stays usable. */
  abstract stop(): Promise<void>;

  /**
   * Applies `snapshot` if it is newer than the current one and, when it came from the source, writes the cache.
   * Returns whether it was applied.
   */
  protected async accept(snapshot: RegistrySnapshot, source: SnapshotSource): Promise<boolean> {
    const previous = this.version();
    if (!this.apply(snapshot)) {
      if (previous !== null && snapshot.version < previous) {
        this.base.logger.warn(
          { version: snapshot.version, current: previous, source },
          'older registry ignored',
        );
      }
      return false;
    }
    this.base.metrics.registryVersion.set(snapshot.version);
    this.base.logger.info(
      {
        version: snapshot.version,
        source,
        gateways: snapshot.gateways.length,
        devices: snapshot.devices.length,
      },
      'registry applied',
    );
    if (source !== 'cache') await this.enqueueWrite(snapshot);
    return true;
  }

  /** Applies the cached copy if there is a valid one. Returns whether a snapshot is loaded afterwards. */
  protected async loadCache(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      this.base.logger.warn(
        { cache: this.cacheFile },
        'registry source unavailable and no cached copy: gateways refused',
      );
      return this.isLoaded();
    }
    const parsed = parseRegistrySnapshot(text);
    if (parsed.ok) await this.accept(parsed.snapshot, 'cache');
    else this.base.logger.error({ reason: parsed.reason }, 'registry cache invalid; ignored');
    return this.isLoaded();
  }

  /** Creates the data directory (before the first cache write). */
  protected async ensureDataDir(): Promise<void> {
    await mkdir(this.base.dataDir, { recursive: true });
  }

  /** Resolves once every cache write queued so far has finished (tests, shutdown). */
  flushCache(): Promise<void> {
    return this.writes;
  }

  private enqueueWrite(snapshot: RegistrySnapshot): Promise<void> {
    this.writes = this.writes.then(() => this.writeCache(snapshot));
    return this.writes;
  }

  /**
   * tmp + fsync + rename + fsync(dir): after a crash the cache is the old or the new snapshot, never a torn
   * file, and the rename itself survives power loss. A failed write is logged; the in-memory snapshot stays.
   */
  private async writeCache(snapshot: RegistrySnapshot): Promise<void> {
    const tmp = `${this.cacheFile}.tmp`;
    try {
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(JSON.stringify(snapshot));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.cacheFile);
      const dir = await open(this.base.dataDir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (e) {
      this.base.logger.error({ err: e }, 'could not write registry cache');
    }
  }
}
