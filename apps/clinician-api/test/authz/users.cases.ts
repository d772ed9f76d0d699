import { randomBytes } from 'node:crypto';
import type { RouteCase } from './route-case.js';

/** Account administration: admin only; not patient-scoped. */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/api/admin/users', allow: ['admin'], build: () => ({ query: { limit: '5' } }) },
  {
    method: 'POST',
    path: '/api/admin/users',
    allow: ['admin'],
    build: () => ({
      body: {
        username: `authz-${randomBytes(4).toString('hex')}`,
        displayName: 'Authz matrix nurse',
        role: 'nurse',
        careTeamIds: ['team-south'],
        password: 'matrix probe passphrase 42',
      },
    }),
    okStatus: 201,
  },
  // Renames the demo nurse to her seeded name.
  {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    allow: ['admin'],
    build: () => ({ params: { id: 'u-nurse' }, body: { displayName: 'Nina Nurse' } }),
  },
  // Would sign the demo nurse out everywhere: refusals only.
  {
    method: 'POST',
    path: '/api/admin/users/:id/disable',
    allow: ['admin'],
    build: () => ({ params: { id: 'u-nurse' } }),
    destructive: true,
  },
  {
    method: 'POST',
    path: '/api/admin/users/:id/enable',
    allow: ['admin'],
    build: () => ({ params: { id: 'u-nurse' } }),
  },
  {
    method: 'POST',
    path: '/api/admin/users/:id/unlock',
    allow: ['admin'],
    build: () => ({ params: { id: 'u-nurse' } }),
  },
  {
    method: 'POST',
    path: '/api/admin/users/:id/mfa/reset',
    allow: ['admin'],
    build: () => ({ params: { id: 'u-nurse' } }),
  },
];
