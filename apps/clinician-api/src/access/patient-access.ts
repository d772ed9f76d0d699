import type { AuditAction } from '../audit/audit.port.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';

/** What the caller wants to do with one patient's data (audited as is). */
export interface AccessRequest {
  readonly action: AuditAction;
  /** e.g. `patients/p-1001/notes`, `fhir/Observation?patient=p-1001` (ids only, never search text). */
  readonly resource: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A granted access: the audit row is written before this resolves. */
export interface AccessGrant {
  readonly patientId: string;
  /** Granted only through an emergency break-glass grant (flagged in audit). */
  readonly breakGlass: boolean;
}

/**
 * Port: THE access decision for one patient's data, used by every feature (REST, FHIR, live, export).
 * Rules: {@link decidePatientAccess}. Audits `allowed`/`denied` (with the break-glass flag) and throws
 * `PatientError` PATIENT_NOT_FOUND (404) or PATIENT_FORBIDDEN (403).
 */
export abstract class PatientAccess {
  abstract require(
    principal: Principal,
    patientId: string,
    request: AccessRequest,
    meta: RequestMeta,
  ): Promise<AccessGrant>;

  /** The same decision without auditing or throwing (for filters such as live subscriptions). */
  abstract check(principal: Principal, patientId: string): Promise<AccessDecision>;
}

/** The facts one decision needs. */
export interface PatientFacts {
  readonly id: string;
  readonly careTeamId: string;
  readonly status: 'active' | 'discharged' | 'erased';
}

export type AccessDecision =
  | { readonly kind: 'ALLOWED'; readonly breakGlass: boolean }
  | { readonly kind: 'NOT_FOUND' }
  | { readonly kind: 'FORBIDDEN' };

/**
 * Pure rule:
 * - unknown or erased patient → NOT_FOUND (an erased record holds nothing to show);
 * - role `patient` → only their own record;
 * - staff → patients of their care teams (whatever the role; an admin with no team sees no clinical data);
 * - a clinician outside the team → only with an unexpired break-glass grant for this patient (flagged);
 * - otherwise FORBIDDEN.
 */
export function decidePatientAccess(
  principal: Principal,
  patient: PatientFacts | null,
  hasActiveBreakGlass: boolean,
): AccessDecision {
  if (!patient || patient.status === 'erased') return { kind: 'NOT_FOUND' };
  if (principal.role === 'patient') {
    return principal.patientId === patient.id
      ? { kind: 'ALLOWED', breakGlass: false }
      : { kind: 'FORBIDDEN' };
  }
  if (principal.careTeams.includes(patient.careTeamId)) return { kind: 'ALLOWED', breakGlass: false };
  if (principal.role === 'clinician' && hasActiveBreakGlass) return { kind: 'ALLOWED', breakGlass: true };
  return { kind: 'FORBIDDEN' };
}
