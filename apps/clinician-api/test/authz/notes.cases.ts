import type { RouteCase } from './route-case.js';

/** Notes of one patient: read by whoever may see the patient, written by nurses and clinicians only. */
export const cases: readonly RouteCase[] = [
  {
    method: 'GET',
    path: '/api/patients/:id/notes',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    patient: { in: 'path', name: 'id' },
  },
  {
    method: 'POST',
    path: '/api/patients/:id/notes',
    allow: ['nurse', 'clinician'],
    patient: { in: 'path', name: 'id' },
    build: () => ({ body: { kind: 'progress', body: 'Authorisation matrix probe note.' } }),
    okStatus: 201,
  },
];
