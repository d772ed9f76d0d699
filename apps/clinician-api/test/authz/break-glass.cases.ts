import type { RouteCase } from './route-case.js';

/**
 * Break-glass. Opening is deliberately cross-team (a clinician opens a grant for a patient OUTSIDE their teams),
 * so it is not listed as patient-scoped here: an allowed call would change what that clinician may see for the
 * rest of the matrix. Its behaviour (NOT_NEEDED inside the team, grant, flagged audit, expiry) is proven in
 * test/break-glass.int.spec.ts; the matrix checks the role refusals.
 */
export const cases: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/api/patients/:id/break-glass',
    allow: ['clinician'],
    build: () => ({ params: { id: 'p-1003' }, body: { reason: 'Authorisation matrix probe' } }),
    destructive: true,
  },
  // No grant has this id: allowed callers get 404 BREAK_GLASS_NOT_FOUND, others 403 ROLE_FORBIDDEN.
  {
    method: 'POST',
    path: '/api/break-glass/:grantId/end',
    allow: ['clinician', 'admin'],
    build: () => ({ params: { grantId: 'bg-authz-none' } }),
    okStatus: 404,
  },
  {
    method: 'GET',
    path: '/api/admin/break-glass',
    allow: ['admin'],
    build: () => ({ query: { limit: '5' } }),
  },
];
