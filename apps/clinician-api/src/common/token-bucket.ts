/**
 * A token bucket, pure: state in, state out. Shared by the global request rate limit (common/rate-limit.ts,
 * burst = a minute's worth) and the per-address sign-in throttle (auth/login-throttle.ts).
 */
export interface Bucket {
  readonly tokens: number;
  readonly updatedMs: number;
}

export interface RatePolicy {
  /** Tokens added per minute. */
  readonly perMinute: number;
  /** Bucket size: attempts possible in a burst after a quiet period. */
  readonly burst: number;
}

export type TakeResult =
  | { readonly allowed: true; readonly bucket: Bucket }
  | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterSeconds: number };

/** The bucket after refilling for the elapsed time (a new address starts full). */
export function refill(bucket: Bucket | undefined, nowMs: number, policy: RatePolicy): Bucket {
  if (!bucket) return { tokens: policy.burst, updatedMs: nowMs };
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  const tokens = Math.min(policy.burst, bucket.tokens + (elapsed * policy.perMinute) / 60_000);
  return { tokens, updatedMs: nowMs };
}

/** Takes one token if there is one; otherwise says how many whole seconds until there will be. */
export function takeToken(bucket: Bucket | undefined, nowMs: number, policy: RatePolicy): TakeResult {
  const b = refill(bucket, nowMs, policy);
  if (b.tokens >= 1) return { allowed: true, bucket: { tokens: b.tokens - 1, updatedMs: nowMs } };
  const waitMs = ((1 - b.tokens) * 60_000) / policy.perMinute;
  return { allowed: false, bucket: b, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * One bucket per key (a caller, an address), in memory and per process. Idle (refilled) buckets are dropped
 * once a minute, a bounded cost per request (a sweep on size would scan every key on every request in a flood).
 */
export class BucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs: number;

  constructor(
    readonly policy: RatePolicy,
    private readonly nowMs: () => number,
  ) {
    this.lastSweepMs = nowMs();
  }

  take(key: string): TakeResult {
    const now = this.nowMs();
    if (now - this.lastSweepMs >= 60_000) this.sweep(now);
    const result = takeToken(this.buckets.get(key), now, this.policy);
    this.buckets.set(key, result.bucket);
    return result;
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.lastSweepMs = now;
    for (const [key, bucket] of this.buckets) {
      if (refill(bucket, now, this.policy).tokens >= this.policy.burst) this.buckets.delete(key);
    }
  }
}
