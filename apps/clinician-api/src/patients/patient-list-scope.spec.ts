import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../common/principal.js';
import { likeLiteral, normaliseSearch, patientListScope } from './patient-list-scope.js';

const p = (over: Partial<Principal>): Principal => ({
  userId: 'u-x',
  role: 'nurse',
  careTeams: [],
  patientId: null,
  sessionId: 's',
  ...over,
});

describe('patientListScope (the access rule as a list filter)', () => {
  it('lists the care teams of nurses and clinicians', () => {
    expect(patientListScope(p({ role: 'nurse', careTeams: ['team-north'] }))).toEqual({
      kind: 'teams',
      careTeamIds: ['team-north'],
    });
    expect(patientListScope(p({ role: 'clinician', careTeams: ['team-north', 'team-south'] }))).toEqual({
      kind: 'teams',
      careTeamIds: ['team-north', 'team-south'],
    });
  });

  it('lists only the patient themself for a patient account, whatever teams the token claims', () => {
    expect(patientListScope(p({ role: 'patient', patientId: 'p-1001', careTeams: ['team-north'] }))).toEqual({
      kind: 'self',
      patientId: 'p-1001',
    });
    expect(patientListScope(p({ role: 'patient', patientId: null }))).toEqual({ kind: 'none' });
  });

  it('lists nobody for staff without a team (an admin manages patients through the admin routes)', () => {
    expect(patientListScope(p({ role: 'admin', careTeams: [] }))).toEqual({ kind: 'none' });
    expect(patientListScope(p({ role: 'nurse', careTeams: [] }))).toEqual({ kind: 'none' });
  });
});

describe('normaliseSearch and likeLiteral', () => {
  it('trims, collapses whitespace and treats blank as no search', () => {
    expect(normaliseSearch('  Ada   Example ')).toBe('Ada Example');
    expect(normaliseSearch('   ')).toBeNull();
    expect(normaliseSearch(undefined)).toBeNull();
  });

  it('escapes LIKE wildcards so a search matches literally', () => {
    expect(likeLiteral('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
