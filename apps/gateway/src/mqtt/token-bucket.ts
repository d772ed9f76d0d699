/**
 * Token bucket for the replay rate (DESIGN.md §10). Pure: the caller passes the monotonic time in ms.
 * `rate` tokens per second, at most `burst` stored; `Infinity` = unlimited.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private rate: number;
  private burst: number;

  constructor(ratePerSecond: number, now: number) {
    this.rate = ratePerSecond;
    this.burst = TokenBucket.burstFor(ratePerSecond);
    this.tokens = this.burst;
    this.last = now;
  }

  /** Burst = a tenth of a second of tokens, at least one. */
  static burstFor(rate: number): number {
    return Number.isFinite(rate) ? Math.max(1, Math.floor(rate / 10)) : Number.POSITIVE_INFINITY;
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  /** Changes the rate; tokens already earned are kept up to the new burst. */
  setRate(ratePerSecond: number, now: number): void {
    this.refill(now);
    this.rate = ratePerSecond;
    this.burst = TokenBucket.burstFor(ratePerSecond);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Takes up to `wanted` whole tokens now; returns how many were granted. */
  take(wanted: number, now: number): number {
    if (!Number.isFinite(this.rate)) return wanted;
    this.refill(now);
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= granted;
    return granted;
  }

  /** Ms until at least one token is available (0 if one is). */
  waitMs(now: number): number {
    if (!Number.isFinite(this.rate)) return 0;
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
  }
}
