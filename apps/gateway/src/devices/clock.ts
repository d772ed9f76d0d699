/**
 * Device time vs gateway time (issue 4 item 3 "time"). Pure: every time is an input.
 *
 * BLE Date Time fields (0x2A08 layout, also inside 0x2A35/0x2A1C/0x2A18/0x2A9D/0x2A2B) carry a wall
 * clock without a time zone. We read them as if they were UTC, so the estimated offset (device minus
 * gateway) also absorbs the device's time zone; corrected time = device time − offset.
 */

/** Date Time fields as the codecs decode them (year 0 / month 0 / day 0 = "not known"). */
export interface DeviceDateTime {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export type ClockStatus = 'ok' | 'not-set' | 'implausible';

/** Offsets beyond this are a wrong clock, not a time zone (±14 h) plus drift. */
export const MAX_PLAUSIBLE_OFFSET_MS = 24 * 3_600_000;
/** A corrected time this far after the receive time is "in the future" (1 s field resolution + jitter). */
export const FUTURE_TOLERANCE_MS = 2_000;

/** Epoch ms of the fields read as UTC, or null when the device says "not known" or the date is invalid. */
export function deviceTimeMs(t: DeviceDateTime): number | null {
  if (t.year === 0 || t.month === 0 || t.day === 0) return null;
  if (t.month > 12 || t.day > 31 || t.hours > 23 || t.minutes > 59 || t.seconds > 59) return null;
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hours, t.minutes, t.seconds);
  // Date.UTC rolls 31 February over into March: reject dates that do not exist.
  return new Date(ms).getUTCDate() === t.day ? ms : null;
}

/** Per-device clock knowledge: the latest offset estimate and how good the device clock looks. */
export interface ClockEstimate {
  status: ClockStatus | 'none';
  /** Device minus gateway, ms; null when unknown. */
  offsetMs: number | null;
}

export const NO_CLOCK: ClockEstimate = { status: 'none', offsetMs: null };

/**
 * Estimate from a time read "now" (Current Time 0x2A2B on connect, or the time stamp of a live
 * measurement): offset = device time − gateway receive time.
 */
export function estimateFromNow(deviceTime: DeviceDateTime | null, receivedAtMs: number): ClockEstimate {
  const dev = deviceTime === null ? null : deviceTimeMs(deviceTime);
  if (dev === null) return { status: 'not-set', offsetMs: null };
  return offsetEstimate(dev, receivedAtMs);
}

function offsetEstimate(dev: number, receivedAtMs: number): ClockEstimate {
  const offsetMs = Math.round(dev - receivedAtMs);
  if (Math.abs(offsetMs) > MAX_PLAUSIBLE_OFFSET_MS) return { status: 'implausible', offsetMs };
  return { status: 'ok', offsetMs };
}

export interface TimedMeasurement {
  /** The measurement's own time stamp, or null when the characteristic has none / the flag is clear. */
  deviceTime: DeviceDateTime | null;
  /** Minutes the device adds to `deviceTime` (Glucose Time Offset, 0x2A18); 0 when absent. */
  deviceTimeOffsetMinutes?: number;
  /** The device says its clock was never set (e.g. PLX device status "device clock is not set"). */
  clockNotSet?: boolean;
  /** Measured just now (live notification/indication) rather than a stored record sent later. */
  live: boolean;
  receivedAtMs: number;
}

export interface ResolvedTime {
  measuredAtMs: number;
  clock: { source: 'device' | 'gateway'; status: ClockStatus };
  /** Device minus gateway, ms; null unless the device reported a usable time. */
  clockOffsetMs: number | null;
  /** The per-device estimate after this measurement. */
  estimate: ClockEstimate;
}

/**
 * When a measurement was taken. Without a device time stamp: the receive time (`gateway`/`ok`). With a
 * stamp: a live measurement re-estimates the offset from itself; a stored record uses the latest
 * estimate (Current Time read on connect, or earlier live measurements). Not set or implausible clocks
 * (|offset| > 24 h, corrected time in the future) fall back to the receive time and say so.
 */
export function resolveMeasurementTime(m: TimedMeasurement, previous: ClockEstimate): ResolvedTime {
  const gateway = (status: ClockStatus, estimate: ClockEstimate): ResolvedTime => ({
    measuredAtMs: m.receivedAtMs,
    clock: { source: 'gateway', status },
    clockOffsetMs: null,
    estimate,
  });
  if (m.clockNotSet) return gateway('not-set', { status: 'not-set', offsetMs: null });
  if (m.deviceTime === null) return gateway('ok', previous);
  const base = deviceTimeMs(m.deviceTime);
  if (base === null) return gateway('not-set', { status: 'not-set', offsetMs: null });
  const dev = base + (m.deviceTimeOffsetMinutes ?? 0) * 60_000;
  let estimate: ClockEstimate;
  if (m.live || previous.offsetMs === null) {
    // A stored record without any estimate: the record's distance to now is not an offset, but a
    // record dated > 24 h ahead of the receive time is still recognisably wrong.
    estimate = m.live ? offsetEstimate(dev, m.receivedAtMs) : { status: 'ok', offsetMs: null };
  } else {
    estimate = previous;
  }
  if (estimate.status === 'implausible' || estimate.status === 'not-set') {
    return gateway(estimate.status, estimate);
  }
  const offsetMs = estimate.offsetMs;
  const measuredAtMs = dev - (offsetMs ?? 0);
  if (measuredAtMs > m.receivedAtMs + FUTURE_TOLERANCE_MS) {
    return gateway('implausible', m.live ? { status: 'implausible', offsetMs } : previous);
  }
  return {
    measuredAtMs,
    clock: { source: 'device', status: 'ok' },
    clockOffsetMs: offsetMs,
    estimate: m.live ? estimate : previous,
  };
}
