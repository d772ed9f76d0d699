import type { UserRole } from '@openward/contracts';
import type { UserErrorCode } from './users.errors.js';

/** The role-dependent fields of an account, as requested (create) or after a change (update). */
export interface AccountShape {
  readonly role: UserRole;
  readonly patientId: string | null;
  readonly careTeamIds: readonly string[];
}

/**
 * Pure: is this a valid account shape? A patient account is linked to exactly one patient record and joins
 * no care team (it would see the team's other patients); a staff account has no patient link.
 */
export function checkAccountShape(shape: AccountShape): UserErrorCode | null {
  if (shape.role === 'patient') {
    return shape.patientId === null || shape.careTeamIds.length > 0 ? 'USER_ROLE_MISMATCH' : null;
  }
  return shape.patientId !== null ? 'USER_ROLE_MISMATCH' : null;
}

/** What an update may change about the target account (role changes stay within staff roles). */
export interface AccountChange {
  readonly role?: UserRole;
  readonly careTeamIds?: readonly string[];
}

/**
 * Pure: the shape after an update, or the refusal. A patient account cannot become staff (or vice versa):
 * its patient link would have to appear or vanish, which is a new account, not an edit. An administrator
 * cannot change their own role.
 */
export function applyAccountChange(
  actorId: string,
  target: AccountShape & { readonly id: string },
  change: AccountChange,
): { ok: true; shape: AccountShape } | { ok: false; code: UserErrorCode } {
  if (change.role !== undefined && change.role !== target.role) {
    if (target.id === actorId) return { ok: false, code: 'USER_SELF_CHANGE' };
    if (target.role === 'patient' || change.role === 'patient')
      return { ok: false, code: 'USER_ROLE_MISMATCH' };
  }
  const shape: AccountShape = {
    role: change.role ?? target.role,
    patientId: target.patientId,
    careTeamIds: change.careTeamIds ?? target.careTeamIds,
  };
  const bad = checkAccountShape(shape);
  return bad === null ? { ok: true, shape } : { ok: false, code: bad };
}
