import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { VitalPoint, VitalsStore } from '../src/store/vitals-store.js';
import { describeHistoryContract } from './store-contract-history.js';

/** A point with every field set; `over` overrides. */
export function point(over: Partial<VitalPoint> = {}): VitalPoint {
  return {
    readingId: 'gw-a:c0:ff:ee:00:00:01:2A37:1000',
    idx: 0,
    metric: 'heart-rate',
    patientId: 'p-1',
    gatewayId: 'gw-a',
    deviceAddress: 'c0:ff:ee:00:00:01',
    characteristic: '2A37',
    measuredAtMs: 1_700_000_000_123,
    receivedAtMs: 1_700_000_000_456,
    storedAtMs: 1_700_000_000_789,
    value: 72,
    unit: '/min',
    ...over,
  };
}

/**
 * The behaviour every {@link VitalsStore} adapter must have (MQTT.js abstract_store style). Each test gets a
 * fresh store from `open`; `reopen` (durable adapters only) closes it and opens the same data again.
 */
export function describeVitalsStoreContract(
  name: string,
  open: () => Promise<VitalsStore>,
  reopen?: (store: VitalsStore) => Promise<VitalsStore>,
): void {
  describe(`VitalsStore contract: ${name}`, () => {
    let store: VitalsStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores every field of a point and reads it back', async () => {
      const p = point();
      expect(await store.writeBatch([p])).toEqual({ inserted: 1, duplicates: 0 });
      expect(await store.pointsOf(p.readingId)).toEqual([p]);
    });

    it('keeps a null patient id', async () => {
      const p = point({ patientId: null });
      await store.writeBatch([p]);
      expect((await store.pointsOf(p.readingId))[0]?.patientId).toBeNull();
    });

    it('is idempotent by (reading id, index): redelivery and in-batch repeats are no-ops', async () => {
      const a = point({ idx: 0 });
      const b = point({ idx: 1, metric: 'rr-interval', value: 830, unit: 'ms' });
      expect(await store.writeBatch([a, b, a])).toEqual({ inserted: 2, duplicates: 1 });
      expect(await store.writeBatch([a, b])).toEqual({ inserted: 0, duplicates: 2 });
      // A redelivery with a different value does not overwrite the first stored value.
      expect(await store.writeBatch([{ ...a, value: 99 }])).toEqual({ inserted: 0, duplicates: 1 });
      const rows = await store.pointsOf(a.readingId);
      expect(rows.map((r) => [r.idx, r.value])).toEqual([
        [0, 72],
        [1, 830],
      ]);
    });

    it('writes an empty batch as a no-op', async () => {
      expect(await store.writeBatch([])).toEqual({ inserted: 0, duplicates: 0 });
    });

    it('returns the latest value per metric of one patient only', async () => {
      await store.writeBatch([
        point({ readingId: 'r-old', measuredAtMs: 1000, value: 60 }),
        point({ readingId: 'r-new', measuredAtMs: 3000, value: 80 }),
        point({ readingId: 'r-mid', measuredAtMs: 2000, value: 70 }),
        point({
          readingId: 'r-new',
          idx: 1,
          measuredAtMs: 3000,
          metric: 'rr-interval',
          value: 750,
          unit: 'ms',
        }),
        point({ readingId: 'r-other', measuredAtMs: 9000, value: 120, patientId: 'p-2' }),
        point({ readingId: 'r-none', measuredAtMs: 9000, value: 130, patientId: null }),
      ]);
      const latest = await store.latest('p-1');
      expect(latest).toEqual([
        {
          metric: 'heart-rate',
          value: 80,
          unit: '/min',
          measuredAt: new Date(3000).toISOString(),
          storedAt: new Date(point().storedAtMs).toISOString(),
          readingId: 'r-new',
          deviceAddress: point().deviceAddress,
        },
        expect.objectContaining({ metric: 'rr-interval', value: 750, unit: 'ms', readingId: 'r-new' }),
      ]);
      expect(await store.latest('p-unknown')).toEqual([]);
    });

    it('stores dead letters with their raw bytes, newest first, limited', async () => {
      const raw = new Uint8Array([0x7b, 0x00, 0xff, 0x80]);
      await store.writeDeadLetters([
        { receivedAtMs: 1000, clientId: 'gw-a', topic: 't/1', code: 'SCHEMA', message: 'm1', payload: raw },
      ]);
      await store.writeDeadLetters([
        {
          receivedAtMs: 2000,
          clientId: 'gw-a',
          topic: 't/2',
          code: 'UNKNOWN_DEVICE',
          message: 'm2',
          payload: new Uint8Array(),
        },
      ]);
      const all = await store.deadLetters(10);
      expect(all.map((d) => [d.code, d.topic, d.receivedAtMs, d.message, d.clientId])).toEqual([
        ['UNKNOWN_DEVICE', 't/2', 2000, 'm2', 'gw-a'],
        ['SCHEMA', 't/1', 1000, 'm1', 'gw-a'],
      ]);
      expect(Array.from(all[1]!.payload)).toEqual(Array.from(raw));
      expect(all[0]!.id).toBeGreaterThan(all[1]!.id);
      expect(await store.deadLetters(1)).toHaveLength(1);
    });

    it('refuses writes after close', async () => {
      await store.close();
      expect(store.isOpen()).toBe(false);
      await expect(store.writeBatch([point()])).rejects.toThrow('store is closed');
    });

    if (reopen) {
      it('keeps written points and dead letters across close and reopen', async () => {
        await store.writeBatch([point()]);
        await store.writeDeadLetters([
          {
            receivedAtMs: 1,
            clientId: 'c',
            topic: 't',
            code: 'SCHEMA',
            message: 'm',
            payload: new Uint8Array([1]),
          },
        ]);
        store = await reopen(store);
        expect(await store.pointsOf(point().readingId)).toEqual([point()]);
        expect(await store.deadLetters(5)).toHaveLength(1);
        expect(await store.writeBatch([point()])).toEqual({ inserted: 0, duplicates: 1 });
      });
    }
  });
  describeHistoryContract(name, open, reopen);
}
