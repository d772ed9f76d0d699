import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { configFactory, FixedClock } from '../../test/factories.js';
import { ApiMetrics } from '../health/metrics.js';
import { GENESIS_HASH, sealRows, type ChainEntry, type SealedRow } from './audit-chain.js';
import { GroupCommitAuditLog } from './audit-writer.js';
import type { AuditEntry } from './audit.port.js';
import { AuditStore } from './audit.store.js';

/** A store whose commits the test releases by hand. */
class ManualStore extends AuditStore {
  readonly batches: ChainEntry[][] = [];
  private releases: { ok: () => void; fail: (e: Error) => void }[] = [];
  private nextId = 1;

  append(entries: readonly ChainEntry[]): Promise<readonly SealedRow[]> {
    this.batches.push([...entries]);
    return new Promise((resolve, reject) => {
      this.releases.push({
        ok: () => {
          const rows = entries.map((e) => ({ ...e, id: this.nextId++ }));
          resolve(sealRows(GENESIS_HASH, rows));
        },
        fail: reject,
      });
    });
  }
  /** Commits (or fails) the oldest pending batch, then lets the writer run. */
  async settle(outcome: 'commit' | 'fail' = 'commit'): Promise<void> {
    const r = this.releases.shift();
    if (!r) throw new Error('no pending batch');
    if (outcome === 'commit') r.ok();
    else r.fail(Object.assign(new Error('connection lost'), { code: '08006' }));
    await tick();
  }
  pending(): number {
    return this.releases.length;
  }
  head = unused;
  latestAnchor = unused;
  hasRowsThrough = unused;
  page = unused;
  search = unused;
  cut = unused;
}

function unused(): never {
  throw new Error('not used by the writer');
}

async function tick(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

function entry(n: number): AuditEntry {
  return {
    actorId: 'u-nurse',
    actorRole: 'nurse',
    patientId: 'p-1001',
    action: 'patient.read',
    resource: `patients/p-1001/${n}`,
    outcome: 'allowed',
    sourceIp: '127.0.0.1',
  };
}

function setup(queueMax = 100) {
  const store = new ManualStore();
  const metrics = new ApiMetrics();
  const clock = new FixedClock(new Date('2026-11-25T08:00:00.000Z'));
  const writer = new GroupCommitAuditLog(
    store,
    clock,
    metrics,
    pino({ level: 'silent' }),
    configFactory({ auditQueueMax: queueMax }),
  );
  return { store, metrics, writer };
}

/** Tracks whether a promise settled, and how. */
function track(p: Promise<void>): { state: () => 'pending' | 'resolved' | 'rejected'; error: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let error: unknown;
  p.then(
    () => (state = 'resolved'),
    (e: unknown) => {
      state = 'rejected';
      error = e;
    },
  );
  return { state: () => state, error: () => error };
}

async function metricValue(
  metrics: ApiMetrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const all = await metrics.registry.getMetricsAsJSON();
  const m = all.find((x) => x.name === name);
  const v = (m?.values ?? []).find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
  return v?.value ?? 0;
}

describe('GroupCommitAuditLog', () => {
  it('resolves a caller only after its batch committed', async () => {
    const { store, writer } = setup();
    const r = track(writer.record(entry(1)));
    await tick();
    expect(store.pending()).toBe(1);
    expect(r.state()).toBe('pending');
    await store.settle();
    expect(r.state()).toBe('resolved');
    expect(store.batches[0]?.[0]).toMatchObject({
      resource: 'patients/p-1001/1',
      at: new Date('2026-11-25T08:00:00.000Z'),
    });
  });

  it('commits entries of one tick together, and entries arriving during a commit in the next batch', async () => {
    const { store, writer, metrics } = setup();
    const first = [1, 2, 3].map((n) => track(writer.record(entry(n))));
    await tick();
    const second = [4, 5].map((n) => track(writer.record(entry(n))));
    await tick();
    expect(store.batches.map((b) => b.length)).toEqual([3]);
    await store.settle();
    expect(first.map((t) => t.state())).toEqual(['resolved', 'resolved', 'resolved']);
    expect(second.map((t) => t.state())).toEqual(['pending', 'pending']);
    expect(store.batches.map((b) => b.map((e) => e.resource.slice(-1)))).toEqual([
      ['1', '2', '3'],
      ['4', '5'],
    ]);
    await store.settle();
    expect(second.map((t) => t.state())).toEqual(['resolved', 'resolved']);
    const hist = (await metrics.registry.getMetricsAsJSON()).find(
      (m) => m.name === 'openward_api_audit_batch_size',
    );
    const series = (suffix: string): number | undefined =>
      hist?.values.find(
        (v) => (v as { metricName?: string }).metricName === `openward_api_audit_batch_size_${suffix}`,
      )?.value;
    expect([series('sum'), series('count')]).toEqual([5, 2]);
  });

  it('rejects at once with AUDIT_UNAVAILABLE when the queue is full, and counts it', async () => {
    const { store, writer, metrics } = setup(2);
    const inFlight = track(writer.record(entry(1)));
    await tick(); // batch [1] is committing; the queue is empty again
    const queued = [2, 3].map((n) => track(writer.record(entry(n))));
    expect(await metricValue(metrics, 'openward_api_audit_queue_depth')).toBe(2);
    await expect(writer.record(entry(4))).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      spec: { status: 503 },
    });
    expect(
      await metricValue(metrics, 'openward_api_audit_write_failures_total', { reason: 'queue-full' }),
    ).toBe(1);
    await store.settle();
    await store.settle();
    expect([inFlight, ...queued].map((t) => t.state())).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('rejects every caller of a failed batch (never drops silently), counts them, and keeps writing', async () => {
    const { store, writer, metrics } = setup();
    const failed = [1, 2].map((n) => track(writer.record(entry(n))));
    await tick();
    await store.settle('fail');
    expect(failed.map((t) => t.state())).toEqual(['rejected', 'rejected']);
    expect(failed[0]?.error()).toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(
      await metricValue(metrics, 'openward_api_audit_write_failures_total', { reason: 'flush-error' }),
    ).toBe(2);
    const next = track(writer.record(entry(3)));
    await tick();
    await store.settle();
    expect(next.state()).toBe('resolved');
  });

  it('on shutdown commits what is queued, then refuses new entries', async () => {
    const { store, writer } = setup();
    const queued = track(writer.record(entry(1)));
    await tick();
    const destroyed = writer.onModuleDestroy();
    await expect(writer.record(entry(2))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    await store.settle();
    await destroyed;
    expect(queued.state()).toBe('resolved');
    expect(store.batches.flat().map((e) => e.resource)).toEqual(['patients/p-1001/1']);
  });
});
