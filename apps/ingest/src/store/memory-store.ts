import type { LatestVital } from '@openward/contracts';
import {
  StoreClosedError,
  type DeadLetter,
  type StoredDeadLetter,
  type VitalPoint,
  type VitalsStore,
  type WriteResult,
} from './vitals-store.js';

/** In-memory adapter (not durable): for unit tests of code above the port; passes the same contract suite. */
export class MemoryVitalsStore implements VitalsStore {
  private readonly points = new Map<string, VitalPoint>();
  private readonly letters: StoredDeadLetter[] = [];
  private open = true;

  async writeBatch(points: readonly VitalPoint[]): Promise<WriteResult> {
    this.assertOpen();
    let inserted = 0;
    for (const p of points) {
      const key = `${p.readingId}\u0000${p.idx}`;
      if (this.points.has(key)) continue;
      this.points.set(key, { ...p });
      inserted++;
    }
    return { inserted, duplicates: points.length - inserted };
  }

  async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.assertOpen();
    for (const l of letters) {
      this.letters.push({ ...l, payload: new Uint8Array(l.payload), id: this.letters.length + 1 });
    }
  }

  async latest(patientId: string): Promise<LatestVital[]> {
    this.assertOpen();
    const best = new Map<string, VitalPoint>();
    for (const p of this.points.values()) {
      if (p.patientId !== patientId) continue;
      const cur = best.get(p.metric);
      if (!cur || newer(p, cur)) best.set(p.metric, p);
    }
    return [...best.values()]
      .sort((a, b) => (a.metric < b.metric ? -1 : 1))
      .map((p) => ({
        metric: p.metric,
        value: p.value,
        unit: p.unit,
        measuredAt: new Date(p.measuredAtMs).toISOString(),
        storedAt: new Date(p.storedAtMs).toISOString(),
        readingId: p.readingId,
        deviceAddress: p.deviceAddress,
      }));
  }

  async deadLetters(limit: number): Promise<StoredDeadLetter[]> {
    this.assertOpen();
    return this.letters.slice(-limit).reverse();
  }

  async pointsOf(readingId: string): Promise<VitalPoint[]> {
    this.assertOpen();
    return [...this.points.values()].filter((p) => p.readingId === readingId).sort((a, b) => a.idx - b.idx);
  }

  isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    this.open = false;
  }

  private assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }
}

/** Same order as the DuckDB query: measured_at, then reading id, then idx, all descending. */
function newer(a: VitalPoint, b: VitalPoint): boolean {
  if (a.measuredAtMs !== b.measuredAtMs) return a.measuredAtMs > b.measuredAtMs;
  if (a.readingId !== b.readingId) return a.readingId > b.readingId;
  return a.idx > b.idx;
}
