import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket (replay rate, DESIGN.md §10)', () => {
  it('grants a burst of a tenth of a second, then the rate', () => {
    const b = new TokenBucket(200, 0);
    expect(b.take(1000, 0)).toBe(20);
    expect(b.take(1, 0)).toBe(0);
    expect(b.waitMs(0)).toBe(5);
    expect(b.take(1000, 50)).toBe(10);
    expect(b.take(1000, 1050)).toBe(20); // capped at the burst however long the pause
  });

  it('is unlimited at Infinity', () => {
    const b = new TokenBucket(Number.POSITIVE_INFINITY, 0);
    expect(b.take(1e6, 0)).toBe(1e6);
    expect(b.waitMs(0)).toBe(0);
  });

  it('applies a new rate at once', () => {
    const b = new TokenBucket(1000, 0);
    b.take(1000, 0);
    b.setRate(10, 0);
    expect(b.take(100, 1000)).toBe(1);
    expect(b.ratePerSecond).toBe(10);
  });

  it('never grants more than burst + rate × elapsed over any schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 500 })), {
          maxLength: 200,
        }),
        (rate, steps) => {
          const b = new TokenBucket(rate, 0);
          let now = 0;
          let granted = 0;
          for (const [dt, want] of steps) {
            now += dt;
            granted += b.take(want, now);
          }
          expect(granted).toBeLessThanOrEqual(
            TokenBucket.burstFor(rate) + Math.floor((rate * now) / 1000) + 1,
          );
        },
      ),
    );
  });
});
