import { describe, expect, it } from '@jest/globals';
import { expectedOutcome, OTHER_PATIENT, OWN_PATIENT, sees } from './expectations.js';
import type { RouteCase } from './route-case.js';

const notes: RouteCase = {
  method: 'GET',
  path: '/api/patients/:id/notes',
  allow: ['admin', 'nurse', 'clinician', 'patient'],
  patient: { in: 'path', name: 'id' },
};

describe('sees (the PatientAccess rule over the demo world)', () => {
  it('gives the nurse team north, the clinician both teams, the patient only self and the admin nothing', () => {
    expect([OWN_PATIENT, 'p-1002', OTHER_PATIENT].map((p) => sees('nurse', p))).toEqual([true, true, false]);
    expect([OWN_PATIENT, 'p-1002', OTHER_PATIENT].map((p) => sees('clinician', p))).toEqual([
      true,
      true,
      true,
    ]);
    expect([OWN_PATIENT, 'p-1002', OTHER_PATIENT].map((p) => sees('patient', p))).toEqual([
      true,
      false,
      false,
    ]);
    expect([OWN_PATIENT, OTHER_PATIENT].map((p) => sees('admin', p))).toEqual([false, false]);
    expect(sees('nurse', 'p-9999')).toBe(false);
  });
});

describe('expectedOutcome', () => {
  it('refuses another team’s patient on a patient-scoped route, and lets the own one in', () => {
    expect(expectedOutcome(notes, 'nurse', OWN_PATIENT)).toEqual({ kind: 'allowed', status: 200 });
    expect(expectedOutcome(notes, 'nurse', OTHER_PATIENT)).toEqual({ kind: 'refused', why: 'patient' });
    expect(expectedOutcome(notes, 'patient', OTHER_PATIENT)).toEqual({ kind: 'refused', why: 'patient' });
    expect(expectedOutcome(notes, 'admin', OWN_PATIENT)).toEqual({ kind: 'refused', why: 'patient' });
  });

  it('wants 401 for no, forged, expired and service tokens on a signed-in route; 403 for a role not allowed', () => {
    for (const caller of ['none', 'forged', 'expired', 'service'] as const) {
      expect(expectedOutcome(notes, caller, OWN_PATIENT)).toEqual({ kind: 'unauthenticated' });
    }
    expect(expectedOutcome({ ...notes, allow: ['nurse'] }, 'clinician', OWN_PATIENT)).toEqual({
      kind: 'refused',
      why: 'role',
    });
  });

  it('lets every caller call a public route, only the service a service route, and never calls a destructive one', () => {
    const health: RouteCase = { method: 'GET', path: '/api/health', allow: 'public' };
    expect(expectedOutcome(health, 'forged', OWN_PATIENT)).toEqual({ kind: 'allowed', status: 200 });
    const feed: RouteCase = { method: 'GET', path: '/internal/v1/registry', allow: 'service' };
    expect(expectedOutcome(feed, 'service', OWN_PATIENT)).toEqual({ kind: 'allowed', status: 200 });
    expect(expectedOutcome(feed, 'admin', OWN_PATIENT)).toEqual({ kind: 'unauthenticated' });
    const erase: RouteCase = {
      method: 'POST',
      path: '/api/admin/x',
      allow: ['admin'],
      destructive: true,
      okStatus: 204,
    };
    expect(expectedOutcome(erase, 'admin', OWN_PATIENT)).toEqual({ kind: 'skip' });
    expect(expectedOutcome(erase, 'nurse', OWN_PATIENT)).toEqual({ kind: 'refused', why: 'role' });
  });
});
