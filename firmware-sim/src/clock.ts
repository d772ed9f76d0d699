/**
 * Time in the simulator. Three clocks, kept apart on purpose:
 * - the real clock (epoch ms, sub-ms precision) times the radio and the control API's `emittedAt`;
 * - the simulated clock runs `scale` times faster than the real one from the moment the sim started
 *   (SIM_TIME_SCALE): physiology and the periodic measurement schedule follow it;
 * - each device's own clock is the simulated clock plus a drift, or "not set" (year 0), like a meter
 *   whose coin cell was changed. Pure helpers; the real clock is injected.
 */

/** GSS §3.70 date-time fields (same shape as the codecs' `DateTimeFields`); year/month/day 0 = not known. */
export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Epoch milliseconds with sub-ms precision. */
export type RealClock = () => number;

export const realClock: RealClock = () => performance.timeOrigin + performance.now();

/** Accelerated simulated time: `simNow = startSim + (realNow - startReal) × scale`. */
export class SimClock {
  private readonly startReal: number;
  private readonly startSim: number;

  constructor(
    readonly scale: number,
    private readonly real: RealClock = realClock,
    startSimMs?: number,
  ) {
    this.startReal = real();
    this.startSim = startSimMs ?? this.startReal;
  }

  /** Simulated epoch ms now. */
  now(): number {
    return this.startSim + (this.real() - this.startReal) * this.scale;
  }

  /** Real milliseconds that correspond to `simMs` simulated ones (at least `floorMs`). */
  realDelay(simMs: number, floorMs = 0): number {
    return Math.max(floorMs, simMs / this.scale);
  }
}

/** A device's own wall clock: drifted by `offsetMs`, or not set since `resetAtMs` (simulated time). */
export interface DeviceClockState {
  set: boolean;
  offsetMs: number;
  /** When the clock lost its setting (simulated ms); it then counts up from 00:00:00 of an unknown day. */
  resetAtMs: number;
}

export function deviceClock(offsetSeconds = 0, set = true, resetAtMs = 0): DeviceClockState {
  return { set, offsetMs: offsetSeconds * 1000, resetAtMs };
}

/** The device's idea of "now" as epoch ms (meaningful only when the clock is set). */
export function deviceNowMs(clock: DeviceClockState, simNowMs: number): number {
  return simNowMs + clock.offsetMs;
}

/**
 * The GSS date-time fields the device would stamp a measurement with (UTC: the simulated world has no
 * time zone). A clock that is not set reports year/month/day 0 ("not known", GSS §3.70) and the time
 * elapsed since it was reset, as a meter does after a battery change.
 */
export function dateTimeFieldsAt(clock: DeviceClockState, simNowMs: number): DateTimeFields {
  if (!clock.set) {
    const secs = Math.max(0, Math.floor((simNowMs - clock.resetAtMs) / 1000));
    return {
      year: 0,
      month: 0,
      day: 0,
      hours: Math.floor(secs / 3600) % 24,
      minutes: Math.floor(secs / 60) % 60,
      seconds: secs % 60,
    };
  }
  return fieldsOf(deviceNowMs(clock, simNowMs));
}

/** Epoch ms → GSS date-time fields, UTC. */
export function fieldsOf(epochMs: number): DateTimeFields {
  const d = new Date(Math.floor(epochMs / 1000) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
}

/** GSS date-time fields (a set clock) → epoch ms, UTC. */
export function epochOf(f: DateTimeFields): number {
  return Date.UTC(f.year, f.month - 1, f.day, f.hours, f.minutes, f.seconds);
}
