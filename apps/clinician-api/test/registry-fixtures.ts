import { expect } from '@jest/globals';
import { problemSchema, registrySnapshotSchema, type RegistrySnapshot } from '@openward/contracts';
import { DEMO_STAFF } from '@openward/testing';
import { and, asc, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';
import { login, type RunningApi } from './harness.js';

/** Helpers shared by the registry integration specs: HTTP calls, the feed, problems, audit rows. */
export const FEED_TOKEN = 'int-test-registry-feed-token-0123456789';

export class RegistryClient {
  constructor(readonly api: RunningApi) {}

  static async tokens(api: RunningApi): Promise<Record<'admin' | 'nurse' | 'clinician', string>> {
    const out: Record<string, string> = {};
    for (const s of DEMO_STAFF) out[s.role] = (await login(api.baseUrl, s.username, s.password)).accessToken;
    return out as Record<'admin' | 'nurse' | 'clinician', string>;
  }

  call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.api.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** `POST /api/gateways/enroll` as a gateway calls it (no token). */
  enroll(code: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.call('POST', '/api/gateways/enroll', null, { code }, headers);
  }

  feed(query = ''): Promise<Response> {
    return fetch(`${this.api.baseUrl}/internal/v1/registry${query}`, {
      headers: { authorization: `Bearer ${FEED_TOKEN}` },
    });
  }

  async snapshot(res?: Response): Promise<RegistrySnapshot> {
    const r = res ?? (await this.feed());
    expect(r.status).toBe(200);
    return registrySnapshotSchema.parse(await r.json());
  }

  auditRows(action: string, resource?: string) {
    return this.api.app
      .get(Database)
      .db.select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, action),
          resource === undefined ? undefined : eq(auditEvents.resource, resource),
        ),
      )
      .orderBy(asc(auditEvents.id));
  }
}

export async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(problemSchema.parse(await res.json())).toMatchObject({ status, code });
}

export async function json<T>(res: Response, status: number, schema: { parse(v: unknown): T }): Promise<T> {
  const body: unknown = await res.json();
  expect({ status: res.status, body }).toMatchObject({ status });
  return schema.parse(body);
}
