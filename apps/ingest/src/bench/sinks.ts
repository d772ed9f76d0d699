import { join } from 'node:path';
import { freePort, startNode, type ManagedProcess } from '@openward/testing';

/** Service token of the benchmark's ingest processes (≥ 32 chars, as config.ts requires). */
export const BENCH_TOKEN = 'bench-service-token-0123456789abcdef';

/** Built entry points, resolved from this file (dist/bench or src/bench: both one level below the root). */
const INGEST_MAIN = new URL('../../dist/main.js', import.meta.url).pathname;
const BARE_AEDES = new URL('../../dist/bench/bare-aedes.js', import.meta.url).pathname;

/** A broker the fleet publishes into: the bare aedes baseline or a built ingest. */
export interface Sink {
  name: string;
  mqttUrl: string;
  mqttPort: number;
  /** Processes whose CPU and memory the benchmark samples, by label. */
  pids: Map<string, number>;
  /** Ingest's HTTP port (metrics), or null for the baseline. */
  httpPort: number | null;
  stop(): Promise<void>;
}

function pidOf(p: ManagedProcess): number {
  if (p.pid === undefined) throw new Error(`${p.name} has no pid`);
  return p.pid;
}

/** Starts `dist/bench/bare-aedes.js` on a free port and waits for its ready line. */
export async function startBareAedes(credentialsFile: string): Promise<Sink> {
  const port = await freePort();
  const proc = startNode('bare-aedes', BARE_AEDES, [credentialsFile, String(port), BENCH_TOKEN]);
  await proc.waitForLine(/"msg":"ready"/);
  return {
    name: 'bare aedes',
    mqttUrl: `mqtt://127.0.0.1:${port}`,
    mqttPort: port,
    pids: new Map([['broker', pidOf(proc)]]),
    httpPort: null,
    stop: () => proc.stop(),
  };
}

export interface IngestSinkOptions {
  registryFile: string;
  dataDir: string;
  /** InfluxDB base URL for `INGEST_STORE=influx`; DuckDB (in dataDir) when absent. */
  influxUrl?: string;
}

/** Starts the built ingest (`dist/main.js`) as its own process and waits for its ready line. */
export async function startIngestProcess(opts: IngestSinkOptions): Promise<Sink> {
  const mqttPort = await freePort();
  const httpPort = await freePort();
  const env: Record<string, string> = {
    INGEST_MQTT_PORT: String(mqttPort),
    INGEST_HTTP_PORT: String(httpPort),
    INGEST_DATA_DIR: join(opts.dataDir, 'ingest'),
    INGEST_REGISTRY_FILE: opts.registryFile,
    INGEST_SERVICE_TOKEN: BENCH_TOKEN,
    LOG_LEVEL: 'warn',
    ...(opts.influxUrl
      ? { INGEST_STORE: 'influx', INGEST_INFLUX_URL: opts.influxUrl, INGEST_INFLUX_DB: 'bench' }
      : {}),
  };
  const proc = startNode('ingest', INGEST_MAIN, [], { env });
  await proc.waitForLine(/"msg":"ready"/, 60_000);
  return {
    name: opts.influxUrl ? 'ingest + InfluxDB' : 'ingest + DuckDB',
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    mqttPort,
    pids: new Map([['ingest', pidOf(proc)]]),
    httpPort,
    stop: () => proc.stop('SIGTERM', 30_000),
  };
}

/** Sum of every sample of a metric (all label sets) in Prometheus text format. Pure; 0 when absent. */
export function promSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** The ingest counters the benchmark reads, from `/metrics`. */
export interface IngestCounters {
  accepted: number;
  rejected: number;
  writeFailures: number;
  batches: number;
  batchPoints: number;
  /** Seconds spent in store writes (sum of `ingest_batch_write_seconds`). */
  batchWriteSeconds: number;
}

export async function ingestCounters(httpPort: number): Promise<IngestCounters> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
  const text = await res.text();
  return {
    accepted: promSum(text, 'ingest_readings_accepted_total'),
    rejected: promSum(text, 'ingest_rejected_total'),
    writeFailures: promSum(text, 'ingest_write_failures_total'),
    batches: promSum(text, 'ingest_batch_points_count'),
    batchPoints: promSum(text, 'ingest_batch_points_sum'),
    batchWriteSeconds: promSum(text, 'ingest_batch_write_seconds_sum'),
  };
}

/** Counter increase between two snapshots. Pure. */
export function counterDelta(before: IngestCounters, after: IngestCounters): IngestCounters {
  return {
    accepted: after.accepted - before.accepted,
    rejected: after.rejected - before.rejected,
    writeFailures: after.writeFailures - before.writeFailures,
    batches: after.batches - before.batches,
    batchPoints: after.batchPoints - before.batchPoints,
    batchWriteSeconds: after.batchWriteSeconds - before.batchWriteSeconds,
  };
}
