/**
 * Runs a device's multi-step transmissions (a BP cuff's inflation series, a glucose meter's RACP
 * transfer) on timers, one at a time per device, cancellable (RACP abort, link loss). Simulated delays
 * follow SIM_TIME_SCALE; real delays (radio pacing) do not.
 */
import type { SimClock } from './clock.js';
import type { Step } from './devices/device.js';

interface Running {
  timer: NodeJS.Timeout | undefined;
  steps: Step[];
  index: number;
}

export class Transfers {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly clock: SimClock,
    /** Sends one step; answers false to stop the rest (e.g. the link was dropped). */
    private readonly perform: (address: string, step: Step) => boolean,
  ) {}

  busy(address: string): boolean {
    return this.running.has(address);
  }

  /** Starts `steps` for a device; the caller has checked it is not busy. */
  start(address: string, steps: Step[]): void {
    if (steps.length === 0) return;
    const run: Running = { timer: undefined, steps, index: 0 };
    this.running.set(address, run);
    this.schedule(address, run);
  }

  cancel(address: string): boolean {
    const run = this.running.get(address);
    if (!run) return false;
    clearTimeout(run.timer);
    this.running.delete(address);
    return true;
  }

  cancelAll(): void {
    for (const address of [...this.running.keys()]) this.cancel(address);
  }

  private schedule(address: string, run: Running): void {
    const step = run.steps[run.index];
    if (!step) {
      this.running.delete(address);
      return;
    }
    const delay = (step.realDelayMs ?? 0) + this.clock.realDelay(step.simDelayMs ?? 0);
    run.timer = setTimeout(() => {
      if (this.running.get(address) !== run) return; // cancelled meanwhile
      run.index += 1;
      if (!this.perform(address, step)) {
        this.running.delete(address);
        return;
      }
      this.schedule(address, run);
    }, delay);
  }
}

/**
 * Inserts a link drop into `steps` after `after` notifications the central receives (null = half of
 * them, at least one); everything after the drop is discarded, as the device can no longer reach the
 * central. `received` says which emissions count (those the central subscribed to).
 */
export function withDisconnect(
  steps: Step[],
  after: number | null,
  received: (step: Step) => boolean = (s) => s.emission !== undefined,
): Step[] {
  const total = steps.filter(received).length;
  const cut = after ?? Math.max(1, Math.floor(total / 2));
  const out: Step[] = [];
  let sent = 0;
  for (const s of steps) {
    if (sent >= cut) break;
    out.push(s);
    if (received(s)) sent += 1;
  }
  out.push({ realDelayMs: 0, disconnect: 'link-lost' });
  return out;
}
