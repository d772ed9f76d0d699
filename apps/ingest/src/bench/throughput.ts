import { ProcessSampler, startFleet, type FleetResult } from './procs.js';
import { counterDelta, ingestCounters, type IngestCounters, type Sink } from './sinks.js';

/** One fleet run against one sink. */
export interface StepResult {
  offered: number;
  seconds: number;
  fleet: FleetResult;
  /** CPU use per sampled process over the run, % of one core (the machine has `os.cpus().length` cores). */
  cpu: Record<string, number>;
  /** Resident memory per sampled process: median VmRSS during the run and VmHWM at its end, MiB. */
  mem: Record<string, { rssMedianMiB: number; hwmMiB: number }>;
  /** Ingest's counters over the run (null for the baseline broker). */
  counters: IngestCounters | null;
}

export interface FleetLoad {
  credentialsFile: string;
  gateways: number;
  seconds: number;
}

/**
 * One fleet run at `rate` readings/s for `seconds`, sampling the sink's processes and the fleet's. Throws when
 * not every gateway connected or when ingest rejected or failed to write anything: such a run measures a
 * broken setup, not ingest.
 */
export async function fleetStep(
  sink: Sink,
  load: FleetLoad,
  rate: number,
  extraPids: ReadonlyMap<string, number> = new Map(),
): Promise<StepResult> {
  const before = sink.httpPort === null ? null : await ingestCounters(sink.httpPort);
  const { proc, result } = startFleet({
    url: sink.mqttUrl,
    credentialsFile: load.credentialsFile,
    gateways: load.gateways,
    rate,
    seconds: load.seconds,
  });
  const pids = new Map([...sink.pids, ...extraPids]);
  if (proc.pid !== undefined) pids.set('fleet', proc.pid);
  const sampler = new ProcessSampler(pids);
  sampler.start();
  const fleet = await result;
  const sampled = sampler.stop();
  const after = sink.httpPort === null ? null : await ingestCounters(sink.httpPort);
  const counters = before && after ? counterDelta(before, after) : null;
  if (fleet.connected !== fleet.gateways) {
    throw new Error(`${sink.name}: only ${fleet.connected}/${fleet.gateways} gateways connected`);
  }
  if (counters && (counters.rejected > 0 || counters.writeFailures > 0)) {
    throw new Error(
      `${sink.name}: ${counters.rejected} readings rejected, ${counters.writeFailures} failed batches ` +
        '(registry and fleet device addresses out of step?)',
    );
  }
  const cpu: StepResult['cpu'] = {};
  const mem: StepResult['mem'] = {};
  for (const [name, s] of sampled) {
    cpu[name] = s.cpuPercent;
    mem[name] = { rssMedianMiB: s.rssMedianMiB, hwmMiB: s.hwmMiB };
  }
  return { offered: rate, seconds: load.seconds, fleet, cpu, mem, counters };
}

/**
 * Sustained throughput: fleet runs at increasing offered rates, stopping after the first run that achieved
 * less than `keepUp` of its offered rate (the sink, or the generator sharing its cores, saturated). The
 * sustained rate is the best achieved rate of the ladder (acked ÷ first append → last PUBACK, so a backlog
 * drained after the offered period counts at its real pace).
 */
export async function throughputLadder(
  sink: Sink,
  load: FleetLoad,
  rates: readonly number[],
  log: (line: string) => void,
  keepUp = 0.9,
): Promise<{ steps: StepResult[]; best: StepResult }> {
  const steps: StepResult[] = [];
  for (const rate of rates) {
    const step = await fleetStep(sink, load, rate);
    steps.push(step);
    const cpu = Object.entries(step.cpu).map(([k, v]) => `${k} ${Math.round(v)}%`);
    log(
      `  ${sink.name}: offered ${rate}/s → ${Math.round(step.fleet.achievedRatePerSecond)}/s (cpu ${cpu.join(', ')})`,
    );
    if (step.fleet.achievedRatePerSecond < keepUp * rate) break;
  }
  const best = steps.reduce((a, b) =>
    b.fleet.achievedRatePerSecond > a.fleet.achievedRatePerSecond ? b : a,
  );
  return { steps, best };
}
