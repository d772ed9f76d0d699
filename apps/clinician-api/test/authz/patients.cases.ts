import { randomBytes } from 'node:crypto';
import type { RouteCase } from './route-case.js';

const fresh = (): string => randomBytes(6).toString('hex');
const ALL = ['admin', 'nurse', 'clinician', 'patient'] as const;

/**
 * Patients: the list is filtered by the care-team rule (not patient-scoped: it never takes a patient id); one
 * patient's summary and vitals are patient-scoped; the admin routes manage records without clinical data.
 */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/api/patients', allow: ALL, build: () => ({ query: { limit: '5' } }) },
  { method: 'GET', path: '/api/patients/:id', allow: ALL, patient: { in: 'path', name: 'id' } },
  { method: 'GET', path: '/api/patients/:id/vitals/latest', allow: ALL, patient: { in: 'path', name: 'id' } },
  { method: 'GET', path: '/api/admin/patients', allow: ['admin'], build: () => ({ query: { limit: '5' } }) },
  {
    method: 'POST',
    path: '/api/admin/patients',
    allow: ['admin'],
    build: () => ({
      body: {
        givenName: 'Matrix',
        familyName: 'Probe',
        birthDate: '1970-01-01',
        gender: 'unknown',
        mrn: `AUTHZ-${fresh()}`,
        careTeamId: 'team-south',
      },
    }),
    okStatus: 201,
  },
  // Re-sets a demo demographic to its seeded value: allowed calls change nothing visible.
  {
    method: 'PATCH',
    path: '/api/admin/patients/:id',
    allow: ['admin'],
    build: () => ({ params: { id: 'p-1002' }, body: { gender: 'male' } }),
  },
];
