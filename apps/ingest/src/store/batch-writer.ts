import {
  classifyStoreError,
  type DeadLetter,
  type NewPoint,
  type StoreErrorKind,
  type VitalPoint,
  type VitalsStore,
  type WriteResult,
} from './vitals-store.js';

export interface BatchWriterOptions {
  store: VitalsStore;
  /** Injected clock (epoch ms), used for `stored_at`. */
  now: () => number;
  maxWaitMs: number;
  maxPoints: number;
  /** Observer for metrics/logs; must not throw. */
  onBatch?: (info: BatchInfo) => void;
}

export interface BatchInfo {
  points: number;
  deadLetters: number;
  durationMs: number;
  result?: WriteResult;
  error?: { kind: StoreErrorKind; err: unknown };
}

/** A submission: points of one reading, or one dead letter. */
export type WriteJob = { points: readonly NewPoint[] } | { deadLetter: DeadLetter };

export interface JobOutcome {
  storedAtMs: number;
}

/** Raised to the waiting publishes of a batch whose write failed (their clients will redeliver). */
export class BatchWriteError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    override readonly cause: unknown,
  ) {
    super(`store write failed (${kind})`);
    this.name = 'BatchWriteError';
  }
}

interface Pending {
  job: WriteJob;
  resolve: (o: JobOutcome) => void;
  reject: (e: BatchWriteError) => void;
}

/**
 * Group commit (DESIGN.md §7): collects jobs from concurrent publishes for at most `maxWaitMs` or
 * `maxPoints` points, writes them with one store call per kind, then settles every waiter in submission
 * order. One batch is in flight at a time; submissions arriving meanwhile form the next batch, which starts
 * as soon as the running one finishes.
 */
export class BatchWriter {
  private queue: Pending[] = [];
  private queuedPoints = 0;
  private cancelTimer: (() => void) | null = null;
  private inFlight: Promise<void> | null = null;
  private consecutiveFailures = 0;

  constructor(private readonly opts: BatchWriterOptions) {}

  /** Resolves once the job is durable; rejects with {@link BatchWriteError} if its batch failed. */
  submit(job: WriteJob): Promise<JobOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.queuedPoints += 'points' in job ? job.points.length : 1;
      this.schedule();
    });
  }

  /** Failed batches since the last success (readiness, DESIGN.md §7.1). */
  get failuresInARow(): number {
    return this.consecutiveFailures;
  }

  /** Writes everything queued now and waits for it (shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.startBatch();
    }
  }

  private schedule(): void {
    if (this.inFlight) return; // the running batch starts the next one when it finishes
    if (this.queuedPoints >= this.opts.maxPoints) {
      this.startBatch();
    } else if (!this.cancelTimer) {
      // maxWaitMs 0: start after the current I/O phase, so every packet aedes parsed from the same socket
      // chunk (submitted synchronously, one after the other) lands in the same batch.
      if (this.opts.maxWaitMs === 0) {
        const h = setImmediate(() => this.startBatch());
        this.cancelTimer = () => clearImmediate(h);
      } else {
        const h = setTimeout(() => this.startBatch(), this.opts.maxWaitMs);
        this.cancelTimer = () => clearTimeout(h);
      }
    }
  }

  private startBatch(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.takeBatch();
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = null;
      // Whatever queued up during the write has already waited one commit: write it now (group commit).
      if (this.queue.length > 0) this.startBatch();
    });
  }

  private takeBatch(): Pending[] {
    let n = 0;
    let points = 0;
    for (const { job } of this.queue) {
      if (n > 0 && points >= this.opts.maxPoints) break;
      points += 'points' in job ? job.points.length : 1;
      n++;
    }
    this.queuedPoints = Math.max(0, this.queuedPoints - points);
    return this.queue.splice(0, n);
  }

  private async write(batch: Pending[]): Promise<void> {
    const storedAtMs = this.opts.now();
    const points: VitalPoint[] = [];
    const letters: DeadLetter[] = [];
    for (const { job } of batch) {
      if ('points' in job) for (const p of job.points) points.push({ ...p, storedAtMs });
      else letters.push(job.deadLetter);
    }
    const started = performance.now();
    try {
      await this.opts.store.writeDeadLetters(letters);
      const result = await this.opts.store.writeBatch(points);
      this.consecutiveFailures = 0;
      this.report({
        points: points.length,
        deadLetters: letters.length,
        durationMs: performance.now() - started,
        result,
      });
      for (const p of batch) p.resolve({ storedAtMs });
    } catch (err) {
      this.consecutiveFailures++;
      const kind = classifyStoreError(err, this.opts.store);
      this.report({
        points: points.length,
        deadLetters: letters.length,
        durationMs: performance.now() - started,
        error: { kind, err },
      });
      const e = new BatchWriteError(kind, err);
      for (const p of batch) p.reject(e);
    }
  }

  private report(info: BatchInfo): void {
    try {
      this.opts.onBatch?.(info);
    } catch {
      // Observers never break the write path.
    }
  }
}
