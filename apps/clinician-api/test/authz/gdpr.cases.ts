import type { RouteCase } from './route-case.js';

/** GDPR erasure and legal hold (admin; the export is listed with the FHIR routes). */
export const cases: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/api/admin/patients/:id/erase',
    allow: ['admin'],
    build: () => ({ params: { id: 'p-1002' }, body: { reason: 'Authorisation matrix probe' } }),
    destructive: true,
  },
  // Lifts a hold that is not set: an allowed call changes nothing.
  {
    method: 'POST',
    path: '/api/admin/patients/:id/legal-hold',
    allow: ['admin'],
    build: () => ({ params: { id: 'p-1002' }, body: { hold: false, reason: 'Authorisation matrix probe' } }),
  },
];
