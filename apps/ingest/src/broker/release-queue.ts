/**
 * Runs delayed `authorizePublish` continuations at their release time (DESIGN.md §13.3). Entries are grouped
 * by release time (the limiter's tick grid) and run in (time, insertion) order from one timer, so everything
 * due in a tick is handed to the BatchWriter in the same turn of the event loop and lands in one batch.
 */
export class ReleaseQueue {
  private readonly due = new Map<number, Array<() => void>>();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAtMs = Number.POSITIVE_INFINITY;

  /** @param monotonic the clock the release times were computed with (ms). */
  constructor(private readonly monotonic: () => number) {}

  /** Entries waiting. */
  get size(): number {
    return this.count;
  }

  /** Runs `fn` at `releaseAtMs` (monotonic), after everything queued for an earlier or the same time. */
  at(releaseAtMs: number, fn: () => void): void {
    const list = this.due.get(releaseAtMs);
    if (list) list.push(fn);
    else this.due.set(releaseAtMs, [fn]);
    this.count++;
    if (releaseAtMs < this.timerAtMs) this.arm(releaseAtMs);
  }

  /** Runs every waiting entry now, in order (shutdown: the continuations then refuse their publish). */
  runAll(): void {
    this.run(Number.POSITIVE_INFINITY);
  }

  private arm(atMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAtMs = atMs;
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(atMs - this.monotonic())));
  }

  private fire(): void {
    // libuv timers have ms resolution: allow 1 ms so a timer that fires a hair early does not re-arm for 0 ms.
    this.run(this.monotonic() + 1);
  }

  private run(untilMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const t of this.due.keys()) if (t < next) next = t;
      if (next === Number.POSITIVE_INFINITY) return;
      if (next > untilMs) {
        this.arm(next);
        return;
      }
      const list = this.due.get(next) ?? [];
      this.due.delete(next);
      this.count -= list.length;
      for (const fn of list) fn();
    }
  }
}
