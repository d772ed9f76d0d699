import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RegistrySnapshot } from '@openward/contracts';

type Waiter = (snapshot: RegistrySnapshot | null) => void;

/**
 * In-memory hub of the registry feed (ingest DESIGN.md §8.1): the newest exported snapshot and the long-polls
 * waiting for a newer one. No I/O: {@link RegistryService} publishes here after each export.
 */
@Injectable()
export class RegistryFeed implements OnModuleDestroy {
  private latest: RegistrySnapshot | null = null;
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  /** The newest snapshot published so far, or null before the first export. */
  current(): RegistrySnapshot | null {
    return this.latest;
  }

  /** Number of held long-polls. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Replaces the snapshot if `snapshot` is newer, and wakes every held long-poll. */
  publish(snapshot: RegistrySnapshot): void {
    if (this.latest && snapshot.version <= this.latest.version) return;
    this.latest = snapshot;
    for (const w of [...this.waiters]) w(snapshot);
  }

  /**
   * Resolves with the first published snapshot newer than `after`, or null when none arrived within `waitMs`,
   * the caller went away (`signal`), or the app is shutting down.
   */
  waitNewer(after: number, waitMs: number, signal: AbortSignal): Promise<RegistrySnapshot | null> {
    if (this.latest && this.latest.version > after) return Promise.resolve(this.latest);
    if (this.closed || signal.aborted || waitMs <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = (s: RegistrySnapshot | null): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(s);
      };
      const waiter: Waiter = (s) => {
        if (s === null || s.version > after) finish(s);
      };
      const onAbort = (): void => finish(null);
      const timer = setTimeout(() => finish(null), waitMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Releases every held long-poll (answered 204) so shutdown does not wait up to 30 s for them. */
  onModuleDestroy(): void {
    this.closed = true;
    for (const w of [...this.waiters]) w(null);
  }
}
