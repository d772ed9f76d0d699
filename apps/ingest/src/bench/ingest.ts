// Ingest benchmark (issue 5, DESIGN.md §14): sustained QoS 1 throughput from the fleet generator into bare
// aedes / ingest + DuckDB / ingest + InfluxDB against the raw InfluxDB write ceiling, publish → PUBACK at
// 10,000 readings/s, ingest memory, live-feed added latency, and the 30-day 1-minute chart at 10M/30M/100M
// stored points extrapolated to 1B. Rewrites the `ingest` section of docs/benchmarks.md.
//   npm run bench:ingest                       (builds ingest and the gateway's fleet CLI first)
//   node apps/ingest/dist/bench/ingest.js [--quick] [--no-history] [--no-influx] [--out FILE]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSection } from '@openward/testing';
import { renderReport } from './report.js';
import { FULL_PLAN, QUICK_PLAN, runIngestBench } from './run.js';

/** docs/benchmarks.md at the repository root, from dist/bench/*.js. */
const BENCH_FILE = new URL('../../../../docs/benchmarks.md', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-history': { type: 'boolean', default: false },
    'no-influx': { type: 'boolean', default: false },
    out: { type: 'string', default: BENCH_FILE },
  },
  strict: true,
});
const base = values.quick ? QUICK_PLAN : FULL_PLAN;
const plan = {
  ...base,
  influx: base.influx && !values['no-influx'],
  history: values['no-history'] ? null : base.history,
  workDir: join(tmpdir(), `openward-bench-ingest-${process.pid}`),
};
const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};
log(`bench ingest: plan ${plan.label}, work dir ${plan.workDir}`);
try {
  const report = await runIngestBench(plan, log);
  const body = renderReport(report);
  writeSection(values.out, 'ingest', body);
  process.stdout.write(`${body}\n`);
  log(`written to ${values.out} (${(report.durationSeconds / 60).toFixed(1)} min)`);
  process.exit(0);
} catch (e) {
  process.stderr.write(`bench ingest failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
