import { describe, expect, it } from '@jest/globals';
import { point } from '../../test/store-contract.js';
import { BatchWriteError, BatchWriter, type BatchInfo } from './batch-writer.js';
import { MemoryVitalsStore } from './memory-store.js';
import type { VitalPoint } from './vitals-store.js';

const newPoint = (readingId: string, idx = 0) => {
  const { storedAtMs: _s, ...p } = point({ readingId, idx });
  return p;
};

/** The memory adapter with a switch that makes point writes fail (store-down scenario). */
class FlakyStore extends MemoryVitalsStore {
  failing = false;
  override async writeBatch(points: readonly VitalPoint[]) {
    if (this.failing) throw new Error('disk unavailable');
    return super.writeBatch(points);
  }
}

describe('BatchWriter', () => {
  it('groups concurrent submissions into one write and resolves them all after it', async () => {
    const store = new MemoryVitalsStore();
    const batches: BatchInfo[] = [];
    const w = new BatchWriter({
      store,
      now: () => 42_000,
      maxWaitMs: 5,
      maxPoints: 100,
      onBatch: (b) => batches.push(b),
    });
    const outcomes = await Promise.all([
      w.submit({ points: [newPoint('r1'), newPoint('r1', 1)] }),
      w.submit({ points: [newPoint('r2')] }),
      w.submit({
        deadLetter: {
          receivedAtMs: 1,
          clientId: 'c',
          topic: 't',
          code: 'SCHEMA',
          message: 'm',
          payload: new Uint8Array(),
        },
      }),
    ]);
    expect(outcomes).toEqual([{ storedAtMs: 42_000 }, { storedAtMs: 42_000 }, { storedAtMs: 42_000 }]);
    expect(batches.map((b) => [b.points, b.deadLetters, b.result])).toEqual([
      [3, 1, { inserted: 3, duplicates: 0 }],
    ]);
    expect((await store.pointsOf('r1')).map((p) => p.storedAtMs)).toEqual([42_000, 42_000]);
    expect(await store.deadLetters(5)).toHaveLength(1);
  });

  it('flushes at maxPoints without waiting for the timer, and splits larger queues', async () => {
    const store = new MemoryVitalsStore();
    const batches: BatchInfo[] = [];
    const w = new BatchWriter({
      store,
      now: Date.now,
      maxWaitMs: 60_000,
      maxPoints: 2,
      onBatch: (b) => batches.push(b),
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => w.submit({ points: [newPoint(id)] })));
    expect(batches.map((b) => b.points)).toEqual([2, 2, 1]);
  });

  it('resolves waiters in submission order', async () => {
    const w = new BatchWriter({ store: new MemoryVitalsStore(), now: Date.now, maxWaitMs: 1, maxPoints: 3 });
    const order: string[] = [];
    await Promise.all(
      ['1', '2', '3', '4', '5', '6', '7'].map((id) =>
        w.submit({ points: [newPoint(id)] }).then(() => order.push(id)),
      ),
    );
    expect(order).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('refuses every waiter of a failed batch as transient, then recovers', async () => {
    const store = new FlakyStore();
    const w = new BatchWriter({ store, now: Date.now, maxWaitMs: 1, maxPoints: 100 });
    store.failing = true;
    const results = await Promise.allSettled([
      w.submit({ points: [newPoint('x')] }),
      w.submit({ points: [newPoint('y')] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const err = (results[0] as PromiseRejectedResult).reason as BatchWriteError;
    expect(err).toBeInstanceOf(BatchWriteError);
    expect(err.kind).toBe('transient');
    expect(w.failuresInARow).toBe(1);
    store.failing = false;
    await w.submit({ points: [newPoint('x')] });
    expect(w.failuresInARow).toBe(0);
    expect(await store.pointsOf('x')).toHaveLength(1);
  });

  it('classifies writes to a closed store as permanent', async () => {
    const store = new MemoryVitalsStore();
    await store.close();
    const w = new BatchWriter({ store, now: Date.now, maxWaitMs: 0, maxPoints: 100 });
    await expect(w.submit({ points: [newPoint('z')] })).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('flush() writes what is queued before the timer fires', async () => {
    const store = new MemoryVitalsStore();
    const w = new BatchWriter({ store, now: Date.now, maxWaitMs: 60_000, maxPoints: 100 });
    const p = w.submit({ points: [newPoint('q')] });
    await w.flush();
    await p;
    expect(await store.pointsOf('q')).toHaveLength(1);
  });
});
