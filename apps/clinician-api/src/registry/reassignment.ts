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
