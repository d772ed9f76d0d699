import type { RouteCase } from './route-case.js';

const ALL = ['admin', 'nurse', 'clinician', 'patient'] as const;
const range = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };

/**
 * Vitals history (from ingest's store) and the GDPR export: patient-scoped, any signed-in role by route policy;
 * PatientAccess refuses everyone but the patient themself and staff of the care team.
 */
export const cases: readonly RouteCase[] = [
  {
    method: 'GET',
    path: '/api/patients/:id/observations',
    allow: ALL,
    patient: { in: 'path', name: 'id' },
    build: () => ({ query: { ...range, limit: '10' } }),
  },
  {
    method: 'GET',
    path: '/api/patients/:id/series',
    allow: ALL,
    patient: { in: 'path', name: 'id' },
    build: () => ({ query: { ...range, metric: 'heart-rate', bucket: '3600' } }),
  },
  { method: 'GET', path: '/api/patients/:id/export', allow: ALL, patient: { in: 'path', name: 'id' } },
];
