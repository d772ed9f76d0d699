import type { RouteCase } from './route-case.js';

/**
 * Sign-in, session and own-account routes. The sign-in steps, refresh and logout are public (their credential
 * is in the body or the httpOnly cookie); the matrix checks that they never need an access token. Own-account
 * routes are open to every role and touch only the caller's own account.
 */
export const cases: readonly RouteCase[] = [
  // Wrong password: a 401 problem, never a session (the matrix must not lock a demo account: one attempt).
  {
    method: 'POST',
    path: '/api/auth/login',
    allow: 'public',
    build: () => ({ body: { username: 'authz-no-such-user', password: 'not the password' } }),
    okStatus: 401,
  },
  {
    method: 'POST',
    path: '/api/auth/login/mfa',
    allow: 'public',
    build: () => ({ body: { mfaToken: 'not-a-token', code: '123456' } }),
    okStatus: 401,
  },
  {
    method: 'POST',
    path: '/api/auth/login/mfa/setup',
    allow: 'public',
    build: () => ({ body: { mfaToken: 'not-a-token' } }),
    okStatus: 401,
  },
  {
    method: 'POST',
    path: '/api/auth/login/mfa/confirm',
    allow: 'public',
    build: () => ({ body: { mfaToken: 'not-a-token', code: '123456' } }),
    okStatus: 401,
  },
  // No refresh cookie: 401 REFRESH_TOKEN_INVALID.
  { method: 'POST', path: '/api/auth/refresh', allow: 'public', okStatus: 401 },
  // Signs the caller's session out: the matrix must keep its tokens, so refusals only (there are none).
  { method: 'POST', path: '/api/auth/logout', allow: 'public', destructive: true },
  { method: 'GET', path: '/api/me', allow: ['admin', 'nurse', 'clinician', 'patient'] },
  // Wrong current password: 403 CURRENT_PASSWORD_INVALID would count toward the caller's lockout; refusals only.
  {
    method: 'POST',
    path: '/api/auth/password',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    build: () => ({ body: { currentPassword: 'x', newPassword: 'a brand new long passphrase' } }),
    destructive: true,
  },
  // Starts MFA enrolment of the caller (a secret is stored): refusals only.
  {
    method: 'POST',
    path: '/api/auth/mfa/setup',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    destructive: true,
  },
  // Without a setup first: 409 MFA_NOT_SET_UP.
  {
    method: 'POST',
    path: '/api/auth/mfa/confirm',
    allow: ['admin', 'nurse', 'clinician', 'patient'],
    build: () => ({ body: { code: '123456' } }),
    okStatus: 409,
  },
];
