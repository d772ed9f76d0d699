import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { patientAt, type RegistrySnapshot } from '@openward/contracts';
import { SnapshotRegistry } from './registry-port.js';

const ADDRESSES = ['c0:ff:ee:00:00:01', 'c0:ff:ee:00:00:02', 'c0:ff:ee:00:00:03'] as const;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const assignment = fc
  .record({
    device: fc.constantFrom(...ADDRESSES),
    patient: fc.integer({ min: 1000, max: 1005 }),
    fromMin: fc.integer({ min: 0, max: 500 }),
    lengthMin: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
  })
  .map((a) => ({
    deviceAddress: a.device,
    patientId: `p-${a.patient}`,
    from: iso(T0 + a.fromMin * 60_000),
    to: a.lengthMin === null ? null : iso(T0 + (a.fromMin + a.lengthMin) * 60_000),
  }));

function snapshot(assignments: RegistrySnapshot['assignments'], version = 1): RegistrySnapshot {
  return {
    schema: 'openward.registry/1',
    version,
    generatedAt: iso(T0),
    gateways: [],
    devices: [],
    assignments,
  };
}

describe('SnapshotRegistry.patientAt (indexed)', () => {
  it('answers exactly like the reference patientAt of contracts, overlaps and open ends included', () => {
    fc.assert(
      fc.property(
        fc.array(assignment, { maxLength: 12 }),
        fc.constantFrom(...ADDRESSES, 'c0:ff:ee:00:00:09'),
        fc.integer({ min: -10, max: 900 }),
        (assignments, address, atMin) => {
          const snap = snapshot(assignments);
          const registry = new SnapshotRegistry();
          registry.apply(snap);
          const at = T0 + atMin * 60_000 + (atMin % 7) * 1000;
          expect(registry.patientAt(address, at)).toBe(patientAt(snap, address, at));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('uses the newly applied snapshot after a reassignment, and ignores an older one', () => {
    const registry = new SnapshotRegistry();
    const d = ADDRESSES[0];
    registry.apply(snapshot([{ deviceAddress: d, patientId: 'p-1000', from: iso(T0), to: null }], 1));
    const later = T0 + 3_600_000;
    expect(registry.patientAt(d, later)).toBe('p-1000');
    const moved = snapshot(
      [
        { deviceAddress: d, patientId: 'p-1000', from: iso(T0), to: iso(later) },
        { deviceAddress: d, patientId: 'p-1001', from: iso(later), to: null },
      ],
      2,
    );
    expect(registry.apply(moved)).toBe(true);
    expect(registry.patientAt(d, later - 1)).toBe('p-1000');
    expect(registry.patientAt(d, later)).toBe('p-1001');
    expect(registry.apply(snapshot([], 1))).toBe(false);
    expect(registry.patientAt(d, later)).toBe('p-1001');
    expect(registry.patientAt(d, T0 - 1)).toBeNull();
  });
});
