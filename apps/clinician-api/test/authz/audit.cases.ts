import type { RouteCase } from './route-case.js';

/** The audit administration routes (admin only; not patient-scoped: an admin reads every patient's trail). */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/api/admin/audit', allow: ['admin'], build: () => ({ query: { limit: '5' } }) },
  {
    method: 'GET',
    path: '/api/admin/audit/export',
    allow: ['admin'],
    build: () => ({ query: { limit: '5' } }),
  },
  { method: 'GET', path: '/api/admin/audit/verify', allow: ['admin'] },
  // Deletes audit rows older than the retention period: the matrix checks only the refusals.
  { method: 'POST', path: '/api/admin/audit/retention', allow: ['admin'], destructive: true },
];
