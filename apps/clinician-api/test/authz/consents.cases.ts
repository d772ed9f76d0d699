import type { RouteCase } from './route-case.js';

/** Consent records of one patient: staff of the care team, or the patient themself (electronic only). */
export const cases: readonly RouteCase[] = [
  {
    method: 'GET',
    path: '/api/patients/:id/consents',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    patient: { in: 'path', name: 'id' },
  },
  {
    method: 'POST',
    path: '/api/patients/:id/consents',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    patient: { in: 'path', name: 'id' },
    build: () => ({ body: { kind: 'video', version: 'authz-1', language: 'en', method: 'electronic' } }),
    okStatus: 201,
  },
  // Withdraws the seeded monitoring consent (`c-demo-<patient>`): a second allowed call would answer 409.
  {
    method: 'POST',
    path: '/api/patients/:id/consents/:consentId/withdraw',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    patient: { in: 'path', name: 'id' },
    build: ({ patientId }) => ({ params: { consentId: `c-demo-${patientId}` } }),
    destructive: true,
  },
];
