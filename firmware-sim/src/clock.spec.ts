import { describe, expect, it } from '@jest/globals';
import { dateTimeFieldsAt, deviceClock, epochOf, fieldsOf, SimClock } from './clock.js';
import { withDisconnect } from './transfers.js';
import type { Step } from './devices/device.js';

describe('simulated clock', () => {
  it('runs SIM_TIME_SCALE times faster than the injected real clock', () => {
    let real = 1_000;
    const clock = new SimClock(60, () => real, 5_000_000);
    expect(clock.now()).toBe(5_000_000);
    real += 1_000;
    expect(clock.now()).toBe(5_060_000);
    expect(clock.realDelay(60_000)).toBe(1_000);
    expect(clock.realDelay(60, 5)).toBe(5);
  });

  it('gives a device its drifted time, or year 0 counting up from the reset when not set', () => {
    const t = Date.UTC(2026, 10, 2, 23, 59, 30);
    expect(dateTimeFieldsAt(deviceClock(45), t)).toEqual(fieldsOf(t + 45_000));
    expect(fieldsOf(t)).toEqual({ year: 2026, month: 11, day: 2, hours: 23, minutes: 59, seconds: 30 });
    expect(epochOf(fieldsOf(t))).toBe(t);
    expect(dateTimeFieldsAt(deviceClock(0, false, t - 3_725_000), t)).toEqual({
      year: 0,
      month: 0,
      day: 0,
      hours: 1,
      minutes: 2,
      seconds: 5,
    });
  });
});

describe('disconnect mid-transfer', () => {
  const e = (n: number): Step => ({
    realDelayMs: 1,
    emission: { service: '1808', characteristic: '2a18', bytes: Uint8Array.of(n), measurement: true },
  });

  it('cuts after N notifications and drops the link, discarding the rest', () => {
    const out = withDisconnect([e(1), e(2), e(3), e(4)], 2);
    expect(out.map((s) => s.emission?.bytes[0] ?? s.disconnect)).toEqual([1, 2, 'link-lost']);
  });

  it('cuts after half by default, at least one', () => {
    expect(withDisconnect([e(1), e(2), e(3), e(4), e(5)], null).filter((s) => s.emission)).toHaveLength(2);
    expect(withDisconnect([e(1), e(2)], null).filter((s) => s.emission)).toHaveLength(1);
  });
});
