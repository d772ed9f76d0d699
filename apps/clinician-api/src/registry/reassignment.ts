/** One stored assignment of a device to a patient over [from, to). */
export interface StoredAssignment {
  id: number;
  patientId: string;
  from: Date;
  to: Date | null;
}

export type ReassignmentPlan =
  | {
      ok: true;
      /** The open assignment to end at the new one's start, if any. */
      close: { id: number; patientId: string; to: Date } | null;
      open: { patientId: string; from: Date };
    }
  | { ok: false; code: 'ASSIGNMENT_UNCHANGED' | 'ASSIGNMENT_CONFLICT' };

/**
 * Decides how to move a device to `patientId` from `from` without overlapping intervals (ingest attributes a
 * reading to the assignment that contains its `measuredAt`). Pure.
 *
 * - The open assignment (to = null) is ended at `from`, which must be after its start (the table's check
 *   `to > from` and "no interval of length 0").
 * - Without an open assignment, `from` must not precede the end of the last closed one.
 * - Moving a device to the patient it is already assigned to is refused, not silently repeated.
 */
export function planReassignment(
  existing: readonly StoredAssignment[],
  patientId: string,
  from: Date,
): ReassignmentPlan {
  const open = existing.find((a) => a.to === null) ?? null;
  if (open) {
    if (open.patientId === patientId) return { ok: false, code: 'ASSIGNMENT_UNCHANGED' };
    if (from.getTime() <= open.from.getTime()) return { ok: false, code: 'ASSIGNMENT_CONFLICT' };
    return {
      ok: true,
      close: { id: open.id, patientId: open.patientId, to: from },
      open: { patientId, from },
    };
  }
  const lastEnd = Math.max(...existing.map((a) => (a.to ?? a.from).getTime()), Number.NEGATIVE_INFINITY);
  if (from.getTime() < lastEnd) return { ok: false, code: 'ASSIGNMENT_CONFLICT' };
  return { ok: true, close: null, open: { patientId, from } };
}

export type AssignmentPlan =
  | { ok: true; open: { patientId: string; from: Date } }
  | { ok: false; code: 'DEVICE_ALREADY_ASSIGNED' | 'ASSIGNMENT_CONFLICT' };

/**
 * Assigns a device that has no open assignment to `patientId` from `from` (open-ended). Pure.
 * - A device with an open assignment is refused (`DEVICE_ALREADY_ASSIGNED`): moving it is a reassignment.
 * - `from` must not fall inside an earlier interval: the new one is open-ended, so it must start at or after
 *   the end of every closed interval (a gap before it stays a gap).
 */
export function planAssignment(
  existing: readonly StoredAssignment[],
  patientId: string,
  from: Date,
): AssignmentPlan {
  if (existing.some((a) => a.to === null)) return { ok: false, code: 'DEVICE_ALREADY_ASSIGNED' };
  const plan = planReassignment(existing, patientId, from);
  return plan.ok ? { ok: true, open: plan.open } : { ok: false, code: 'ASSIGNMENT_CONFLICT' };
}

export type UnassignmentPlan =
  | { ok: true; close: { id: number; patientId: string; from: Date; to: Date } }
  | { ok: false; code: 'DEVICE_NOT_ASSIGNED' | 'ASSIGNMENT_CONFLICT' };

/**
 * Ends the device's open assignment at `to` (which may lie in the future: the device stays with the patient
 * until then). `to` must be after the assignment's start (no empty interval). Pure.
 */
export function planUnassignment(existing: readonly StoredAssignment[], to: Date): UnassignmentPlan {
  const open = existing.find((a) => a.to === null);
  if (!open) return { ok: false, code: 'DEVICE_NOT_ASSIGNED' };
  if (to.getTime() <= open.from.getTime()) return { ok: false, code: 'ASSIGNMENT_CONFLICT' };
  return { ok: true, close: { id: open.id, patientId: open.patientId, from: open.from, to } };
}

/** The assignment whose [from, to) contains `at`, or null. Pure. */
export function assignmentAt(existing: readonly StoredAssignment[], at: Date): StoredAssignment | null {
  const t = at.getTime();
  return existing.find((a) => a.from.getTime() <= t && (a.to === null || t < a.to.getTime())) ?? null;
}

/**
 * The first pair of intervals that overlap (share an instant), or null: ingest attributes a reading to the
 * interval containing its time, so two would make the patient ambiguous. Pure; used as the invariant the
 * planners keep.
 */
export function findOverlap(
  existing: readonly StoredAssignment[],
): [StoredAssignment, StoredAssignment] | null {
  const end = (a: StoredAssignment): number => a.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const sorted = [...existing].sort((a, b) => a.from.getTime() - b.from.getTime());
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.from.getTime() < end(prev)) return [prev, cur];
  }
  return null;
}
