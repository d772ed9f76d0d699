import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import type { RetentionPolicy, VitalsStore } from './vitals-store.js';

export interface MaintenanceLoopOptions {
  store: Pick<VitalsStore, 'maintain'>;
  policy: RetentionPolicy;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  now: () => number;
  logger: Pick<Logger, 'error' | 'debug'>;
  metrics: Pick<
    IngestMetrics,
    'maintenanceSeconds' | 'maintenanceFailures' | 'rollupBuckets' | 'retentionDeleted'
  >;
}

/**
 * Runs `store.maintain` every `intervalMs` (DESIGN.md §12.2): runs never overlap (the next is scheduled when
 * one ends), a failure is logged and counted and retried at the next interval, never thrown. The timer is
 * unref'd so it never keeps the process alive; {@link stop} waits for a run in progress.
 */
export class MaintenanceLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: MaintenanceLoopOptions) {}

  start(): void {
    this.schedule();
  }

  /** One run now (also what the timer calls). Resolves when done; never rejects. */
  runOnce(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().then(() => this.schedule());
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const { store, policy, now, logger, metrics } = this.opts;
    const end = metrics.maintenanceSeconds.startTimer();
    try {
      const r = await store.maintain(now(), policy);
      metrics.rollupBuckets.inc(r.rolledBuckets);
      metrics.retentionDeleted.inc({ tier: 'raw' }, r.deletedRaw);
      metrics.retentionDeleted.inc({ tier: '1m' }, r.deleted1m);
      metrics.retentionDeleted.inc({ tier: '1h' }, r.deleted1h);
      logger.debug({ ...r }, 'store maintenance done');
    } catch (err) {
      metrics.maintenanceFailures.inc();
      logger.error({ err }, 'store maintenance failed; retrying at the next interval');
    } finally {
      end();
    }
  }
}
