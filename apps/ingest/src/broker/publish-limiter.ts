/**
 * Per-client publish rate limit by back-pressure (DESIGN.md §13.3). Pure: the caller passes a monotonic clock
 * in ms and turns the answers into delayed `authorizePublish` callbacks.
 *
 * A token bucket per client (`ratePerSecond`, capacity `burst`) that may go into debt: each publish takes one
 * token at once and is released when the bucket would have held it, i.e. after `deficit / rate`. Releases are
 * rounded up to a `tickMs` grid shared by all clients, so the publishes released in one tick reach the
 * BatchWriter together and still form one group commit (DESIGN.md §7). A publish whose release would be more
 * than `maxDelayMs` away is refused instead (the broker closes the connection without PUBACK, the gateway
 * redelivers later: nothing is lost) and takes no token.
 *
 * Order: a client's releases never go backwards (the release time of each publish is at least the previous
 * one's), and while any of its publishes is still waiting (the broker reports each release back through
 * {@link PublishLimiter.released}) a new one queues behind it even if a token is free; so PUBACKs keep the
 * PUBLISH order ([MQTT-4.6.0-2]).
 */
export interface ClientRateLimit {
  /** Sustained publishes per second per client. */
  ratePerSecond: number;
  /** Bucket capacity: publishes a client may send at once after being idle. */
  burst: number;
  /** Longest a publish may wait; beyond it the client is disconnected. Keep well below the keepalive. */
  maxDelayMs: number;
}

/**
 * Defaults (DESIGN.md §13.3): 1,000/s sustained, burst 2,000, at most 10 s of delay. A gateway replays its
 * journal at 200/s by default (apps/gateway DESIGN.md §10: 172,800 readings of a 24 h outage in ~15 min) and
 * produces ~2 readings/s live, so a real gateway is never slowed; one raised to more than 1,000/s drains a
 * full day in ~3 min instead of less.
 */
export const DEFAULT_CLIENT_RATE: ClientRateLimit = {
  ratePerSecond: 1_000,
  burst: 2_000,
  maxDelayMs: 10_000,
};

/** Release grid (ms). 25 ms = 25 publishes per tick per client at 1,000/s. */
export const RELEASE_TICK_MS = 25;

export type Reservation =
  | { action: 'now' }
  | { action: 'at'; releaseAtMs: number; waitMs: number }
  | { action: 'refuse'; waitMs: number };

interface Bucket {
  tokens: number;
  refilledAtMs: number;
  /** Release time of this client's latest delayed publish (monotonic ms), 0 if none. */
  lastReleaseMs: number;
  /** Delayed publishes not released yet. */
  pending: number;
}

/** See the module comment. Keys are client identities (gateway ids); at most `maxClients` are kept. */
export class PublishLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: ClientRateLimit = DEFAULT_CLIENT_RATE,
    private readonly tickMs: number = RELEASE_TICK_MS,
    private readonly maxClients = 200_000,
  ) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1) || !(limit.maxDelayMs >= 0)) {
      throw new RangeError('rate must be > 0, burst ≥ 1, maxDelayMs ≥ 0');
    }
  }

  /** Clients with a bucket (bounded by `maxClients`). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes a token for one publish of `key` at `nowMs`. */
  reserve(key: string, nowMs: number): Reservation {
    const { ratePerSecond, burst, maxDelayMs } = this.limit;
    const b = this.bucket(key, nowMs);
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.refilledAtMs) * ratePerSecond) / 1000);
    b.refilledAtMs = nowMs;
    const tokens = b.tokens - 1;
    const dueMs = tokens >= 0 ? nowMs : nowMs + (-tokens * 1000) / ratePerSecond;
    if (dueMs <= nowMs && b.pending === 0) {
      b.tokens = tokens;
      return { action: 'now' };
    }
    // Behind a still-pending publish of the same client (order), in the same tick when possible.
    const releaseAtMs = Math.max(
      dueMs <= nowMs ? nowMs : Math.ceil(dueMs / this.tickMs) * this.tickMs,
      b.lastReleaseMs,
    );
    const waitMs = Math.max(0, releaseAtMs - nowMs);
    if (waitMs > maxDelayMs) return { action: 'refuse', waitMs };
    b.tokens = tokens;
    b.lastReleaseMs = releaseAtMs;
    b.pending++;
    return { action: 'at', releaseAtMs, waitMs };
  }

  /** The broker released (or dropped) one delayed publish of `key`. */
  released(key: string): void {
    const b = this.buckets.get(key);
    if (b && b.pending > 0) b.pending--;
  }

  /** Delayed publishes of `key` not released yet. */
  pendingOf(key: string): number {
    return this.buckets.get(key)?.pending ?? 0;
  }

  private bucket(key: string, nowMs: number): Bucket {
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key); // LRU: re-inserted below as the newest
    } else {
      b = { tokens: this.limit.burst, refilledAtMs: nowMs, lastReleaseMs: 0, pending: 0 };
    }
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxClients) {
      // The least recently used client has been idle the longest: its bucket is (nearly) full, which is
      // what a new bucket holds anyway. One with publishes still waiting is kept (it is never idle long).
      let scanned = 0;
      for (const [k, old] of this.buckets) {
        if (k !== key && old.pending === 0) {
          this.buckets.delete(k);
          break;
        }
        if (++scanned >= 32) break;
      }
    }
    return b;
  }
}
