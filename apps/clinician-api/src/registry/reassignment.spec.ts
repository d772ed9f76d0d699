import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { planReassignment, type StoredAssignment } from './reassignment.js';

const t = (iso: string): Date => new Date(iso);
const open: StoredAssignment = { id: 7, patientId: 'p-1001', from: t('2026-01-01T00:00:00Z'), to: null };

describe('planReassignment', () => {
  it('ends the open assignment at the new start and opens one for the new patient', () => {
    const from = t('2026-02-01T08:00:00Z');
    expect(planReassignment([open], 'p-1002', from)).toEqual({
      ok: true,
      close: { id: 7, patientId: 'p-1001', to: from },
      open: { patientId: 'p-1002', from },
    });
  });

  it('refuses the patient the device already has', () => {
    expect(planReassignment([open], 'p-1001', t('2026-02-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'ASSIGNMENT_UNCHANGED',
    });
  });

  it('refuses a start at or before the open assignment started', () => {
    expect(planReassignment([open], 'p-1002', open.from)).toEqual({ ok: false, code: 'ASSIGNMENT_CONFLICT' });
    expect(planReassignment([open], 'p-1002', t('2025-12-31T00:00:00Z'))).toMatchObject({ ok: false });
  });

  it('assigns an unassigned device, but not inside its last closed interval', () => {
    const closed: StoredAssignment = { ...open, to: t('2026-03-01T00:00:00Z') };
    expect(planReassignment([], 'p-1002', t('2020-01-01T00:00:00Z'))).toMatchObject({
      ok: true,
      close: null,
    });
    expect(planReassignment([closed], 'p-1001', t('2026-03-01T00:00:00Z'))).toMatchObject({
      ok: true,
      close: null,
    });
    expect(planReassignment([closed], 'p-1002', t('2026-02-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'ASSIGNMENT_CONFLICT',
    });
  });

  it('never produces overlapping intervals (property)', () => {
    const instant = fc
      .integer({ min: 0, max: 10_000 })
      .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('p-1', 'p-2', 'p-3'), instant), { maxLength: 12 }),
        (steps) => {
          let rows: StoredAssignment[] = [];
          for (const [patientId, from] of steps) {
            const plan = planReassignment(rows, patientId, from);
            if (!plan.ok) continue;
            const close = plan.close;
            if (close) rows = rows.map((r) => (r.id === close.id ? { ...r, to: close.to } : r));
            rows.push({ id: rows.length + 1, patientId, from: plan.open.from, to: null });
          }
          const end = (r: StoredAssignment) => r.to?.getTime() ?? Number.POSITIVE_INFINITY;
          expect(rows.filter((r) => r.to === null).length).toBeLessThanOrEqual(1);
          for (const a of rows) {
            expect(end(a)).toBeGreaterThan(a.from.getTime());
            for (const b of rows) {
              if (a !== b) expect(a.from.getTime() >= end(b) || b.from.getTime() >= end(a)).toBe(true);
            }
          }
        },
      ),
    );
  });
});
