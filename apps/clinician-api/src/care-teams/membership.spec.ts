import { describe, expect, it } from '@jest/globals';
import type { UserRole } from '@openward/contracts';
import { invalidMembers } from './membership.js';

const accounts = new Map<string, { role: UserRole }>([
  ['u-nurse', { role: 'nurse' }],
  ['u-clinician', { role: 'clinician' }],
  ['u-admin', { role: 'admin' }],
  ['u-patient', { role: 'patient' }],
]);

describe('invalidMembers', () => {
  it('accepts staff of every role, and an empty team', () => {
    expect(invalidMembers(['u-nurse', 'u-clinician', 'u-admin'], accounts)).toEqual([]);
    expect(invalidMembers([], accounts)).toEqual([]);
  });

  it('names unknown accounts and patient accounts, in request order', () => {
    expect(invalidMembers(['u-patient', 'u-nurse', 'u-ghost'], accounts)).toEqual(['u-patient', 'u-ghost']);
  });
});
