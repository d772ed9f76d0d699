import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  assignmentAt,
  findOverlap,
  planAssignment,
  planReassignment,
  planUnassignment,
  type StoredAssignment,
} from './reassignment.js';

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

describe('planAssignment', () => {
  it('opens an assignment for a device without one', () => {
    const from = t('2026-02-01T00:00:00Z');
    expect(planAssignment([], 'p-1001', from)).toEqual({ ok: true, open: { patientId: 'p-1001', from } });
  });

  it('refuses a device that already has an open assignment (that is a reassignment)', () => {
    expect(planAssignment([open], 'p-1002', t('2026-02-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'DEVICE_ALREADY_ASSIGNED',
    });
  });

  it('refuses a start inside the last closed interval, accepts one at its end', () => {
    const closed: StoredAssignment = { ...open, to: t('2026-03-01T00:00:00Z') };
    expect(planAssignment([closed], 'p-1002', t('2026-02-15T00:00:00Z'))).toEqual({
      ok: false,
      code: 'ASSIGNMENT_CONFLICT',
    });
    expect(planAssignment([closed], 'p-1002', t('2026-03-01T00:00:00Z'))).toMatchObject({ ok: true });
  });
});

describe('planUnassignment', () => {
  it('ends the open assignment at `to`, also in the future', () => {
    const to = t('2030-01-01T00:00:00Z');
    expect(planUnassignment([open], to)).toEqual({
      ok: true,
      close: { id: 7, patientId: 'p-1001', from: open.from, to },
    });
  });

  it('refuses a device without an open assignment', () => {
    const closed: StoredAssignment = { ...open, to: t('2026-03-01T00:00:00Z') };
    expect(planUnassignment([], t('2026-03-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'DEVICE_NOT_ASSIGNED',
    });
    expect(planUnassignment([closed], t('2026-04-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'DEVICE_NOT_ASSIGNED',
    });
  });

  it('refuses an end at or before the start (an empty or negative interval)', () => {
    expect(planUnassignment([open], open.from)).toEqual({ ok: false, code: 'ASSIGNMENT_CONFLICT' });
    expect(planUnassignment([open], t('2025-01-01T00:00:00Z'))).toEqual({
      ok: false,
      code: 'ASSIGNMENT_CONFLICT',
    });
  });
});

describe('assignmentAt', () => {
  const first: StoredAssignment = {
    id: 1,
    patientId: 'p-1',
    from: t('2026-01-01T00:00:00Z'),
    to: t('2026-02-01T00:00:00Z'),
  };
  const second: StoredAssignment = { id: 2, patientId: 'p-2', from: t('2026-02-01T00:00:00Z'), to: null };

  it('finds the interval containing the instant, [from, to)', () => {
    expect(assignmentAt([first, second], t('2026-01-15T00:00:00Z'))).toBe(first);
    expect(assignmentAt([first, second], t('2026-02-01T00:00:00Z'))).toBe(second);
    expect(assignmentAt([first, second], t('2025-12-31T23:59:59Z'))).toBeNull();
    expect(assignmentAt([first], t('2026-02-01T00:00:00Z'))).toBeNull();
  });
});

describe('findOverlap', () => {
  const a = (id: number, from: string, to: string | null): StoredAssignment => ({
    id,
    patientId: `p-${id}`,
    from: t(from),
    to: to === null ? null : t(to),
  });

  it('accepts touching intervals and reports overlapping ones', () => {
    expect(
      findOverlap([a(1, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), a(2, '2026-02-01T00:00:00Z', null)]),
    ).toBeNull();
    expect(
      findOverlap([a(2, '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z'), a(1, '2026-01-01T00:00:00Z', null)]),
    ).toEqual([a(1, '2026-01-01T00:00:00Z', null), a(2, '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z')]);
  });
});

describe('assign, unassign and reassign together', () => {
  it('never produce overlapping intervals or more than one open one (property)', () => {
    const instant = fc
      .integer({ min: 0, max: 10_000 })
      .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000));
    const step = fc.oneof(
      fc.tuple(fc.constant('assign' as const), fc.constantFrom('p-1', 'p-2'), instant),
      fc.tuple(fc.constant('reassign' as const), fc.constantFrom('p-1', 'p-2'), instant),
      fc.tuple(fc.constant('unassign' as const), fc.constant(''), instant),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        let rows: StoredAssignment[] = [];
        const close = (id: number, to: Date): void => {
          rows = rows.map((r) => (r.id === id ? { ...r, to } : r));
        };
        for (const [op, patientId, at] of steps) {
          if (op === 'unassign') {
            const plan = planUnassignment(rows, at);
            if (plan.ok) close(plan.close.id, plan.close.to);
            continue;
          }
          if (op === 'assign') {
            const plan = planAssignment(rows, patientId, at);
            if (plan.ok) rows.push({ id: rows.length + 1, patientId, from: plan.open.from, to: null });
            continue;
          }
          const plan = planReassignment(rows, patientId, at);
          if (!plan.ok) continue;
          if (plan.close) close(plan.close.id, plan.close.to);
          rows.push({ id: rows.length + 1, patientId, from: plan.open.from, to: null });
        }
        expect(findOverlap(rows)).toBeNull();
        expect(rows.filter((r) => r.to === null).length).toBeLessThanOrEqual(1);
        for (const r of rows) if (r.to) expect(r.to.getTime()).toBeGreaterThan(r.from.getTime());
      }),
    );
  });
});
