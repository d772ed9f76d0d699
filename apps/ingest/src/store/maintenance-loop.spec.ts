import { describe, expect, it } from '@jest/globals';
import { createMetrics } from '../metrics.js';
import { MaintenanceLoop } from './maintenance-loop.js';
import { MemoryVitalsStore } from './memory-store.js';
import type { MaintenanceResult } from './vitals-store.js';

const T = Date.UTC(2024, 0, 10);
const policy = { rawDays: 1, minuteDays: 0, hourDays: 0 };

function logger() {
  const errors: unknown[] = [];
  return { errors, error: (o: unknown) => void errors.push(o), debug: () => undefined };
}

const point = (measuredAtMs: number, readingId: string) => ({
  readingId,
  idx: 0,
  metric: 'spo2' as const,
  patientId: 'p-1',
  gatewayId: 'g',
  deviceAddress: 'd',
  characteristic: '2A5F',
  measuredAtMs,
  receivedAtMs: measuredAtMs,
  storedAtMs: measuredAtMs,
  value: 97,
  unit: '%',
});

describe('MaintenanceLoop', () => {
  it('runs maintain with the injected clock and counts rollups and deletions by tier', async () => {
    const store = new MemoryVitalsStore();
    await store.writeBatch([point(T - 3 * 86_400_000, 'old'), point(T - 1000, 'new')]);
    const metrics = createMetrics(false);
    const log = logger();
    const loop = new MaintenanceLoop({
      store,
      policy,
      intervalMs: 60_000,
      now: () => T,
      logger: log,
      metrics,
    });
    await loop.runOnce();
    expect((await metrics.rollupBuckets.get()).values[0]?.value).toBe(4);
    const deleted = (await metrics.retentionDeleted.get()).values;
    expect(deleted.find((v) => v.labels.tier === 'raw')?.value).toBe(1);
    expect(
      (await metrics.maintenanceSeconds.get()).values.find(
        (v) => v.metricName === 'ingest_maintenance_seconds_count',
      )?.value,
    ).toBe(1);
    expect(log.errors).toEqual([]);
    await loop.stop();
  });

  it('logs and counts a failed run instead of throwing, and runs again afterwards', async () => {
    let calls = 0;
    const store = {
      maintain: async (): Promise<MaintenanceResult> => {
        calls++;
        if (calls === 1) throw new Error('disk full');
        return { rolledBuckets: 2, deletedRaw: 0, deleted1m: 0, deleted1h: 0 };
      },
    };
    const metrics = createMetrics(false);
    const log = logger();
    const loop = new MaintenanceLoop({
      store,
      policy,
      intervalMs: 60_000,
      now: () => T,
      logger: log,
      metrics,
    });
    await expect(loop.runOnce()).resolves.toBeUndefined();
    expect((await metrics.maintenanceFailures.get()).values[0]?.value).toBe(1);
    expect(log.errors).toHaveLength(1);
    await loop.runOnce();
    expect((await metrics.rollupBuckets.get()).values[0]?.value).toBe(2);
    await loop.stop();
  });

  it('never overlaps runs: a second call while one runs joins it', async () => {
    let release!: () => void;
    let calls = 0;
    const store = {
      maintain: () => {
        calls++;
        return new Promise<MaintenanceResult>((resolve) => {
          release = () => resolve({ rolledBuckets: 0, deletedRaw: 0, deleted1m: 0, deleted1h: 0 });
        });
      },
    };
    const loop = new MaintenanceLoop({
      store,
      policy,
      intervalMs: 60_000,
      now: () => T,
      logger: logger(),
      metrics: createMetrics(false),
    });
    const a = loop.runOnce();
    const b = loop.runOnce();
    await Promise.resolve();
    release();
    await Promise.all([a, b]);
    expect(calls).toBe(1);
    const stopped = loop.stop();
    await expect(stopped).resolves.toBeUndefined();
  });
});
