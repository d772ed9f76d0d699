import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../common/principal.js';
import { decidePatientAccess } from './care-team.policy.js';

const nurse: Principal = { userId: 'u-nurse', role: 'nurse', careTeams: ['team-north'] };
const clinician: Principal = {
  userId: 'u-clinician',
  role: 'clinician',
  careTeams: ['team-north', 'team-south'],
};
const admin: Principal = { userId: 'u-admin', role: 'admin', careTeams: [] };
const north = { id: 'p-1001', displayName: 'A', careTeamId: 'team-north' };
const south = { id: 'p-1003', displayName: 'C', careTeamId: 'team-south' };

describe('decidePatientAccess (care-team policy)', () => {
  it.each([
    ['nurse, own team', nurse, north, 'ALLOWED'],
    ['nurse, other team', nurse, south, 'FORBIDDEN'],
    ['clinician in both teams, north', clinician, north, 'ALLOWED'],
    ['clinician in both teams, south', clinician, south, 'ALLOWED'],
    ['admin without care team (no clinical access by role alone)', admin, north, 'FORBIDDEN'],
    ['unknown patient', nurse, null, 'NOT_FOUND'],
  ] as const)('%s → %s', (_name, principal, patient, expected) => {
    expect(decidePatientAccess(principal, patient)).toBe(expected);
  });
});
