import { performance } from 'node:perf_hooks';
import { readingId } from '@openward/contracts';
import { InfluxClient } from '../store/influx-client.js';
import { vitalLine } from '../store/influx-store.js';
import type { VitalPoint } from '../store/vitals-store.js';
import { benchCredentials, benchPatientId, fleetDeviceAddress } from './setup.js';

export interface CeilingResult {
  points: number;
  batchSize: number;
  concurrency: number;
  seconds: number;
  pointsPerSecond: number;
}

/**
 * The points ingest writes for the fleet's readings (one heart-rate measurement each, gateway i's device and
 * patient, round-robin over the gateways), `count` of them with distinct timestamps per series. Pure.
 */
export function fleetLikePoints(count: number, gateways: number, startMs: number): VitalPoint[] {
  const creds = benchCredentials(gateways);
  const out: VitalPoint[] = [];
  for (let i = 0; i < count; i++) {
    const g = i % gateways;
    const gatewayId = creds[g]?.gatewayId ?? '';
    const address = fleetDeviceAddress(g + 1);
    const at = startMs + Math.floor(i / gateways);
    out.push({
      readingId: readingId(gatewayId, address, '2A37', `${at}-${i}`),
      idx: 0,
      metric: 'heart-rate',
      patientId: benchPatientId(g + 1),
      gatewayId,
      deviceAddress: address,
      characteristic: '2A37',
      measuredAtMs: at,
      receivedAtMs: at,
      storedAtMs: at + 5,
      value: 60 + (i % 40),
      unit: '/min',
    });
  }
  return out;
}

/**
 * The raw InfluxDB write ceiling (DESIGN.md §14): the same points ingest stores, as the same line protocol
 * (`vitalLine`), POSTed to `/write` with `batchSize` points per request and `concurrency` requests in flight,
 * into a fresh database of the same server, with nothing else in the path (no MQTT, no validation, no
 * read-before-write). The bodies are built before the clock starts.
 */
export async function influxWriteCeiling(opts: {
  url: string;
  database: string;
  points: readonly VitalPoint[];
  batchSize: number;
  concurrency: number;
}): Promise<CeilingResult> {
  const client = new InfluxClient({ url: opts.url, database: opts.database, timeoutMs: 60_000 });
  await client.query(`CREATE DATABASE "${opts.database}"`, {}, { db: false });
  const size = Math.max(1, Math.round(opts.batchSize));
  const bodies: string[] = [];
  for (let i = 0; i < opts.points.length; i += size) {
    bodies.push(
      opts.points
        .slice(i, i + size)
        .map((p) => vitalLine(p))
        .join('\n'),
    );
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] ?? '';
        await client.write(body, 'ns');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    points: opts.points.length,
    batchSize: size,
    concurrency: opts.concurrency,
    seconds,
    pointsPerSecond: opts.points.length / seconds,
  };
}
