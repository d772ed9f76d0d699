import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuthThrottle, addressKey, type AuthThrottlePolicy } from './auth-throttle.js';

const POLICY: AuthThrottlePolicy = {
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  windowMs: 60_000,
  blockMs: 30_000,
  usernameBlockAfter: 5,
  addressBlockAfter: 20,
  maxEntries: 1_000,
};
const A = { address: '203.0.113.7', username: 'gw-a' };

describe('AuthThrottle', () => {
  it('delays each failure twice as long as the previous one, up to the cap', () => {
    const t = new AuthThrottle({ ...POLICY, usernameBlockAfter: 100 });
    const delays = Array.from({ length: 7 }, (_, i) => t.failed(A, i).delayMs);
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('blocks a username after N failures in the window, for blockMs, without touching other usernames', () => {
    const t = new AuthThrottle(POLICY);
    for (let i = 0; i < 4; i++) expect(t.failed(A, 1000 + i).blocked).toEqual([]);
    const fifth = t.failed(A, 1004);
    expect(fifth).toMatchObject({ blocked: ['username'], delayMs: POLICY.maxDelayMs });
    expect(t.check(A, 1005)).toEqual({
      blocked: true,
      dimension: 'username',
      delayMs: POLICY.maxDelayMs,
      retryAfterMs: 30_000 - 1,
    });
    // Another gateway from another address is not affected; from the same address neither (address N is 20).
    expect(t.check({ address: '198.51.100.1', username: 'gw-b' }, 1005)).toEqual({ blocked: false });
    expect(t.check({ address: A.address, username: 'gw-b' }, 1005)).toEqual({ blocked: false });
    // The block ends on time.
    expect(t.check(A, 1004 + 30_000 - 1).blocked).toBe(true);
    expect(t.check(A, 1004 + 30_000)).toEqual({ blocked: false });
  });

  it('blocks an address spraying many usernames (address dimension)', () => {
    const t = new AuthThrottle(POLICY);
    let verdict;
    for (let i = 0; i < 20; i++) verdict = t.failed({ address: A.address, username: null }, i);
    expect(verdict?.blocked).toEqual(['address']);
    expect(t.check({ address: A.address, username: 'gw-anyone' }, 21)).toMatchObject({
      blocked: true,
      dimension: 'address',
    });
    expect(t.check({ address: '203.0.113.8', username: null }, 21)).toEqual({ blocked: false });
  });

  it('forgets failures once the window has passed', () => {
    const t = new AuthThrottle(POLICY);
    for (let i = 0; i < 4; i++) t.failed(A, i);
    expect(t.failed(A, 60_000 + 3).delayMs).toBe(100); // a new window: first failure again
    expect(t.failed(A, 60_000 + 4).blocked).toEqual([]);
  });

  it('clears both keys on success', () => {
    const t = new AuthThrottle(POLICY);
    for (let i = 0; i < 4; i++) t.failed(A, i);
    t.succeeded(A);
    expect(t.failed(A, 10).delayMs).toBe(100);
    for (let i = 0; i < 3; i++) t.failed(A, 11 + i);
    expect(t.check(A, 20)).toEqual({ blocked: false });
  });

  it('blocks again after a block if failures continue', () => {
    const t = new AuthThrottle(POLICY);
    for (let i = 0; i < 5; i++) t.failed(A, i);
    const after = 4 + 30_000;
    expect(t.check(A, after).blocked).toBe(false);
    for (let i = 0; i < 4; i++) expect(t.failed(A, after + i).blocked).toEqual([]);
    expect(t.failed(A, after + 4).blocked).toEqual(['username']);
  });

  it('keeps at most maxEntries keys per dimension and prefers evicting unblocked ones', () => {
    const t = new AuthThrottle({ ...POLICY, maxEntries: 10 });
    for (let i = 0; i < 5; i++) t.failed(A, i); // gw-a blocked, the oldest username entry
    for (let n = 0; n < 500; n++)
      t.failed({ address: `10.0.${n >> 8}.${n & 255}`, username: `gw-${n}` }, 10 + n);
    expect(t.sizes).toEqual({ address: 10, username: 10 });
    expect(t.check(A, 600)).toMatchObject({ blocked: true, dimension: 'username' });
  });

  it('stays bounded and never yields a negative or over-cap delay (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            addr: fc.integer({ min: 0, max: 40 }),
            user: fc.option(fc.integer({ min: 0, max: 40 })),
            ok: fc.boolean(),
            dt: fc.integer({ min: 0, max: 20_000 }),
          }),
          { maxLength: 300 },
        ),
        (steps) => {
          const t = new AuthThrottle({ ...POLICY, maxEntries: 16 });
          let now = 0;
          for (const s of steps) {
            now += s.dt;
            const keys = { address: `10.0.0.${s.addr}`, username: s.user === null ? null : `gw-${s.user}` };
            const gate = t.check(keys, now);
            if (gate.blocked) {
              expect(gate.retryAfterMs).toBeGreaterThan(0);
              expect(gate.retryAfterMs).toBeLessThanOrEqual(POLICY.blockMs);
              continue;
            }
            if (s.ok) t.succeeded(keys);
            else {
              const v = t.failed(keys, now);
              expect(v.delayMs).toBeGreaterThanOrEqual(POLICY.baseDelayMs);
              expect(v.delayMs).toBeLessThanOrEqual(POLICY.maxDelayMs);
            }
            expect(t.sizes.address).toBeLessThanOrEqual(16);
            expect(t.sizes.username).toBeLessThanOrEqual(16);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['not an address', 'unknown'],
  ])('%s → %s', (remote, key) => {
    expect(addressKey(remote)).toBe(key);
  });

  it('gives every address of one IPv6 /64 the same key, and different /64s different keys (property)', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const prefix = fc.tuple(group, group, group, group);
    fc.assert(
      fc.property(prefix, prefix, fc.tuple(group, group, group, group), (p, q, iid) => {
        const a = addressKey([...p, ...iid].join(':'));
        expect(a).toBe(addressKey([...p, '0', '0', '0', '1'].join(':')));
        expect(a).toBe(`${p.map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`);
        if (p.join() !== q.join()) expect(addressKey([...q, ...iid].join(':'))).not.toBe(a);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV6(), fc.ipV4(), fc.ipV4Extended()), (s) => {
        expect(typeof addressKey(s)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});
