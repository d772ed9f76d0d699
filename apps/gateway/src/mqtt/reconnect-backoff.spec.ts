import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  checkReconnectPolicy,
  DEFAULT_RECONNECT_POLICY,
  fullJitterDelayMs,
  ReconnectBackoff,
  type ReconnectPolicy,
} from './reconnect-backoff.js';
import { resolveReconnectPolicy } from './reconnect.js';

const policy = { baseMs: 1_000, capMs: 60_000 };
const policyArb = fc
  .record({ baseMs: fc.integer({ min: 1, max: 10_000 }), extra: fc.integer({ min: 0, max: 600_000 }) })
  .map(({ baseMs, extra }) => ({ baseMs, capMs: baseMs + extra }));
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** A random source replaying `values` in a loop. */
const sequence =
  (...values: number[]) =>
  (): number => {
    const v = values.shift() ?? 0;
    values.push(v);
    return v;
  };

describe('fullJitterDelayMs', () => {
  it('draws from (0, base × 2^attempt] and stops growing at the cap', () => {
    expect(fullJitterDelayMs(0, policy, 0.999_999)).toBe(1_000);
    expect(fullJitterDelayMs(0, policy, 0.5)).toBe(500);
    expect(fullJitterDelayMs(1, policy, 0.5)).toBe(1_000);
    expect(fullJitterDelayMs(5, policy, 0.5)).toBe(16_000);
    expect(fullJitterDelayMs(6, policy, 0.999_999)).toBe(60_000); // 64 s capped
    expect(fullJitterDelayMs(1e6, policy, 0.25)).toBe(15_000);
  });

  it('never returns 0, which MQTT.js would read as "never reconnect"', () => {
    expect(fullJitterDelayMs(0, policy, 0)).toBe(1);
    expect(fullJitterDelayMs(0, { baseMs: 1, capMs: 1 }, 0)).toBe(1);
  });

  it('stays a whole number in [1, min(cap, base × 2^attempt)] for any attempt and random value', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 10_000 }), unit, (p, attempt, r) => {
        const d = fullJitterDelayMs(attempt, p, r);
        const bound = Math.min(p.capMs, p.baseMs * 2 ** Math.min(attempt, 52));
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it('is monotonic in the random value and in the attempt', () => {
    fc.assert(
      fc.property(policyArb, fc.nat(64), unit, unit, (p, attempt, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(fullJitterDelayMs(attempt, p, lo)).toBeLessThanOrEqual(fullJitterDelayMs(attempt, p, hi));
        expect(fullJitterDelayMs(attempt, p, a)).toBeLessThanOrEqual(fullJitterDelayMs(attempt + 1, p, a));
      }),
    );
  });

  it('spreads a fleet: delays of many gateways at the same attempt cover the whole window', () => {
    const delays = Array.from({ length: 1_000 }, (_, i) => fullJitterDelayMs(3, policy, (i + 0.5) / 1_000));
    expect(Math.min(...delays)).toBeLessThanOrEqual(5);
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(7_995);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    // Evenly spread: each eighth of the 8 s window gets an eighth of the fleet.
    const perEighth = new Array<number>(8).fill(0);
    for (const d of delays) {
      const i = Math.min(7, Math.floor(d / 1_000));
      perEighth[i] = (perEighth[i] ?? 0) + 1;
    }
    expect(perEighth).toEqual(new Array<number>(8).fill(125));
  });

  it('clamps garbage input instead of throwing', () => {
    expect(fullJitterDelayMs(-3, policy, 0.5)).toBe(500);
    expect(fullJitterDelayMs(Number.NaN, policy, 0.5)).toBe(30_000);
    expect(fullJitterDelayMs(2, policy, Number.NaN)).toBe(4_000);
    expect(fullJitterDelayMs(2, policy, 7)).toBe(4_000);
    expect(fullJitterDelayMs(2, policy, -1)).toBe(1);
  });
});

describe('ReconnectBackoff', () => {
  it('grows with each attempt, and starts over once a connection was stable', () => {
    const b = new ReconnectBackoff({ ...policy, stableMs: 10_000 }, () => 0.5);
    expect(b.delay()).toBe(500); // first connect fails → retry after 0.5 s
    expect([b.onAttempt(), b.onAttempt(), b.onAttempt()]).toEqual([1_000, 2_000, 4_000]);
    expect(b.attempt).toBe(3);
    expect(b.onConnected()).toBe(4_000); // connected but not yet stable: a drop continues the backoff
    expect(b.onAttempt()).toBe(8_000);
    expect(b.onConnected()).toBe(8_000);
    expect(b.onStable()).toBe(500);
    expect(b.attempt).toBe(0);
    for (let i = 0; i < 20; i++) b.onAttempt();
    expect(b.delay()).toBe(30_000); // capped at 60 s, × 0.5
  });

  it('draws fresh jitter each time', () => {
    const b = new ReconnectBackoff({ ...policy, stableMs: 0 }, sequence(0.1, 0.9));
    expect([b.delay(), b.delay(), b.onAttempt(), b.onAttempt()]).toEqual([100, 900, 200, 3_600]);
  });

  it('delays a flapping connection (up, then dropped at once) ever longer, never resetting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (flaps) => {
        const b = new ReconnectBackoff({ ...policy, stableMs: 10_000 }, () => 0.999_999);
        let last = 0;
        for (let i = 0; i < flaps; i++) {
          const d = b.onAttempt();
          expect(d).toBeGreaterThanOrEqual(last);
          last = b.onConnected();
        }
        expect(b.attempt).toBe(flaps);
        expect(last).toBe(Math.min(60_000, 1_000 * 2 ** flaps));
      }),
    );
  });

  it('refuses an invalid policy, naming the field', () => {
    const bad: Array<[Partial<ReconnectPolicy>, RegExp]> = [
      [{ baseMs: 0 }, /baseMs/],
      [{ baseMs: 1.5 }, /baseMs/],
      [{ capMs: 500 }, /capMs/],
      [{ stableMs: -1 }, /stableMs/],
    ];
    for (const [patch, re] of bad) {
      expect(() => new ReconnectBackoff({ ...DEFAULT_RECONNECT_POLICY, ...patch })).toThrow(re);
    }
    expect(checkReconnectPolicy({ baseMs: 5, capMs: 5, stableMs: 0 })).toEqual({
      baseMs: 5,
      capMs: 5,
      stableMs: 0,
    });
  });
});

describe('resolveReconnectPolicy', () => {
  it('defaults to 1 s doubling to 60 s, reset after 10 s up', () => {
    expect(resolveReconnectPolicy({})).toEqual({ baseMs: 1_000, capMs: 60_000, stableMs: 10_000 });
  });

  it('reads reconnectPeriodMs as a fixed bound and lets reconnect fields override', () => {
    expect(resolveReconnectPolicy({ reconnectPeriodMs: 100 })).toEqual({
      baseMs: 100,
      capMs: 100,
      stableMs: 0,
    });
    expect(resolveReconnectPolicy({ reconnectPeriodMs: 100, reconnect: { capMs: 800 } })).toEqual({
      baseMs: 100,
      capMs: 800,
      stableMs: 0,
    });
    expect(resolveReconnectPolicy({ reconnect: { baseMs: 250 } })).toEqual({
      baseMs: 250,
      capMs: 60_000,
      stableMs: 10_000,
    });
    expect(() => resolveReconnectPolicy({ reconnectPeriodMs: 0 })).toThrow(RangeError);
  });
});
