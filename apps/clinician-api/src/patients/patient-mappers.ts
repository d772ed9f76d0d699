import type { LatestVital, PatientListItem, PatientRecord } from '@openward/contracts';
import type { PatientListRow, PatientRow } from './patients.repository.js';

/** A list row; `latest` only when the caller asked for it. Pure. */
export function toListItem(row: PatientListRow, latest?: LatestVital[]): PatientListItem {
  return {
    id: row.id,
    displayName: row.displayName,
    careTeamId: row.careTeamId,
    status: row.status === 'discharged' ? 'discharged' : 'active',
    mrn: row.mrn,
    ...(latest === undefined ? {} : { latest }),
  };
}

/** The full record (admin view and the base of the detail). Pure. */
export function toRecord(row: PatientRow): PatientRecord {
  return {
    id: row.id,
    displayName: row.displayName,
    careTeamId: row.careTeamId,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    gender: row.gender,
    mrn: row.mrn,
    status: row.status,
    enrolledAt: row.enrolledAt?.toISOString() ?? null,
    legalHold: row.legalHold,
    erasedAt: row.erasedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Default display name: given and family name. */
export function fullName(givenName: string, familyName: string): string {
  return `${givenName} ${familyName}`;
}

/**
 * Display name after an update: the one supplied, else recomputed from the new names when the old one was the
 * default (so fixing a typo in the family name fixes the screens), else unchanged. Pure.
 */
export function nextDisplayName(
  old: Pick<PatientRow, 'displayName' | 'givenName' | 'familyName'>,
  patch: { displayName?: string; givenName?: string; familyName?: string },
): string {
  if (patch.displayName !== undefined) return patch.displayName;
  const given = patch.givenName ?? old.givenName;
  const family = patch.familyName ?? old.familyName;
  const wasDefault =
    old.givenName !== null &&
    old.familyName !== null &&
    old.displayName === fullName(old.givenName, old.familyName);
  return wasDefault && given !== null && family !== null ? fullName(given, family) : old.displayName;
}
