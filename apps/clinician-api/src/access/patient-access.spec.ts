import { describe, expect, it } from '@jest/globals';
import type { UserRole } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { decidePatientAccess, type AccessDecision, type PatientFacts } from './patient-access.js';

const principals: Readonly<Record<UserRole, Principal>> = {
  admin: { userId: 'u-admin', role: 'admin', careTeams: [], patientId: null, sessionId: 's-a' },
  nurse: { userId: 'u-nurse', role: 'nurse', careTeams: ['team-north'], patientId: null, sessionId: 's-n' },
  clinician: {
    userId: 'u-clinician',
    role: 'clinician',
    careTeams: ['team-north'],
    patientId: null,
    sessionId: 's-c',
  },
  patient: {
    userId: 'u-patient-1001',
    role: 'patient',
    careTeams: [],
    patientId: 'p-1001',
    sessionId: 's-p',
  },
};

/** own: in team-north and the patient account's own record; other: team-south; erased: in team-north. */
const patients: Readonly<Record<'own' | 'other' | 'erased' | 'unknown', PatientFacts | null>> = {
  own: { id: 'p-1001', careTeamId: 'team-north', status: 'active' },
  other: { id: 'p-1003', careTeamId: 'team-south', status: 'active' },
  erased: { id: 'p-1001', careTeamId: 'team-north', status: 'erased' },
  unknown: null,
};

/** What the adapter found: no grant, an active one, or one that expired or was ended (= not active). */
type Grant = 'none' | 'active' | 'expired';

const ALLOWED: AccessDecision = { kind: 'ALLOWED', breakGlass: false };
const BREAK_GLASS: AccessDecision = { kind: 'ALLOWED', breakGlass: true };
const FORBIDDEN: AccessDecision = { kind: 'FORBIDDEN' };
const NOT_FOUND: AccessDecision = { kind: 'NOT_FOUND' };

/** The whole matrix: role × patient × grant → decision. */
const expected: Readonly<Record<UserRole, Record<keyof typeof patients, Record<Grant, AccessDecision>>>> = {
  admin: {
    own: { none: FORBIDDEN, active: FORBIDDEN, expired: FORBIDDEN },
    other: { none: FORBIDDEN, active: FORBIDDEN, expired: FORBIDDEN },
    erased: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
    unknown: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
  },
  nurse: {
    own: { none: ALLOWED, active: ALLOWED, expired: ALLOWED },
    // Break-glass is for clinicians only: a grant row for a nurse (impossible through the API) opens nothing.
    other: { none: FORBIDDEN, active: FORBIDDEN, expired: FORBIDDEN },
    erased: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
    unknown: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
  },
  clinician: {
    // Inside the team a grant is irrelevant: the access is ordinary, not flagged.
    own: { none: ALLOWED, active: ALLOWED, expired: ALLOWED },
    other: { none: FORBIDDEN, active: BREAK_GLASS, expired: FORBIDDEN },
    erased: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
    unknown: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
  },
  patient: {
    own: { none: ALLOWED, active: ALLOWED, expired: ALLOWED },
    other: { none: FORBIDDEN, active: FORBIDDEN, expired: FORBIDDEN },
    erased: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
    unknown: { none: NOT_FOUND, active: NOT_FOUND, expired: NOT_FOUND },
  },
};

const rows = (Object.keys(expected) as UserRole[]).flatMap((role) =>
  (Object.keys(patients) as (keyof typeof patients)[]).flatMap((patient) =>
    (['none', 'active', 'expired'] as const).map((grant) => [role, patient, grant] as const),
  ),
);

describe('decidePatientAccess: every role × own / other team / erased / unknown × break-glass grant', () => {
  it.each(rows)('%s × %s patient × %s grant', (role, patient, grant) => {
    const decision = decidePatientAccess(principals[role], patients[patient], grant === 'active');
    expect(decision).toEqual(expected[role][patient][grant]);
  });

  it('lets a staff member in several teams see the patients of each', () => {
    const both: Principal = { ...principals.nurse, careTeams: ['team-north', 'team-south'] };
    expect(decidePatientAccess(both, patients.other, false)).toEqual(ALLOWED);
  });

  it('gives an admin who joined a care team ordinary access to its patients (no admin bypass otherwise)', () => {
    const admin: Principal = { ...principals.admin, careTeams: ['team-south'] };
    expect(decidePatientAccess(admin, patients.other, false)).toEqual(ALLOWED);
    expect(decidePatientAccess(admin, patients.own, true)).toEqual(FORBIDDEN);
  });

  it('gives a patient account without a linked record nothing', () => {
    const orphan: Principal = { ...principals.patient, patientId: null };
    expect(decidePatientAccess(orphan, patients.own, false)).toEqual(FORBIDDEN);
  });

  it('treats a discharged patient like an active one (the record stays readable)', () => {
    const discharged: PatientFacts = { id: 'p-1001', careTeamId: 'team-north', status: 'discharged' };
    expect(decidePatientAccess(principals.nurse, discharged, false)).toEqual(ALLOWED);
    expect(decidePatientAccess(principals.patient, discharged, false)).toEqual(ALLOWED);
  });
});
