import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import { freePort } from '@openward/testing';
import { registeredRoutes } from '../../src/common/route-inventory.js';
import { IngestStandIn, startApi, type RunningApi } from '../harness.js';
import { matrixCallers, type CallerHeaders } from './callers.js';
import { ALL_CASES, CASE_FILES } from './cases.js';
import {
  CALLERS,
  expectedOutcome,
  OTHER_PATIENT,
  OWN_PATIENT,
  PATIENT_DATA_MARKERS,
  type Caller,
  type Expected,
} from './expectations.js';
import type { RouteCase } from './route-case.js';

/**
 * The authorisation matrix (OWASP API1 BOLA, API5 BFLA): every registered route × every caller (admin, nurse of
 * team-north, clinician, the patient p-1001, no token, a forged token, an expired token, a service token) ×
 * (own patient p-1001 / another team's p-1003 for patient-scoped routes), on the seeded demo world. Refusals
 * must be 401/403/404 problems (or FHIR OperationOutcomes) without patient data; allowed calls must answer
 * the case's status. Destructive cases are never called by an allowed caller.
 */

const SERVICE_TOKEN = 'authz-matrix-service-token-0123456789abcdef';

let api: RunningApi;
let ingest: IngestStandIn;
let callers: CallerHeaders;
let control: string;

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  api = await startApi({
    demoSeed: true,
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  ({ headers: callers, control } = await matrixCallers(api));
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

const key = (c: Pick<RouteCase, 'method' | 'path'>): string => `${c.method} ${c.path}`;

/** The URL and init of one call of `c` for `patientId`, or why it cannot be built. */
function requestOf(c: RouteCase, patientId: string, headers: Readonly<Record<string, string>>): Request {
  const built = c.build?.({ patientId }) ?? {};
  const params: Record<string, string> = { ...built.params };
  const query: Record<string, string> = { ...built.query };
  if (c.patient?.in === 'path') params[c.patient.name] = patientId;
  if (c.patient?.in === 'query') query[c.patient.name] = patientId;
  const path = c.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${key(c)}: the case gives no value for :${name}`);
    return encodeURIComponent(v);
  });
  const qs = new URLSearchParams(query).toString();
  const hasBody = c.method !== 'GET' && c.method !== 'DELETE';
  return new Request(`${api.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
    method: c.method,
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? JSON.stringify(built.body ?? {}) : undefined,
  });
}

/** Checks an error body: problem+json (type/title/status/code, status matching) or a FHIR OperationOutcome. */
function errorBodyIssue(status: number, contentType: string, text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (${contentType})`;
  }
  if (contentType.startsWith('application/problem+json')) {
    const p = problemSchema.safeParse(body);
    if (!p.success) return `problem without type/title/status/code: ${text.slice(0, 200)}`;
    return p.data.status === status ? null : `problem status ${p.data.status} ≠ HTTP ${status}`;
  }
  if (contentType.startsWith('application/fhir+json')) {
    return (body as { resourceType?: unknown }).resourceType === 'OperationOutcome'
      ? null
      : 'fhir+json not an OperationOutcome';
  }
  return `error with content-type ${contentType || 'none'}`;
}

/** One call and how it differs from `expected` (null = as expected). */
async function check(
  c: RouteCase,
  caller: Caller,
  patientId: string,
  expected: Expected,
): Promise<string | null> {
  const res = await fetch(requestOf(c, patientId, callers[caller]));
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const code = type.includes('json') ? (/"code":"([A-Z_]+)"/.exec(text)?.[1] ?? '') : '';
  const got = `${res.status}${code ? ` ${code}` : ''}`;
  const who = `${caller}${c.patient ? ` → ${patientId}` : ''}`;
  // Every problem document anywhere must be well formed, whatever the outcome.
  if (type.startsWith('application/problem+json')) {
    const issue = errorBodyIssue(res.status, type, text);
    if (issue) return `${who}: ${issue}`;
  }
  if (expected.kind === 'allowed') {
    return res.status === expected.status ? null : `${who}: expected ${expected.status}, got ${got}`;
  }
  const statuses = expected.kind === 'unauthenticated' ? [401] : [403, 404];
  if (!statuses.includes(res.status)) {
    return `${who}: expected ${expected.kind}${expected.kind === 'refused' ? ` (${expected.why})` : ''} ${statuses.join('/')}, got ${got}`;
  }
  const issue = errorBodyIssue(res.status, type, text);
  if (issue) return `${who}: ${issue}`;
  const leaked = PATIENT_DATA_MARKERS.filter((m) => text.includes(m));
  return leaked.length > 0 ? `${who}: refusal carries patient data (${leaked.join(', ')})` : null;
}

describe('authorisation matrix coverage', () => {
  it('collects every test/authz/*.cases.ts file in cases.ts', () => {
    const files = readdirSync(fileURLToPath(new URL('.', import.meta.url)))
      .filter((f) => f.endsWith('.cases.ts'))
      .map((f) => f.replace(/\.cases\.ts$/, ''))
      .sort();
    expect(Object.keys(CASE_FILES).sort()).toEqual(files);
  });

  it('has exactly one case for every registered route, and no case without a route', () => {
    const routes = new Set(registeredRoutes(api.app));
    const cased = ALL_CASES.map(key);
    expect({
      routesWithoutCase: [...routes].filter((r) => !cased.includes(r)).sort(),
      casesWithoutRoute: cased.filter((c) => !routes.has(c)).sort(),
      duplicateCases: cased.filter((c, i) => cased.indexOf(c) !== i),
    }).toEqual({ routesWithoutCase: [], casesWithoutRoute: [], duplicateCases: [] });
  });

  it('accepts the admin claims re-signed with the right key (so forged and expired fail for key and expiry only)', async () => {
    const res = await fetch(`${api.baseUrl}/api/me`, { headers: { authorization: `Bearer ${control}` } });
    expect(res.status).toBe(200);
    for (const caller of ['forged', 'expired'] as const) {
      const refused = await fetch(`${api.baseUrl}/api/me`, { headers: callers[caller] });
      expect({ caller, status: refused.status }).toEqual({ caller, status: 401 });
    }
  });
});

describe.each(ALL_CASES.map((c) => [`${key(c)} [${c.feature}]`, c] as const))('%s', (_, c) => {
  const policy = Array.isArray(c.allow) ? c.allow.join('|') : String(c.allow);
  it(`lets in only ${policy}${c.patient ? ', for patients they may see' : ''}; refuses everyone else without data`, async () => {
    const calls = CALLERS.flatMap((caller) =>
      (c.patient ? [OWN_PATIENT, OTHER_PATIENT] : [OWN_PATIENT]).map((patientId) => ({
        caller,
        patientId,
        expected: expectedOutcome(c, caller, patientId),
      })),
    );
    // Refusals first, so an allowed call that changes state cannot mask one.
    const ordered = [
      ...calls.filter((x) => x.expected.kind !== 'allowed'),
      ...calls.filter((x) => x.expected.kind === 'allowed'),
    ].filter((x) => x.expected.kind !== 'skip');
    const mismatches: string[] = [];
    for (const x of ordered) {
      const m = await check(c, x.caller, x.patientId, x.expected);
      if (m) mismatches.push(m);
    }
    expect(mismatches).toEqual([]);
  });
});
