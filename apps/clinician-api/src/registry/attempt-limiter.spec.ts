import { describe, expect, it } from '@jest/globals';
import { AttemptLimiter } from './attempt-limiter.js';

describe('AttemptLimiter', () => {
  it('allows `max` attempts per window, then refuses until the window ends', () => {
    const limiter = new AttemptLimiter(3, 60_000);
    expect([0, 1, 2].map((i) => limiter.take('10.0.0.1', i).ok)).toEqual([true, true, true]);
    expect(limiter.take('10.0.0.1', 30_000)).toEqual({
      ok: false,
      retryAfterSeconds: 30,
      firstRefusal: true,
    });
    expect(limiter.take('10.0.0.1', 59_999)).toEqual({
      ok: false,
      retryAfterSeconds: 1,
      firstRefusal: false,
    });
    expect(limiter.take('10.0.0.1', 60_000)).toEqual({ ok: true });
  });

  it('counts each source address on its own', () => {
    const limiter = new AttemptLimiter(1, 60_000);
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(false);
    expect(limiter.take('b', 1).ok).toBe(true);
  });

  it('starts a new window when the clock went backwards', () => {
    const limiter = new AttemptLimiter(1, 60_000);
    expect(limiter.take('a', 100_000).ok).toBe(true);
    expect(limiter.take('a', 50_000).ok).toBe(true);
  });

  it('tracks a bounded number of addresses, dropping the oldest window first', () => {
    const limiter = new AttemptLimiter(1, 60_000, 100);
    limiter.take('first', 0);
    for (let i = 0; i < 1000; i++) limiter.take(`flood-${i}`, 1);
    expect(limiter.size).toBe(100);
    // 'first' was forgotten, so it gets a fresh window.
    expect(limiter.take('first', 2).ok).toBe(true);
  });
});
