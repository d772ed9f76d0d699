import { describe, expect, it } from '@jest/globals';
import { applyAccountChange, checkAccountShape } from './user-rules.js';

describe('checkAccountShape', () => {
  it('accepts staff with or without care teams, and a patient linked to a record without teams', () => {
    expect(checkAccountShape({ role: 'nurse', patientId: null, careTeamIds: ['team-north'] })).toBeNull();
    expect(checkAccountShape({ role: 'admin', patientId: null, careTeamIds: [] })).toBeNull();
    expect(checkAccountShape({ role: 'patient', patientId: 'p-1001', careTeamIds: [] })).toBeNull();
  });

  it('refuses a patient without a record or with care teams, and staff with a patient link', () => {
    expect(checkAccountShape({ role: 'patient', patientId: null, careTeamIds: [] })).toBe(
      'USER_ROLE_MISMATCH',
    );
    expect(checkAccountShape({ role: 'patient', patientId: 'p-1001', careTeamIds: ['team-north'] })).toBe(
      'USER_ROLE_MISMATCH',
    );
    expect(checkAccountShape({ role: 'clinician', patientId: 'p-1001', careTeamIds: [] })).toBe(
      'USER_ROLE_MISMATCH',
    );
  });
});

describe('applyAccountChange', () => {
  const nurse = { id: 'u-nurse', role: 'nurse' as const, patientId: null, careTeamIds: ['team-north'] };
  const patient = { id: 'u-p', role: 'patient' as const, patientId: 'p-1001', careTeamIds: [] };

  it('changes a staff role and care teams', () => {
    expect(applyAccountChange('u-admin', nurse, { role: 'clinician', careTeamIds: ['team-south'] })).toEqual({
      ok: true,
      shape: { role: 'clinician', patientId: null, careTeamIds: ['team-south'] },
    });
  });

  it('keeps unspecified fields', () => {
    expect(applyAccountChange('u-admin', nurse, {})).toEqual({
      ok: true,
      shape: { role: 'nurse', patientId: null, careTeamIds: ['team-north'] },
    });
  });

  it('refuses turning a patient account into staff and giving it care teams', () => {
    expect(applyAccountChange('u-admin', patient, { role: 'nurse' })).toEqual({
      ok: false,
      code: 'USER_ROLE_MISMATCH',
    });
    expect(applyAccountChange('u-admin', patient, { careTeamIds: ['team-north'] })).toEqual({
      ok: false,
      code: 'USER_ROLE_MISMATCH',
    });
  });

  it("refuses an admin's change of their own role, but allows their own care teams", () => {
    const admin = { id: 'u-admin', role: 'admin' as const, patientId: null, careTeamIds: [] };
    expect(applyAccountChange('u-admin', admin, { role: 'nurse' })).toEqual({
      ok: false,
      code: 'USER_SELF_CHANGE',
    });
    expect(applyAccountChange('u-admin', admin, { role: 'admin', careTeamIds: ['team-north'] }).ok).toBe(
      true,
    );
  });
});
