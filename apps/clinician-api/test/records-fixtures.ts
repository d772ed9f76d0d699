import { expect } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import { DEMO_PATIENT_USERS, DEMO_STAFF } from '@openward/testing';
import { and, asc, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';
import { login, type RunningApi } from './harness.js';

/** Helpers shared by the patient-records integration specs (patients, notes, consents, break-glass, erasure). */

export type Role = 'admin' | 'nurse' | 'clinician' | 'patient';

/** Signs in every demo account: the staff and the demo patient account (Ada, p-1001). */
export async function demoTokens(api: RunningApi): Promise<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const s of DEMO_STAFF) out[s.role] = (await login(api.baseUrl, s.username, s.password)).accessToken;
  const patient = DEMO_PATIENT_USERS[0];
  out.patient = (await login(api.baseUrl, patient.username, patient.password)).accessToken;
  return out as Record<Role, string>;
}

/** One HTTP call with a bearer token and an optional JSON body. */
export function call(
  api: RunningApi,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Asserts the status and parses the JSON body. */
export async function json<T = unknown>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect({ status: res.status, body: res.status === status ? null : text }).toEqual({ status, body: null });
  return JSON.parse(text) as T;
}

/** Asserts an `application/problem+json` answer with this status and code. */
export async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  const body = problemSchema.parse(await res.json());
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
}

/** Audit rows of an action (optionally for one patient), oldest first. */
export function auditRows(api: RunningApi, action: string, patientId?: string) {
  return api.app
    .get(Database)
    .db.select()
    .from(auditEvents)
    .where(
      patientId === undefined
        ? eq(auditEvents.action, action)
        : and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)),
    )
    .orderBy(asc(auditEvents.id));
}

/** A unique suffix for records a spec creates (specs may share a PostgreSQL cluster, never a database). */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
