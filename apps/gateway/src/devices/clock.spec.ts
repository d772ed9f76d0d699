import { describe, it, expect } from '@jest/globals';
import {
  NO_CLOCK,
  deviceTimeMs,
  estimateFromNow,
  resolveMeasurementTime,
  type DeviceDateTime,
} from './clock.js';

const rx = Date.UTC(2026, 10, 25, 9, 30, 0, 250); // gateway receive time
const dt = (ms: number): DeviceDateTime => {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
};
const HOUR = 3_600_000;

describe('deviceTimeMs', () => {
  it('reads the fields as UTC', () => {
    expect(deviceTimeMs(dt(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });
  it('returns null for "not known" year/month/day and for dates that do not exist', () => {
    expect(deviceTimeMs({ ...dt(rx), year: 0 })).toBeNull();
    expect(deviceTimeMs({ ...dt(rx), month: 0 })).toBeNull();
    expect(deviceTimeMs({ ...dt(rx), day: 0 })).toBeNull();
    expect(deviceTimeMs({ year: 2026, month: 2, day: 31, hours: 0, minutes: 0, seconds: 0 })).toBeNull();
  });
});

describe('estimateFromNow (Current Time read on connect)', () => {
  it('is device minus gateway, including a time-zone shift', () => {
    expect(estimateFromNow(dt(rx + 2 * HOUR), rx)).toEqual({ status: 'ok', offsetMs: 2 * HOUR - 250 });
  });
  it('flags an unset clock and one more than 24 h off', () => {
    expect(estimateFromNow({ ...dt(rx), year: 0 }, rx)).toEqual({ status: 'not-set', offsetMs: null });
    expect(estimateFromNow(dt(rx - 30 * HOUR), rx).status).toBe('implausible');
  });
});

describe('resolveMeasurementTime', () => {
  it('uses the receive time for characteristics without a time stamp', () => {
    const r = resolveMeasurementTime({ deviceTime: null, live: true, receivedAtMs: rx }, NO_CLOCK);
    expect(r).toEqual({
      measuredAtMs: rx,
      clock: { source: 'gateway', status: 'ok' },
      clockOffsetMs: null,
      estimate: NO_CLOCK,
    });
  });

  it('estimates the offset from a live measurement and corrects its time to the receive second', () => {
    const r = resolveMeasurementTime(
      { deviceTime: dt(rx + 5 * HOUR), live: true, receivedAtMs: rx },
      NO_CLOCK,
    );
    expect(r.clock).toEqual({ source: 'device', status: 'ok' });
    expect(r.clockOffsetMs).toBe(5 * HOUR - 250);
    expect(r.measuredAtMs).toBe(rx);
    expect(r.estimate).toEqual({ status: 'ok', offsetMs: 5 * HOUR - 250 });
  });

  it('corrects a stored record with the estimate from Current Time', () => {
    const estimate = { status: 'ok' as const, offsetMs: 90_000 }; // device 90 s fast
    const takenAt = Date.UTC(2026, 10, 22, 9, 30, 0);
    const r = resolveMeasurementTime(
      { deviceTime: dt(takenAt + 90_000), live: false, receivedAtMs: rx },
      estimate,
    );
    expect(r.measuredAtMs).toBe(takenAt);
    expect(r.clockOffsetMs).toBe(90_000);
    expect(r.clock).toEqual({ source: 'device', status: 'ok' });
    expect(r.estimate).toBe(estimate);
  });

  it('applies the glucose time offset minutes', () => {
    const r = resolveMeasurementTime(
      { deviceTime: dt(rx - HOUR), deviceTimeOffsetMinutes: 30, live: false, receivedAtMs: rx },
      { status: 'ok', offsetMs: 0 },
    );
    expect(r.measuredAtMs).toBe(Math.floor((rx - HOUR) / 1000) * 1000 + 30 * 60_000);
  });

  it('keeps a stored record on the device clock with an unknown offset when nothing is known yet', () => {
    const takenAt = Date.UTC(2026, 10, 20, 8, 0, 0);
    const r = resolveMeasurementTime({ deviceTime: dt(takenAt), live: false, receivedAtMs: rx }, NO_CLOCK);
    expect(r).toMatchObject({ measuredAtMs: takenAt, clockOffsetMs: null, clock: { source: 'device' } });
  });

  it('falls back to the receive time for a clock that is not set (year 0 or PLX flag)', () => {
    const year0 = resolveMeasurementTime(
      { deviceTime: { ...dt(rx), year: 0 }, live: true, receivedAtMs: rx },
      NO_CLOCK,
    );
    expect(year0).toMatchObject({ measuredAtMs: rx, clock: { source: 'gateway', status: 'not-set' } });
    const flagged = resolveMeasurementTime(
      { deviceTime: dt(rx), clockNotSet: true, live: true, receivedAtMs: rx },
      NO_CLOCK,
    );
    expect(flagged).toMatchObject({ measuredAtMs: rx, clockOffsetMs: null, clock: { status: 'not-set' } });
  });

  it('flags a live offset beyond 24 h as implausible and uses the receive time', () => {
    const r = resolveMeasurementTime(
      { deviceTime: dt(rx - 400 * 86_400_000), live: true, receivedAtMs: rx },
      NO_CLOCK,
    );
    expect(r).toMatchObject({
      measuredAtMs: rx,
      clockOffsetMs: null,
      clock: { source: 'gateway', status: 'implausible' },
    });
    expect(r.estimate.status).toBe('implausible');
  });

  it('flags a stored record dated in the future as implausible', () => {
    const r = resolveMeasurementTime(
      { deviceTime: dt(rx + 2 * HOUR), live: false, receivedAtMs: rx },
      { status: 'ok', offsetMs: 0 },
    );
    expect(r).toMatchObject({ measuredAtMs: rx, clock: { source: 'gateway', status: 'implausible' } });
  });

  it('uses the receive time for stored records of a device whose clock was found implausible', () => {
    const r = resolveMeasurementTime(
      { deviceTime: dt(rx - HOUR), live: false, receivedAtMs: rx },
      { status: 'implausible', offsetMs: 40 * HOUR },
    );
    expect(r).toMatchObject({ measuredAtMs: rx, clock: { status: 'implausible' } });
  });
});
