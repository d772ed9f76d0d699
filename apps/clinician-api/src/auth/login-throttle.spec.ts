import { describe, expect, it } from '@jest/globals';
import { configFactory, FixedClock } from '../../test/factories.js';
import { LoginThrottle, sourceKey } from './login-throttle.js';

describe('sourceKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and groups IPv6 by /64', () => {
    expect(sourceKey('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('LoginThrottle', () => {
  it('limits each address separately and lets it in again after the refill time', () => {
    const clock = new FixedClock(new Date('2026-11-25T08:00:00.000Z'));
    const throttle = new LoginThrottle(configFactory({ loginRatePerMinute: 10, loginRateBurst: 2 }), clock);
    expect([throttle.take('198.51.100.1'), throttle.take('198.51.100.1')]).toEqual([null, null]);
    expect(throttle.take('198.51.100.1')).toBe(6);
    expect(throttle.take('198.51.100.2')).toBeNull();
    expect(throttle.take('2001:db8:1:2::5')).toBeNull();
    expect(throttle.take('2001:db8:1:2::6')).toBeNull();
    expect(throttle.take('2001:db8:1:2::7')).toBe(6);
    clock.current = new Date(clock.current.getTime() + 6_000);
    expect(throttle.take('198.51.100.1')).toBeNull();
  });
});
