import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { RegistrySnapshot } from '@openward/contracts';
import type { IngestMetrics } from '../metrics.js';
import { parseRegistrySnapshot } from './parse-snapshot.js';
import { SnapshotRegistry } from './registry-port.js';

export interface FileRegistryOptions {
  file: string;
  dataDir: string;
  logger: Logger;
  metrics: IngestMetrics;
  /** Fallback stat poll interval (DESIGN.md §8). */
  pollMs?: number;
}

const CACHE_NAME = 'registry-cache.json';

/**
 * Registry adapter over the JSON file the clinician API exports (DESIGN.md §8): applies newer snapshots,
 * keeps the last good one when the file is invalid, and mirrors every applied snapshot into the data dir so
 * a restart works while the file is missing.
 */
export class FileRegistry extends SnapshotRegistry {
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private lastStat = '';
  private reloading: Promise<void> | null = null;
  private again = false;
  private readonly cacheFile: string;

  constructor(private readonly opts: FileRegistryOptions) {
    super();
    this.cacheFile = join(opts.dataDir, CACHE_NAME);
  }

  /** Loads the file (or the cache), then starts watching. Never throws on a bad or missing file. */
  async start(): Promise<void> {
    await mkdir(this.opts.dataDir, { recursive: true });
    await this.reload();
    if (!this.isLoaded()) await this.loadCache();
    this.startWatching();
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  /** Re-reads the file now; concurrent calls coalesce into one extra pass. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async readOnce(): Promise<void> {
    const { file, logger, metrics } = this.opts;
    let text: string;
    try {
      const st = await stat(file);
      this.lastStat = `${st.ino}:${st.size}:${st.mtimeMs}`;
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code !== 'ENOENT' || !this.isLoaded()) {
        logger.warn({ file, code }, 'registry file unreadable; keeping the last good snapshot');
      }
      metrics.registryReloadFailures.inc({ reason: code === 'ENOENT' ? 'missing' : 'unreadable' });
      return;
    }
    const parsed = parseRegistrySnapshot(text);
    if (!parsed.ok) {
      logger.error({ file, reason: parsed.reason, detail: parsed.message }, 'registry file invalid; ignored');
      metrics.registryReloadFailures.inc({ reason: parsed.reason === 'NOT_JSON' ? 'not_json' : 'schema' });
      return;
    }
    await this.applyAndCache(parsed.snapshot, 'file');
  }

  private async applyAndCache(snapshot: RegistrySnapshot, source: 'file' | 'cache'): Promise<void> {
    const previous = this.version();
    if (!this.apply(snapshot)) {
      if (previous !== null && snapshot.version < previous) {
        this.opts.logger.warn({ version: snapshot.version, current: previous }, 'older registry ignored');
      }
      return;
    }
    this.opts.metrics.registryVersion.set(snapshot.version);
    this.opts.logger.info(
      {
        version: snapshot.version,
        source,
        gateways: snapshot.gateways.length,
        devices: snapshot.devices.length,
      },
      'registry applied',
    );
    if (source === 'file') await this.writeCache(snapshot);
  }

  private async loadCache(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      this.opts.logger.warn(
        { file: this.opts.file },
        'no registry file and no cached copy: gateways refused',
      );
      return;
    }
    const parsed = parseRegistrySnapshot(text);
    if (parsed.ok) await this.applyAndCache(parsed.snapshot, 'cache');
    else this.opts.logger.error({ reason: parsed.reason }, 'registry cache invalid; ignored');
  }

  /** tmp + fsync + rename, so the cache is either the old or the new snapshot after a crash. */
  private async writeCache(snapshot: RegistrySnapshot): Promise<void> {
    const tmp = `${this.cacheFile}.tmp`;
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(JSON.stringify(snapshot));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.cacheFile);
    } catch (e) {
      this.opts.logger.error({ err: e }, 'could not write registry cache');
    }
  }

  private startWatching(): void {
    const dir = dirname(this.opts.file);
    const name = basename(this.opts.file);
    try {
      // Watch the directory: the API replaces the file by rename, which would orphan a watch on the file.
      this.watcher = watch(dir, (_event, changed) => {
        if (changed === null || changed === name) void this.reload();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch (e) {
      this.opts.logger.warn({ err: e, dir }, 'fs.watch unavailable; relying on polling');
    }
    this.poll = setInterval(() => void this.pollOnce(), this.opts.pollMs ?? 1000);
    this.poll.unref();
  }

  private async pollOnce(): Promise<void> {
    try {
      const st = await stat(this.opts.file);
      if (`${st.ino}:${st.size}:${st.mtimeMs}` !== this.lastStat) await this.reload();
    } catch {
      // Missing file: nothing to reload; the last good snapshot stays.
    }
  }
}
