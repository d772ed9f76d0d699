import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseRegistrySnapshot } from './parse-snapshot.js';
import { CachedRegistry, type CachedRegistryOptions } from './registry-cache.js';

export interface FileRegistryOptions extends CachedRegistryOptions {
  file: string;
  /** Fallback stat poll interval (DESIGN.md §8). */
  pollMs?: number;
}

/**
 * Registry adapter over the JSON file the clinician API exports (DESIGN.md §8): applies newer snapshots,
 * keeps the last good one when the file is invalid, and mirrors every applied snapshot into the data dir so
 * a restart works while the file is missing.
 */
export class FileRegistry extends CachedRegistry {
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private lastStat = '';
  private reloading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: FileRegistryOptions) {
    super(opts);
  }

  /** Loads the file (or the cache), then starts watching. Never throws on a bad or missing file. */
  async start(): Promise<void> {
    await this.ensureDataDir();
    await this.reload();
    if (!this.isLoaded()) await this.loadCache();
    this.startWatching();
  }

  stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    return this.flushCache();
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
    await this.accept(parsed.snapshot, 'file');
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
