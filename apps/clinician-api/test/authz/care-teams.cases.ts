import { randomBytes } from 'node:crypto';
import type { RouteCase } from './route-case.js';

/** Care teams: staff read their own; admins manage all (not patient-scoped). */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/api/care-teams', allow: ['admin', 'nurse', 'clinician'] },
  { method: 'GET', path: '/api/admin/care-teams', allow: ['admin'] },
  {
    method: 'POST',
    path: '/api/admin/care-teams',
    allow: ['admin'],
    build: () => ({
      body: { id: `team-authz-${randomBytes(4).toString('hex')}`, name: 'Authz matrix team' },
    }),
    okStatus: 201,
  },
  // Renames a demo team to its seeded name.
  {
    method: 'PATCH',
    path: '/api/admin/care-teams/:id',
    allow: ['admin'],
    build: () => ({ params: { id: 'team-north' }, body: { name: 'North community team' } }),
  },
  // Replaces a team's membership (would change who sees whom for the rest of the matrix): refusals only.
  {
    method: 'PUT',
    path: '/api/admin/care-teams/:id/members',
    allow: ['admin'],
    build: () => ({ params: { id: 'team-north' }, body: { userIds: ['u-nurse', 'u-clinician'] } }),
    destructive: true,
  },
];
