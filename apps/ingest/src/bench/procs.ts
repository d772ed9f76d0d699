import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startNode, type ManagedProcess } from '@openward/testing';

/** Memory of a process from `/proc/<pid>/status`, MiB. */
export interface Memory {
  /** Peak resident set size (VmHWM). */
  hwmMiB: number;
  /** Current resident set size (VmRSS). */
  rssMiB: number;
}

/** Parses VmHWM and VmRSS (kB) out of a `/proc/<pid>/status` text. Pure; NaN when absent. */
export function parseStatus(text: string): Memory {
  const kb = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) / 1024 : NaN;
  };
  return { hwmMiB: kb('VmHWM'), rssMiB: kb('VmRSS') };
}

/** User + system CPU time in clock ticks from a `/proc/<pid>/stat` line (fields 14 and 15). Pure. */
export function parseStatTicks(text: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

export function memoryOf(pid: number): Memory {
  return parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** Linux USER_HZ: 100 on every mainstream kernel configuration. */
const TICKS_PER_SECOND = 100;

/**
 * Samples the CPU time and resident memory of a set of processes while a phase runs: call `start()`, then
 * `stop()` for each process's CPU share (% of one core, averaged over the phase) and its VmRSS median and
 * VmHWM at the end.
 */
export class ProcessSampler {
  /** Per process: CPU ticks and time at the start, and at the last successful read. */
  private readonly first = new Map<string, { ticks: number; at: number }>();
  private readonly last = new Map<string, { ticks: number; at: number }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly rss = new Map<string, number[]>();
  private readonly hwm = new Map<string, number>();

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  start(intervalMs = 500): void {
    for (const [name, pid] of this.pids) {
      const t = { ticks: ticksOf(pid), at: performance.now() };
      this.first.set(name, t);
      this.last.set(name, t);
      this.rss.set(name, []);
    }
    this.timer = setInterval(() => this.poll(), intervalMs);
  }

  /** Reads every process once; a process that has exited keeps its last reading. */
  private poll(): void {
    for (const [name, pid] of this.pids) {
      const ticks = ticksOf(pid);
      if (Number.isFinite(ticks)) this.last.set(name, { ticks, at: performance.now() });
      const m = tryMemory(pid);
      if (m) {
        this.rss.get(name)?.push(m.rssMiB);
        this.hwm.set(name, m.hwmMiB);
      }
    }
  }

  stop(): Map<string, { cpuPercent: number; rssMedianMiB: number; hwmMiB: number }> {
    if (this.timer) clearInterval(this.timer);
    this.poll();
    const out = new Map<string, { cpuPercent: number; rssMedianMiB: number; hwmMiB: number }>();
    for (const [name, pid] of this.pids) {
      const a = this.first.get(name);
      const b = this.last.get(name);
      const seconds = a && b ? (b.at - a.at) / 1000 : NaN;
      const samples = [...(this.rss.get(name) ?? [])].sort((x, y) => x - y);
      out.set(name, {
        cpuPercent: a && b && seconds > 0 ? (100 * (b.ticks - a.ticks)) / TICKS_PER_SECOND / seconds : NaN,
        rssMedianMiB: samples[Math.floor(samples.length / 2)] ?? NaN,
        hwmMiB: tryMemory(pid)?.hwmMiB ?? this.hwm.get(name) ?? NaN,
      });
    }
    return out;
  }
}

function ticksOf(pid: number): number {
  try {
    return parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return NaN;
  }
}

function tryMemory(pid: number): Memory | null {
  try {
    return memoryOf(pid);
  } catch {
    return null;
  }
}

/** Result line of the fleet CLI (`apps/gateway/dist/fleet/main.js`), the fields the benchmark uses. */
export interface FleetResult {
  gateways: number;
  connected: number;
  targetRatePerSecond: number;
  appended: number;
  acked: number;
  achievedRatePerSecond: number;
  unackedAtEnd: number;
  pubackLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/** The fleet CLI, resolved from this file (dist/bench or src/bench, the same depth). */
export const FLEET_CLI = new URL('../../../gateway/dist/fleet/main.js', import.meta.url).pathname;

export interface FleetRun {
  url: string;
  credentialsFile: string;
  gateways: number;
  rate: number;
  seconds: number;
}

/** Starts the fleet CLI as its own process; `result` resolves with its JSON line once it exits. */
export function startFleet(run: FleetRun): { proc: ManagedProcess; result: Promise<FleetResult> } {
  const proc = startNode('fleet', FLEET_CLI, [
    '--url',
    run.url,
    '--gateways',
    String(run.gateways),
    '--rate',
    String(run.rate),
    '--duration',
    String(run.seconds),
    '--credentials',
    run.credentialsFile,
  ]);
  const result = proc.waitForExit().then(() => {
    const line = proc.lines.find((l) => l.includes('"fleet result"'));
    if (!line)
      throw new Error(`fleet printed no result (exit ${JSON.stringify(proc.exit)}):\n${proc.tail()}`);
    return JSON.parse(line) as FleetResult;
  });
  return { proc, result };
}
