import { describe, expect, it } from '@jest/globals';
import { nextDisplayName, toListItem } from './patient-mappers.js';
import type { PatientRow } from './patients.repository.js';

const row: PatientRow = {
  id: 'p-1001',
  displayName: 'Ada Example',
  careTeamId: 'team-north',
  givenName: 'Ada',
  familyName: 'Example',
  birthDate: '1948-03-14',
  gender: 'female',
  mrn: 'OW-0001001',
  status: 'active',
  enrolledAt: null,
  legalHold: false,
  erasedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe('nextDisplayName', () => {
  it('follows a name correction when the display name was the default', () => {
    expect(nextDisplayName(row, { familyName: 'Exemplar' })).toBe('Ada Exemplar');
  });

  it('keeps a display name an admin chose', () => {
    expect(nextDisplayName({ ...row, displayName: 'Mrs A. Example' }, { givenName: 'Adelaide' })).toBe(
      'Mrs A. Example',
    );
  });

  it('uses an explicitly supplied display name', () => {
    expect(nextDisplayName(row, { displayName: 'Ada E.', familyName: 'Exemplar' })).toBe('Ada E.');
  });
});

describe('toListItem', () => {
  it('shows demographics-free list fields, and latest vitals only when asked for', () => {
    expect(toListItem(row)).toEqual({
      id: 'p-1001',
      displayName: 'Ada Example',
      careTeamId: 'team-north',
      status: 'active',
      mrn: 'OW-0001001',
    });
    expect(toListItem(row, [])).toMatchObject({ latest: [] });
  });
});
