import {
  backoffDelay,
  classifyFeedResponse,
  DEFAULT_BACKOFF,
  feedUrl,
  type BackoffPolicy,
  type FeedOutcome,
  type SyncFailureReason,
} from './feed-protocol.js';
import { CachedRegistry, type CachedRegistryOptions } from './registry-cache.js';

export interface HttpRegistryOptions extends CachedRegistryOptions {
  /** `INGEST_REGISTRY_URL`: the clinician API's feed endpoint, e.g. `http://api:8080/internal/v1/registry`. */
  url: string;
  /** `INGEST_REGISTRY_TOKEN`: bearer token of the feed (the API's `API_REGISTRY_FEED_TOKEN`). */
  token: string;
  /** Long-poll hold asked of the API (≤ 30). Default 25 s. */
  waitSeconds?: number;
  /** Budget of the first request at boot, before falling back to the cache. Default 5 s. */
  initialTimeoutMs?: number;
  /** Time allowed beyond the requested hold before a long-poll counts as timed out. Default 10 s. */
  requestSlackMs?: number;
  backoff?: BackoffPolicy;
  /** Wall clock (ms) for the last-sync gauge. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

const DEFAULT_WAIT_SECONDS = 25;
const DEFAULT_REQUEST_SLACK_MS = 10_000;

class Stopped extends Error {}

/**
 * Registry adapter over the clinician API's feed (DESIGN.md §8.1): one long-poll at a time, newer snapshots
 * applied and cached on disk (shared with the file adapter), exponential backoff with jitter on failure, and
 * the cached copy at boot when the API cannot be reached.
 */
export class HttpRegistry extends CachedRegistry {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private inflight: AbortController | null = null;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private failuresInARow = 0;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: HttpRegistryOptions) {
    super(opts);
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /**
   * Asks the API once (no hold); if that fails or is invalid, applies the cached copy. Then follows the feed in
   * the background. Never throws on an unreachable API: gateways are then served from the cache, or refused
   * with CONNACK 3 when there is none.
   */
  async start(): Promise<void> {
    await this.ensureDataDir();
    const first = await this.pollOnce(0, this.opts.initialTimeoutMs ?? 5000);
    if (!this.isLoaded()) await this.loadCache();
    if (this.stopped) return;
    this.loop = this.follow(first === 'ok' ? 0 : 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inflight?.abort(new Stopped());
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
    await this.loop;
    await this.flushCache();
  }

  /** Consecutive failed polls (0 after any success). */
  get failures(): number {
    return this.failuresInARow;
  }

  private async follow(initialFailures: number): Promise<void> {
    this.failuresInARow = initialFailures;
    const waitSeconds = this.opts.waitSeconds ?? DEFAULT_WAIT_SECONDS;
    while (!this.stopped) {
      if (this.failuresInARow > 0) {
        await this.sleep(
          backoffDelay(this.failuresInARow, this.random(), this.opts.backoff ?? DEFAULT_BACKOFF),
        );
        if (this.stopped) return;
      }
      await this.pollOnce(
        waitSeconds,
        waitSeconds * 1000 + (this.opts.requestSlackMs ?? DEFAULT_REQUEST_SLACK_MS),
      );
    }
  }

  /** One request; updates metrics and the failure count. */
  private async pollOnce(waitSeconds: number, timeoutMs: number): Promise<'ok' | 'failed' | 'stopped'> {
    const outcome = await this.request(waitSeconds, timeoutMs);
    if (outcome === null) return 'stopped';
    if (outcome.kind === 'failure') {
      this.fail(outcome.reason, outcome.detail);
      return 'failed';
    }
    // Record the successful sync before applying, so whoever sees the new version also sees the sync.
    if (this.failuresInARow > 0) {
      this.opts.logger.info({ version: this.version() }, 'registry feed reachable again');
    }
    this.failuresInARow = 0;
    this.opts.metrics.registryLastSync.set(this.now() / 1000);
    if (outcome.kind === 'snapshot') await this.accept(outcome.snapshot, 'feed');
    return 'ok';
  }

  /** Performs the HTTP request; null when stopped meanwhile. */
  private async request(waitSeconds: number, timeoutMs: number): Promise<FeedOutcome | null> {
    if (this.stopped) return null;
    const controller = new AbortController();
    this.inflight = controller;
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    try {
      const res = await fetch(feedUrl(this.opts.url, this.version(), waitSeconds), {
        headers: { authorization: `Bearer ${this.opts.token}`, accept: 'application/json' },
        signal: controller.signal,
      });
      const body = await res.text();
      return classifyFeedResponse(res.status, body);
    } catch (e) {
      if (controller.signal.reason instanceof Stopped) return null;
      if (controller.signal.aborted)
        return { kind: 'failure', reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
      return { kind: 'failure', reason: 'unreachable', detail: errorCode(e) };
    } finally {
      clearTimeout(timer);
      this.inflight = null;
    }
  }

  private fail(reason: SyncFailureReason, detail: string): void {
    this.opts.metrics.registrySyncFailures.inc({ reason });
    this.failuresInARow += 1;
    // One warning per outage (then debug), so a long API outage does not flood the log.
    const level = this.failuresInARow === 1 ? 'warn' : 'debug';
    this.opts.logger[level](
      { reason, detail, failures: this.failuresInARow, version: this.version() },
      'registry feed sync failed; serving the last applied snapshot',
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.sleeping = null;
        resolve();
      };
      this.sleeping = { timer: setTimeout(wake, ms), wake };
    });
  }
}

/** A network error's code (ECONNREFUSED, …) without its message, which may carry the URL. */
function errorCode(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return e instanceof Error ? e.name : 'unknown';
}
