/** Enrolment attempts allowed per source address in one window (an installer enrolling several gateways). */
export const ENROLL_MAX_ATTEMPTS = 20;
export const ENROLL_WINDOW_MS = 15 * 60_000;
/** Addresses tracked at most; the oldest window is dropped first, so memory stays bounded under a flood. */
export const ENROLL_MAX_TRACKED = 10_000;

export type LimitDecision =
  | { ok: true }
  | {
      ok: false;
      retryAfterSeconds: number;
      /** True for the first refusal of the window (audit that one, not the whole flood). */
      firstRefusal: boolean;
    };

interface Window {
  startMs: number;
  count: number;
  refused: boolean;
}

/**
 * A fixed-window attempt counter per key (source address). In memory and per process: it caps what one
 * address can try against this instance, which is its job; a fleet behind a load balancer divides the
 * budget, it does not multiply it per request. No clock of its own: callers pass `nowMs`.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly max = ENROLL_MAX_ATTEMPTS,
    private readonly windowMs = ENROLL_WINDOW_MS,
    private readonly maxTracked = ENROLL_MAX_TRACKED,
  ) {}

  /** Counts one attempt by `key` at `nowMs` and says whether it may proceed. */
  take(key: string, nowMs: number): LimitDecision {
    let w = this.windows.get(key);
    if (!w || nowMs - w.startMs >= this.windowMs || nowMs < w.startMs) {
      this.windows.delete(key);
      w = { startMs: nowMs, count: 0, refused: false };
      this.windows.set(key, w);
      this.evict();
    }
    if (w.count < this.max) {
      w.count++;
      return { ok: true };
    }
    const firstRefusal = !w.refused;
    w.refused = true;
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((w.startMs + this.windowMs - nowMs) / 1000)),
      firstRefusal,
    };
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  private evict(): void {
    // Map keeps insertion order and a new window is re-inserted, so the first key has the oldest window.
    while (this.windows.size > this.maxTracked) {
      const oldest = this.windows.keys().next();
      if (oldest.done) return;
      this.windows.delete(oldest.value);
    }
  }
}
