import { describe, expect, it } from '@jest/globals';
import { refill, takeToken, type Bucket } from './token-bucket.js';

const policy = { perMinute: 10, burst: 20 };

function drain(n: number, nowMs: number, start?: Bucket): { bucket: Bucket | undefined; allowed: number } {
  let bucket = start;
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    const r = takeToken(bucket, nowMs, policy);
    bucket = r.bucket;
    if (r.allowed) allowed++;
  }
  return { bucket, allowed };
}

describe('takeToken', () => {
  it('allows a burst of 20 from a new address, then refuses with Retry-After 6 s (10/min)', () => {
    const { bucket, allowed } = drain(20, 0);
    expect(allowed).toBe(20);
    const r = takeToken(bucket, 0, policy);
    expect(r).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
  });

  it('refills at 10 per minute: one more attempt after 6 s, ten after a minute', () => {
    const { bucket } = drain(20, 0);
    expect(takeToken(bucket, 5_999, policy).allowed).toBe(false);
    expect(takeToken(bucket, 6_000, policy).allowed).toBe(true);
    expect(drain(11, 60_000, bucket).allowed).toBe(10);
  });

  it('never refills above the burst size and ignores a clock going backwards', () => {
    expect(refill({ tokens: 3, updatedMs: 0 }, 3_600_000, policy).tokens).toBe(20);
    expect(refill({ tokens: 3, updatedMs: 10_000 }, 0, policy).tokens).toBe(3);
  });
});
