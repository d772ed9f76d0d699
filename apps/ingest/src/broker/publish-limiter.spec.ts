import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PublishLimiter, type Reservation } from './publish-limiter.js';
import { ReleaseQueue } from './release-queue.js';

const LIMIT = { ratePerSecond: 100, burst: 10, maxDelayMs: 1_000 };

describe('PublishLimiter', () => {
  it('lets a burst through at once, then releases at the rate on the tick grid', () => {
    const l = new PublishLimiter(LIMIT, 25);
    const r = Array.from({ length: 16 }, () => l.reserve('gw-a', 1_000));
    expect(r.slice(0, 10).every((x) => x.action === 'now')).toBe(true);
    // 11th: 1 token short at 100/s = 10 ms → next tick 1025; 12th: 20 ms → 1025; 13th: 30 ms → 1050 …
    expect(r.slice(10).map((x) => (x.action === 'at' ? x.releaseAtMs : x.action))).toEqual([
      1025, 1025, 1050, 1050, 1050, 1075,
    ]);
    expect(l.pendingOf('gw-a')).toBe(6);
  });

  it('refuses a publish that would wait longer than maxDelayMs, without taking a token', () => {
    const l = new PublishLimiter({ ratePerSecond: 10, burst: 1, maxDelayMs: 250 }, 25);
    expect(l.reserve('gw-a', 0).action).toBe('now');
    expect(l.reserve('gw-a', 0)).toEqual({ action: 'at', releaseAtMs: 100, waitMs: 100 });
    expect(l.reserve('gw-a', 0)).toEqual({ action: 'at', releaseAtMs: 200, waitMs: 200 });
    expect(l.reserve('gw-a', 0)).toEqual({ action: 'refuse', waitMs: 300 });
    expect(l.reserve('gw-a', 0)).toEqual({ action: 'refuse', waitMs: 300 }); // the refusal took nothing
    expect(l.pendingOf('gw-a')).toBe(2);
  });

  it('keeps clients independent', () => {
    const l = new PublishLimiter(LIMIT, 25);
    for (let i = 0; i < 30; i++) l.reserve('flooder', 0);
    expect(l.reserve('quiet', 0)).toEqual({ action: 'now' });
  });

  it('queues a publish behind a pending one of the same client even when a token is free (order)', () => {
    const l = new PublishLimiter({ ratePerSecond: 100, burst: 1, maxDelayMs: 1_000 }, 25);
    l.reserve('gw-a', 0);
    const second = l.reserve('gw-a', 0);
    expect(second).toEqual({ action: 'at', releaseAtMs: 25, waitMs: 25 });
    // 30 ms later the bucket holds a token again, but the second publish has not been released yet.
    expect(l.reserve('gw-a', 30)).toMatchObject({ action: 'at', releaseAtMs: 30 });
    l.released('gw-a');
    l.released('gw-a');
    expect(l.reserve('gw-a', 1_000)).toEqual({ action: 'now' });
  });

  it('bounds the clients it remembers', () => {
    const l = new PublishLimiter(LIMIT, 25, 100);
    for (let n = 0; n < 1_000; n++) l.reserve(`gw-${n}`, n);
    expect(l.size).toBe(100);
  });

  it('never reorders a client, never exceeds rate × time + burst, never delays beyond the bound (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.integer({ min: 1, max: 2_000 }),
          burst: fc.integer({ min: 1, max: 100 }),
          maxDelayMs: fc.integer({ min: 0, max: 5_000 }),
          tick: fc.integer({ min: 1, max: 100 }),
        }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 200 }), n: fc.integer({ min: 1, max: 50 }) }), {
          maxLength: 40,
        }),
        ({ rate, burst, maxDelayMs, tick }, steps) => {
          const l = new PublishLimiter({ ratePerSecond: rate, burst, maxDelayMs }, tick);
          let now = 0;
          let last = Number.NEGATIVE_INFINITY;
          const releases: number[] = [];
          let waiting: number[] = []; // release times not yet reported back, as the broker would
          for (const s of steps) {
            now += s.dt;
            for (let k = waiting.filter((w) => w <= now).length; k > 0; k--) l.released('gw');
            waiting = waiting.filter((w) => w > now);
            for (let i = 0; i < s.n; i++) {
              const r: Reservation = l.reserve('gw', now);
              if (r.action === 'refuse') {
                if (r.waitMs <= maxDelayMs) return false;
                continue;
              }
              const at = r.action === 'now' ? now : r.releaseAtMs;
              if (r.action === 'at' && r.waitMs > maxDelayMs) return false;
              if (at < last) return false; // order
              last = at;
              releases.push(at);
              if (r.action === 'at') waiting.push(at);
            }
          }
          // Token bucket bound: by any release time T, at most burst + rate·T/1000 publishes were released.
          return releases.every((t, i) => i + 1 <= burst + (rate * t) / 1000 + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ReleaseQueue', () => {
  it('runs entries in time then insertion order, those of one time together', async () => {
    let now = 0;
    const q = new ReleaseQueue(() => now);
    const ran: string[] = [];
    q.at(50, () => ran.push('b1'));
    q.at(25, () => ran.push('a1'));
    q.at(50, () => ran.push('b2'));
    q.at(25, () => ran.push('a2'));
    expect(q.size).toBe(4);
    now = 60; // both times are due when the timer fires
    await new Promise<void>((resolve) => q.at(60, resolve));
    expect(ran).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(q.size).toBe(0);
  });

  it('runAll runs everything at once, in order', () => {
    const q = new ReleaseQueue(() => 0);
    const ran: number[] = [];
    for (const t of [300, 100, 200, 100]) q.at(t, () => ran.push(t));
    q.runAll();
    expect(ran).toEqual([100, 100, 200, 300]);
    expect(q.size).toBe(0);
  });
});
