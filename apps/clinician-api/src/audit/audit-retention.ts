import type { ChainAnchor } from './audit-verify.js';

/**
 * Retention rules (DESIGN.md §5), pure. Rows are cut as an id PREFIX of the chain so that what remains is
 * still one verifiable chain starting at the anchor.
 */

const DAY_MS = 86_400_000;

/** Rows recorded before this instant are due for deletion (`now - days`). */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The range a cut deletes: `afterId < id <= throughId`. */
export interface RetentionPlan {
  readonly afterId: number;
  readonly throughId: number;
}

/**
 * Decides the cut. `lastDueId` is the last row before the first row that must be kept (the first row recorded
 * at or after the cutoff, or concerning a patient under legal hold), or the last row when none must be kept;
 * null when there are no rows before it. A cut never reaches back behind the latest anchor.
 */
export function planRetentionCut(anchor: ChainAnchor | null, lastDueId: number | null): RetentionPlan | null {
  const afterId = anchor?.throughId ?? 0;
  if (lastDueId === null || lastDueId <= afterId) return null;
  return { afterId, throughId: lastDueId };
}
