import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { topics } from '@openward/contracts';
import { machine } from '@openward/testing';
import { fleetLikePoints, influxWriteCeiling, type CeilingResult } from './influx-ceiling.js';
import { Influxd } from './influxd.js';
import { LiveProbe, type LiveProbeResult } from './live-probe.js';
import { runHistory, type HistoryResult } from './history.js';
import { benchCredentials, benchSnapshot, fleetDeviceAddress, writeJson } from './setup.js';
import { BENCH_TOKEN, startBareAedes, startIngestProcess, type Sink } from './sinks.js';
import { fleetStep, throughputLadder, type FleetLoad, type StepResult } from './throughput.js';

/** What one benchmark run does; {@link FULL_PLAN} is `npm run bench:ingest`. */
export interface BenchPlan {
  label: string;
  gateways: number;
  /** Offered rates of the throughput ladder, readings/s. */
  rates: number[];
  stepSeconds: number;
  /** Offered rate of the latency runs (issue 5: 10,000 readings/s). */
  latencyRate: number;
  latencySeconds: number;
  /** Live-feed probe: one reading every this many ms during the latency run. */
  probeIntervalMs: number;
  influx: boolean;
  history: { sizes: number[]; days: number; repeats: number } | null;
  workDir: string;
}

export const FULL_PLAN: Omit<BenchPlan, 'workDir'> = {
  label: 'full',
  gateways: 1000,
  rates: [10_000, 20_000, 30_000],
  stepSeconds: 15,
  latencyRate: 10_000,
  latencySeconds: 20,
  probeIntervalMs: 50,
  influx: true,
  history: { sizes: [10e6, 30e6, 100e6], days: 30, repeats: 7 },
};

export const QUICK_PLAN: Omit<BenchPlan, 'workDir'> = {
  label: 'quick',
  gateways: 1000,
  rates: [5_000],
  stepSeconds: 5,
  latencyRate: 5_000,
  latencySeconds: 5,
  probeIntervalMs: 50,
  influx: true,
  history: { sizes: [1e6, 3e6], days: 3, repeats: 3 },
};

export interface Ladder {
  steps: StepResult[];
  best: StepResult;
}

/** A fleet run at the latency rate with the live-feed probe beside it. */
export interface LatencyRun {
  step: StepResult;
  live: LiveProbeResult;
}

export interface BenchReport {
  startedAt: string;
  machine: string;
  plan: BenchPlan;
  durationSeconds: number;
  throughput: {
    baseline: Ladder;
    duckdb: Ladder;
    influx: Ladder | null;
    influxCeiling: CeilingResult | null;
  };
  latency: { baseline: LatencyRun; duckdb: LatencyRun };
  history: HistoryResult | null;
}

type Log = (line: string) => void;

async function withSink<T>(start: Promise<Sink>, body: (sink: Sink) => Promise<T>): Promise<T> {
  const sink = await start;
  try {
    return await body(sink);
  } finally {
    await sink.stop();
  }
}

/**
 * Runs every part of the ingest benchmark in one process on this machine (DESIGN.md §14) and returns the raw
 * results; {@link renderReport} turns them into the docs/benchmarks.md section.
 */
export async function runIngestBench(plan: BenchPlan, log: Log): Promise<BenchReport> {
  rmSync(plan.workDir, { recursive: true, force: true });
  mkdirSync(plan.workDir, { recursive: true });
  try {
    return await runAll(plan, log);
  } finally {
    rmSync(plan.workDir, { recursive: true, force: true });
  }
}

async function runAll(plan: BenchPlan, log: Log): Promise<BenchReport> {
  const started = Date.now();
  const fleet = benchCredentials(plan.gateways);
  const probe = benchCredentials(1, 'gw-probe')[0] ?? { gatewayId: '', secret: '' };
  const credentialsFile = join(plan.workDir, 'credentials.json');
  const registryFile = join(plan.workDir, 'registry.json');
  // The fleet takes the first `gateways` entries; the baseline broker also admits the probe.
  writeJson(credentialsFile, [...fleet, probe]);
  writeJson(registryFile, await benchSnapshot(fleet, [probe]));
  const load: FleetLoad = { credentialsFile, gateways: plan.gateways, seconds: plan.stepSeconds };
  const latencyLoad: FleetLoad = { ...load, seconds: plan.latencySeconds };
  const dir = (name: string): string => join(plan.workDir, name);

  const latencyRun = async (sink: Sink, filter?: string): Promise<LatencyRun> => {
    const probeClient = await LiveProbe.start({
      url: sink.mqttUrl,
      token: BENCH_TOKEN,
      probe,
      deviceAddress: fleetDeviceAddress(plan.gateways + 1),
      ...(filter ? { filter } : {}),
    });
    probeClient.run(plan.probeIntervalMs);
    let step: StepResult;
    try {
      // This process hosts the live subscriber and the probe: its CPU is reported too.
      step = await fleetStep(sink, latencyLoad, plan.latencyRate, new Map([['bench', process.pid]]));
    } catch (e) {
      await probeClient.stop().catch(() => undefined);
      throw e;
    }
    return { step, live: await probeClient.stop() };
  };

  log('throughput + latency: bare aedes baseline');
  const baseline = await withSink(startBareAedes(credentialsFile), async (sink) => ({
    ladder: await throughputLadder(sink, load, plan.rates, log),
    latency: await latencyRun(sink, topics.allReadings),
  }));

  log('throughput: ingest + DuckDB');
  const duckdb = await withSink(
    startIngestProcess({ registryFile, dataDir: dir('duckdb-throughput') }),
    (sink) => throughputLadder(sink, load, plan.rates, log),
  );

  log('latency + live feed: ingest + DuckDB');
  const duckdbLatency = await withSink(
    startIngestProcess({ registryFile, dataDir: dir('duckdb-latency') }),
    (sink) => latencyRun(sink),
  );
  rmSync(dir('duckdb-throughput'), { recursive: true, force: true });
  rmSync(dir('duckdb-latency'), { recursive: true, force: true });

  let influx: Ladder | null = null;
  let influxCeiling: CeilingResult | null = null;
  if (plan.influx) {
    log('throughput: ingest + InfluxDB, then the raw InfluxDB write ceiling');
    const server = await Influxd.start();
    try {
      const influxPid = server.pid;
      influx = await withSink(
        startIngestProcess({ registryFile, dataDir: dir('influx'), influxUrl: server.url }).then((s) => {
          if (influxPid !== undefined) s.pids.set('influxd', influxPid);
          return s;
        }),
        (sink) => throughputLadder(sink, load, plan.rates, log),
      );
      const counters = influx.best.counters;
      const batchSize = counters && counters.batches > 0 ? counters.batchPoints / counters.batches : 100;
      influxCeiling = await influxWriteCeiling({
        url: server.url,
        database: 'raw_ceiling',
        points: fleetLikePoints(influx.best.fleet.acked, plan.gateways, Date.now() - 3_600_000),
        batchSize,
        concurrency: 1,
      });
    } finally {
      await server.stop();
    }
  }

  let history: HistoryResult | null = null;
  if (plan.history) {
    log(`history: ${plan.history.days}-day 1-minute chart from DuckDB`);
    history = await runHistory({ dir: dir('history'), ...plan.history }, log);
    rmSync(dir('history'), { recursive: true, force: true });
  }
  return {
    startedAt: new Date(started).toISOString(),
    machine: machine(),
    plan,
    durationSeconds: (Date.now() - started) / 1000,
    throughput: { baseline: baseline.ladder, duckdb, influx, influxCeiling },
    latency: { baseline: baseline.latency, duckdb: duckdbLatency },
    history,
  };
}
