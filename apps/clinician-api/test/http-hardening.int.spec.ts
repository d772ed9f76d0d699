import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import { freePort } from '@openward/testing';
import { DASHBOARD_CSP, DOCS_CSP } from '../src/common/security-headers.js';
import { login, startApi, type RunningApi } from './harness.js';

const DASHBOARD_ORIGIN = 'https://ward.example.org';

let api: RunningApi;
let limited: RunningApi;

beforeAll(async () => {
  const mqtt = `mqtt://127.0.0.1:${await freePort()}`;
  api = await startApi({ ingestMqttUrl: mqtt, corsOrigins: [DASHBOARD_ORIGIN], hsts: true });
  limited = await startApi({ ingestMqttUrl: mqtt, demoSeed: true, rateLimitPerMinute: 5 });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await limited?.close();
});

async function expectProblem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: 'application/problem+json; charset=utf-8',
  });
  const body = problemSchema.parse(await res.json());
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:openward:problem:/) });
  return body as Record<string, unknown>;
}

describe('security headers', () => {
  it.each([
    ['a public route', '/api/health', 200],
    ['a refused route', '/api/patients', 401],
    ['an unknown route', '/api/nope', 404],
    ['the FHIR capability statement', '/fhir/R4/metadata', 200],
  ])('are on every response, no-store included, for %s', async (_, path, status) => {
    const res = await fetch(`${api.baseUrl}${path}`);
    expect(res.status).toBe(status);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'permissions-policy': expect.stringContaining('camera=(self), microphone=(self)'),
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'cache-control': 'no-store',
    });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('gives Swagger UI its own CSP and sends no HSTS unless configured', async () => {
    const docs = await fetch(`${limited.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(docs.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('CORS', () => {
  it('allows the configured dashboard origin with credentials', async () => {
    const res = await fetch(`${api.baseUrl}/api/health`, { headers: { origin: DASHBOARD_ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await fetch(`${api.baseUrl}/api/patients`, {
      method: 'OPTIONS',
      headers: {
        origin: DASHBOARD_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });

  it('sends no Access-Control-Allow-Origin to any other origin, nor when no origin is configured', async () => {
    for (const [base, origin] of [
      [api.baseUrl, 'https://evil.example.com'],
      [api.baseUrl, 'null'],
      [limited.baseUrl, DASHBOARD_ORIGIN],
    ] as const) {
      const res = await fetch(`${base}/api/health`, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const preflight = await fetch(`${api.baseUrl}/api/patients`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit (API_RATE_LIMIT_PER_MINUTE=5 on this app)', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a user has spent the bucket, per user, never on health', async () => {
    // Two sign-ins spend two of 127.0.0.1's five tokens; each user then has a bucket of its own.
    const nurse = (await login(limited.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
    const clinician = (await login(limited.baseUrl, 'clinician', 'clinician-demo-pass')).accessToken;
    const me = (token: string): Promise<Response> =>
      fetch(`${limited.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await me(nurse)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await me(nurse);
    await expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await me(clinician)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await fetch(`${limited.baseUrl}/api/health`)).status).toBe(200);
  });
});

describe('request bodies', () => {
  const post = (body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it('refuses a body above 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ username: 'nurse', password: 'x'.repeat(1024 * 1024 + 10) });
    await expectProblem(await post(big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 BAD_REQUEST, not 500, without echoing the body', async () => {
    const body = await expectProblem(await post('{"username": "Ada Example", '), 400, 'BAD_REQUEST');
    expect(body['detail']).toBe('malformed JSON body');
    expect(JSON.stringify(body)).not.toContain('Ada');
  });

  it('answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    await expectProblem(await post('{}', 'application/json; charset=klingon'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
