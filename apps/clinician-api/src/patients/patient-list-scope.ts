import type { Principal } from '../common/principal.js';

/**
 * Which patients a caller's list may contain: the same rule as `decidePatientAccess` (src/access), applied as
 * a filter. Staff see their care teams' patients, a patient only themself, nobody else sees anyone (an admin
 * without a team manages patients through the admin routes). Break-glass grants open one record by id; they
 * never add patients to a list. Erased patients are never listed (the repository excludes them).
 */
export type PatientListScope =
  | { readonly kind: 'teams'; readonly careTeamIds: readonly string[] }
  | { readonly kind: 'self'; readonly patientId: string }
  | { readonly kind: 'none' };

/** Pure. */
export function patientListScope(principal: Principal): PatientListScope {
  if (principal.role === 'patient') {
    return principal.patientId === null ? { kind: 'none' } : { kind: 'self', patientId: principal.patientId };
  }
  return principal.careTeams.length > 0
    ? { kind: 'teams', careTeamIds: principal.careTeams }
    : { kind: 'none' };
}

/**
 * The search text as matched: trimmed, inner whitespace collapsed; null when blank. It is only ever a query
 * parameter bound into SQL: never logged, audited or echoed (a name typed by a nurse is PHI).
 */
export function normaliseSearch(q: string | undefined): string | null {
  if (q === undefined) return null;
  const s = q.trim().replace(/\s+/g, ' ');
  return s === '' ? null : s;
}

/** Escapes LIKE wildcards so the text matches literally (PostgreSQL's default escape character `\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
