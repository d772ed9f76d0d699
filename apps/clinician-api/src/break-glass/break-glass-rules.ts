import type { BreakGlassState } from '@openward/contracts';
import type { AccessDecision } from '../access/patient-access.js';
import type { Principal } from '../common/principal.js';
import type { BreakGlassErrorCode } from './break-glass.errors.js';

/** The grant facts the rules need. */
export interface GrantFacts {
  readonly userId: string;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
}

/**
 * May a clinician open a break-glass grant, given the ordinary access decision for that patient (which
 * already counts an active grant)? Only when that decision is FORBIDDEN: inside the care team there is
 * nothing to break; with an active grant there is nothing to open. Pure.
 */
export function openRefusal(
  decision: AccessDecision,
):
  | 'PATIENT_NOT_FOUND'
  | Extract<BreakGlassErrorCode, 'BREAK_GLASS_NOT_NEEDED' | 'BREAK_GLASS_ALREADY_OPEN'>
  | null {
  if (decision.kind === 'NOT_FOUND') return 'PATIENT_NOT_FOUND';
  if (decision.kind === 'FORBIDDEN') return null;
  return decision.breakGlass ? 'BREAK_GLASS_ALREADY_OPEN' : 'BREAK_GLASS_NOT_NEEDED';
}

/** End of validity of a grant opened at `now`. Pure. */
export function grantExpiry(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * 60_000);
}

/** `ended` by its holder or an admin, `expired` at `expiresAt` (exclusive), else `active`. Pure. */
export function grantState(grant: GrantFacts, now: Date): BreakGlassState {
  if (grant.endedAt !== null) return 'ended';
  return grant.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

/**
 * Who may end a grant: its holder, or an admin (review). Anyone else is told it does not exist (no probing
 * of other clinicians' grants). An ended or expired grant cannot be ended again. Pure.
 */
export function endRefusal(
  principal: Principal,
  grant: GrantFacts | null,
  now: Date,
): BreakGlassErrorCode | null {
  if (grant === null || (principal.role !== 'admin' && grant.userId !== principal.userId)) {
    return 'BREAK_GLASS_NOT_FOUND';
  }
  return grantState(grant, now) === 'active' ? null : 'BREAK_GLASS_NOT_ACTIVE';
}
