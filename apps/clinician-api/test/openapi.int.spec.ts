import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { REFRESH_COOKIE } from '@openward/contracts';
import { freePort } from '@openward/testing';
import { DOCS_CSP } from '../src/common/security-headers.js';
import { operationsOf } from '../src/common/openapi.js';
import { declaredRoutes, toOpenApiPath } from '../src/common/route-inventory.js';
import { startApi, type RunningApi } from './harness.js';

let api: RunningApi;
let doc: OpenAPIObject;

beforeAll(async () => {
  api = await startApi({ demoSeed: false, ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
  const res = await fetch(`${api.baseUrl}/api/docs/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as OpenAPIObject;
});

afterAll(async () => {
  await api?.close();
});

/**
 * The routes the OpenAPI document must describe: all but FHIR R4, whose controllers are excluded on purpose
 * (`@ApiExcludeController`): FHIR clients read `GET /fhir/R4/metadata` (CapabilityStatement) instead.
 */
function documentedRoutes(): ReturnType<typeof declaredRoutes> {
  return declaredRoutes(api.app).filter((r) => !r.path.startsWith('/fhir/'));
}

/** A 2xx response that says what it returns (a schema), or a 204/201 without a body. */
function hasSuccessSchema(op: Record<string, unknown>): boolean {
  const responses = (op['responses'] ?? {}) as Record<
    string,
    { content?: Record<string, { schema?: unknown }> }
  >;
  return Object.entries(responses).some(
    ([status, r]) =>
      /^2\d\d$/.test(status) &&
      (status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined)),
  );
}

describe('OpenAPI document at /api/docs/openapi.json (public)', () => {
  it('is OpenAPI 3 with the bearer access token, the service token and the refresh cookie as schemes', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('OpenWard clinician API');
    expect(doc.components?.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      'service-token': { type: 'http', scheme: 'bearer' },
      'refresh-cookie': { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE.name },
    });
  });

  it('lists exactly the routes the app registers (FHIR is described by its CapabilityStatement instead)', () => {
    const registered = documentedRoutes()
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`)
      .sort();
    expect(
      operationsOf(doc)
        .map((o) => o.route)
        .sort(),
    ).toEqual(registered);
  });

  it('states each route policy as its security requirement', () => {
    for (const r of documentedRoutes()) {
      const op = operationsOf(doc).find((o) => o.route === `${r.method} ${toOpenApiPath(r.path)}`)?.op;
      const expected =
        r.policy === 'public'
          ? []
          : r.policy.startsWith('service:')
            ? [{ 'service-token': [] }]
            : [{ bearer: [] }];
      expect({ route: r.route, policy: op?.['x-openward-policy'], security: op?.['security'] }).toEqual({
        route: r.route,
        policy: r.policy,
        security: expected,
      });
    }
  });

  it('gives every route a summary or a documented success response, and the problem+json error response', () => {
    const undocumented = operationsOf(doc)
      .filter(
        ({ op }) => !(typeof op['summary'] === 'string' && op['summary'].length > 0) && !hasSuccessSchema(op),
      )
      .map((o) => o.route);
    expect(undocumented).toEqual([]);
    for (const { op } of operationsOf(doc)) {
      expect(op['responses']).toMatchObject({
        default: {
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      });
    }
    expect(doc.components?.schemas?.['Problem']).toMatchObject({
      required: ['type', 'title', 'status', 'code'],
    });
  });

  it('documents request bodies from the DTOs (class-validator + @ApiProperty)', () => {
    const login = operationsOf(doc).find((o) => o.route === 'POST /api/auth/login')?.op;
    expect(login?.['requestBody']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: expect.stringMatching(/^#\/components\/schemas\//) } },
      },
    });
  });

  it('serves Swagger UI at /api/docs without a token', async () => {
    const res = await fetch(`${api.baseUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(await res.text()).toContain('swagger-ui-init.js');
    const init = await fetch(`${api.baseUrl}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"OpenWard clinician API"');
    expect((await fetch(`${api.baseUrl}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
