import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLEET_CLI } from './procs.js';
import { renderReport } from './report.js';
import { runIngestBench, type BenchPlan } from './run.js';

/**
 * Smoke run of the whole ingest benchmark harness at a tiny scale (DESIGN.md §14), so it cannot rot between
 * benchmark runs: every part must produce its rows. It asserts that things were measured (readings acked and
 * stored, samples taken, the history chart equal to the raw aggregate), never how fast: speed belongs to
 * docs/benchmarks.md. Needs the built ingest (`dist/main.js`, `dist/bench/bare-aedes.js`), the gateway's
 * built fleet CLI and a real influxd, as the benchmark itself does.
 */
const TINY: BenchPlan = {
  label: 'smoke',
  gateways: 5,
  rates: [100],
  stepSeconds: 2,
  latencyRate: 100,
  latencySeconds: 2,
  probeIntervalMs: 50,
  influx: true,
  history: { sizes: [2e5, 4e5], days: 1, repeats: 1 },
  workDir: join(tmpdir(), `openward-bench-smoke-${process.pid}`),
};

describe('ingest benchmark harness (tiny scale)', () => {
  it('measures every part and renders a row for each', async () => {
    expect(existsSync(FLEET_CLI)).toBe(true);
    const lines: string[] = [];
    const report = await runIngestBench(TINY, (l) => lines.push(l));

    const { baseline, duckdb, influx, influxCeiling } = report.throughput;
    for (const ladder of [baseline, duckdb, influx]) {
      expect(ladder?.best.fleet.connected).toBe(TINY.gateways);
      expect(ladder?.best.fleet.acked).toBeGreaterThan(0);
    }
    // ingest stored what it acknowledged, and rejected nothing (fleet and registry agree on devices).
    expect(duckdb.best.counters?.accepted).toBeGreaterThan(0);
    expect(duckdb.best.counters?.rejected).toBe(0);
    expect(influx?.best.counters?.accepted).toBeGreaterThan(0);
    expect(influxCeiling?.points).toBe(influx?.best.fleet.acked);
    expect(duckdb.best.mem['ingest']?.hwmMiB).toBeGreaterThan(0);
    expect(duckdb.best.cpu['fleet']).toBeGreaterThanOrEqual(0);

    const { live } = report.latency.duckdb;
    expect(live.probeSent).toBeGreaterThan(0);
    expect(live.pubackToLiveMs.length).toBeGreaterThan(0);
    expect(live.storedToLiveMs.length).toBeGreaterThan(0);
    expect(report.latency.baseline.live.pubackToLiveMs.length).toBeGreaterThan(0);

    const levels = report.history?.levels ?? [];
    expect(levels.map((l) => l.points)).toEqual([172_800, 432_000]);
    for (const l of levels) {
      expect(l.buckets).toBe(1440); // one day of minutes, each holding the charted patient's 60 points
      expect(l.seriesMs).toHaveLength(1);
      expect(l.rawMs).toHaveLength(1);
    }

    const md = renderReport(report);
    for (const row of [
      '| baseline: bare aedes, no store |',
      '| ingest + DuckDB |',
      '| ingest + InfluxDB |',
      '| raw InfluxDB `/write` ceiling',
      '| fleet → ingest + DuckDB |',
      '| PUBACK → live message (added latency) |',
      '| **1,000,000,000 (extrapolated)** |',
    ]) {
      expect(md).toContain(row);
    }
    expect(md).not.toContain('NaN');
  }, 240_000);
});
