import type { PatientSummary } from '@openward/contracts';
import type { Principal } from '../common/principal.js';

/** Outcome of an access decision on one patient. */
export type PatientAccessDecision = 'ALLOWED' | 'NOT_FOUND' | 'FORBIDDEN';

/**
 * Care-team rule: staff see a patient only if the patient's care team is one of theirs, whatever their role
 * (an admin with no care team sees no clinical data). Pure.
 */
export function decidePatientAccess(
  principal: Principal,
  patient: PatientSummary | null,
): PatientAccessDecision {
  if (!patient) return 'NOT_FOUND';
  return principal.careTeams.includes(patient.careTeamId) ? 'ALLOWED' : 'FORBIDDEN';
}
