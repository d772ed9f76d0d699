import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { AppConfig } from '../config/app-config.js';
import { ApiMetrics } from '../health/metrics.js';
import { toChainEntry, type ChainEntry } from './audit-chain.js';
import { AuditError } from './audit.errors.js';
import { AuditPort, type AuditEntry } from './audit.port.js';
import { AuditStore } from './audit.store.js';

/** Entries per transaction: one INSERT of ≤ 500 rows × 13 columns stays far below the 65,535 bind limit. */
export const AUDIT_BATCH_MAX = 500;

interface Waiting {
  readonly entry: ChainEntry;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/**
 * The {@link AuditPort}: group commit (DESIGN.md §3). `record` enqueues and resolves only after the entry's
 * transaction committed, so a served request always has its durable audit row; a full queue or a failed
 * commit rejects with AUDIT_UNAVAILABLE (503) instead — fail closed, never a silent drop.
 *
 * One flusher at a time drains the queue: while a batch commits, new entries gather and go together in the
 * next transaction (no timer, no added latency when idle).
 */
@Injectable()
export class GroupCommitAuditLog extends AuditPort implements OnModuleDestroy {
  private readonly queue: Waiting[] = [];
  private readonly max: number;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly metrics: ApiMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
    config: AppConfig,
  ) {
    super();
    this.max = config.auditQueueMax;
  }

  record(entry: AuditEntry): Promise<void> {
    if (this.closed) return this.refuse('closed', 'the audit writer is shut down');
    if (this.queue.length >= this.max) return this.refuse('queue-full', 'the audit queue is full');
    // Stamped now (the access time), hashed and given its id when its batch commits.
    const chainEntry = toChainEntry(entry, this.clock.now());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry: chainEntry, resolve, reject });
      this.metrics.auditQueueDepth.set(this.queue.length);
      this.flushing ??= this.drain();
    });
  }

  /** Resolves when everything queued so far is committed (or rejected). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Shutdown: refuse new entries, commit the queued ones before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private refuse(reason: 'closed' | 'queue-full', detail: string): Promise<never> {
    this.metrics.auditWriteFailures.inc({ reason });
    return Promise.reject(new AuditError('AUDIT_UNAVAILABLE', detail));
  }

  /**
   * The single flusher. `flushing` is cleared synchronously right after the queue is seen empty (no await in
   * between), so an entry pushed later always starts a new drain: none is stranded.
   */
  private async drain(): Promise<void> {
    // Let the callers of this tick join the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, AUDIT_BATCH_MAX);
      this.metrics.auditQueueDepth.set(this.queue.length);
      try {
        await this.store.append(batch.map((w) => w.entry));
        this.metrics.auditBatchSize.observe(batch.length);
        for (const w of batch) w.resolve();
      } catch (err) {
        this.metrics.auditWriteFailures.inc({ reason: 'flush-error' }, batch.length);
        this.logger.error(
          { entries: batch.length, err: errorFacts(err) },
          'audit batch commit failed; its requests are refused',
        );
        const refusal = new AuditError('AUDIT_UNAVAILABLE', 'the audit entry could not be committed');
        for (const w of batch) w.reject(refusal);
      }
    }
    this.flushing = null;
  }
}

/** Name and SQLSTATE only: a driver message can echo the values it refused. */
function errorFacts(err: unknown): { name: string; code?: string } {
  if (!(err instanceof Error)) return { name: typeof err };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? { name: err.name, code } : { name: err.name };
}
