import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay } from './backoff.js';

const policy = { baseMs: 500, capMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles per attempt between half and the full exponential delay', () => {
    expect(backoffDelay(0, policy, 0)).toBe(250);
    expect(backoffDelay(0, policy, 1)).toBe(500);
    expect(backoffDelay(3, policy, 0)).toBe(2000);
    expect(backoffDelay(3, policy, 1)).toBe(4000);
  });

  it('never exceeds the cap, even for huge attempt counts', () => {
    expect(backoffDelay(1000, policy, 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(1000, policy, 0)).toBe(15_000);
  });

  it('stays within [exp/2, cap] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (a, r) => {
        const d = backoffDelay(a, policy, r);
        return d >= 250 && d <= 30_000;
      }),
    );
  });
});
