import { expect } from '@jest/globals';
import {
  adminUserSchema,
  loginResponseSchema,
  problemSchema,
  REFRESH_COOKIE,
  type AdminUser,
  type LoginResponse,
} from '@openward/contracts';
import { asc, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents, sessions } from '../src/database/schema.js';
import type { RunningApi } from './harness.js';

/** Helpers of the sign-in, session and user-administration integration specs. */

export interface CallOptions {
  readonly token?: string | null;
  /** Value of the ow_refresh cookie to send. */
  readonly refresh?: string | null;
  /** Source address (the API trusts X-Forwarded-For from loopback, as behind a local proxy). */
  readonly ip?: string;
  readonly body?: unknown;
}

export function call(
  api: RunningApi,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  opts: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.refresh) headers['cookie'] = `theme=dark; ${REFRESH_COOKIE.name}=${opts.refresh}`;
  if (opts.ip) headers['x-forwarded-for'] = opts.ip;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}

/** Asserts the status and parses the JSON body. */
export async function json<T = unknown>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect({ status: res.status, body: res.status === status ? null : text }).toEqual({ status, body: null });
  return (text === '' ? null : JSON.parse(text)) as T;
}

/** Asserts an `application/problem+json` answer with this status and code. */
export async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  const body = problemSchema.parse(await res.json());
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
}

/** The `Set-Cookie` of the refresh cookie, parsed: value and attributes (lower-cased names). */
export function refreshCookieOf(res: Response): { value: string; attrs: Record<string, string> } | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE.name}=`));
  if (!line) return null;
  const [pair = '', ...rest] = line.split(';').map((p) => p.trim());
  const attrs = Object.fromEntries(
    rest.map((a) => {
      const [k = '', v = ''] = a.split('=');
      return [k.toLowerCase(), v];
    }),
  );
  return { value: pair.slice(REFRESH_COOKIE.name.length + 1), attrs };
}

export interface Session {
  readonly accessToken: string;
  readonly refresh: string;
  readonly body: LoginResponse;
}

/** Signs in with a password (no MFA) and returns the access token and the refresh cookie value. */
export async function signIn(
  api: RunningApi,
  username: string,
  password: string,
  ip?: string,
): Promise<Session> {
  const res = await call(api, 'POST', '/api/auth/login', {
    body: { username, password },
    ...(ip ? { ip } : {}),
  });
  const body = loginResponseSchema.parse(await json(res, 200));
  const cookie = refreshCookieOf(res);
  if (!cookie) throw new Error('no refresh cookie');
  return { accessToken: body.accessToken, refresh: cookie.value, body };
}

/** Creates an account through the admin API. */
export async function createUser(
  api: RunningApi,
  adminToken: string,
  body: Record<string, unknown>,
): Promise<AdminUser> {
  return adminUserSchema.parse(
    await json(await call(api, 'POST', '/api/admin/users', { token: adminToken, body }), 201),
  );
}

/** Audit rows of an action, oldest first. */
export function auditRows(api: RunningApi, action: string) {
  return api.app
    .get(Database)
    .db.select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(asc(auditEvents.id));
}

/** Session rows of a user, oldest first. */
export function sessionRows(api: RunningApi, userId: string) {
  return api.app
    .get(Database)
    .db.select()
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt), asc(sessions.id));
}

/** A unique, valid username (specs may share a PostgreSQL cluster, never a database). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A password that passes the policy. */
export const GOOD_PASSWORD = 'violet harbour lantern 7';
