import { describe, expect, it } from '@jest/globals';
import { isRateLimitExempt, rateLimitKey, RateLimiter } from './rate-limit.js';
import { takeToken as take, type Bucket, type TakeResult } from './token-bucket.js';

/** The global limit's bucket: a minute's worth of burst. */
const takeToken = (bucket: Bucket | undefined, nowMs: number, perMinute: number): TakeResult =>
  take(bucket, nowMs, { perMinute, burst: perMinute });

function jwtWith(payload: object): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(payload)}.c2ln`;
}

describe('token bucket of the global limit (burst = perMinute)', () => {
  it('lets a new caller burst a full minute of requests, then refuses with the wait for one token', () => {
    let bucket;
    for (let i = 0; i < 60; i++) {
      const r = takeToken(bucket, 1_000, 60);
      expect(r.allowed).toBe(true);
      bucket = r.bucket;
    }
    const refused = takeToken(bucket, 1_000, 60);
    expect(refused).toEqual({
      allowed: false,
      bucket: { tokens: 0, updatedMs: 1_000 },
      retryAfterSeconds: 1,
    });
  });

  it('refills continuously at perMinute/60 per second and never above perMinute', () => {
    const empty = { tokens: 0, updatedMs: 0 };
    expect(takeToken(empty, 500, 60).allowed).toBe(false); // half a token
    expect(takeToken(empty, 1_000, 60)).toEqual({ allowed: true, bucket: { tokens: 0, updatedMs: 1_000 } });
    expect(takeToken(empty, 3_600_000, 60).bucket.tokens).toBe(59);
  });

  it('rounds Retry-After up to whole seconds (at 6/min a token takes 10 s)', () => {
    const r = takeToken({ tokens: 0.25, updatedMs: 0 }, 0, 6);
    expect(r).toMatchObject({ allowed: false, retryAfterSeconds: 8 });
  });

  it('ignores a clock that went backwards', () => {
    expect(takeToken({ tokens: 0, updatedMs: 5_000 }, 1_000, 60).allowed).toBe(false);
  });
});

describe('rateLimitKey', () => {
  it('keys a bearer JWT by its subject and anything else by the address', () => {
    expect(rateLimitKey(`Bearer ${jwtWith({ sub: 'u-nurse' })}`, '10.0.0.1')).toBe('user:u-nurse');
    expect(rateLimitKey('Bearer opaque-service-token', '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitKey(`Bearer ${jwtWith({ sub: 42 })}`, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitKey(`Bearer ${jwtWith({ sub: 'x'.repeat(129) })}`, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitKey('Bearer a.!!!.c', '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitKey(undefined, undefined)).toBe('ip:unknown');
  });

  it('exempts only health and metrics', () => {
    expect(isRateLimitExempt('/api/health')).toBe(true);
    expect(isRateLimitExempt('/api/metrics')).toBe(true);
    expect(isRateLimitExempt('/api/health/x')).toBe(false);
    expect(isRateLimitExempt('/api/me')).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('keeps one bucket per key and drops refilled buckets after a minute', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].map((r) => r.allowed)).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.size).toBe(2);
    now = 120_000;
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.size).toBe(1);
  });
});
