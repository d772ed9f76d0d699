import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { REFRESH_COOKIE } from '@openward/contracts';
import { declaredRoutes, toOpenApiPath } from './route-inventory.js';

/** Swagger UI; the JSON document is beside it. Both public, like any API description. */
export const DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = '/api/docs/openapi.json';

/**
 * The routes SwaggerModule registers straight on express (no Nest handler, hence outside the guard and the
 * problem filter). The route-guard test lists them as public.
 */
export const DOCS_ROUTES = [
  `GET ${DOCS_PATH}`,
  `GET ${DOCS_PATH}/`,
  `GET ${DOCS_PATH}/index.html`,
  `GET ${DOCS_PATH}/LICENSE`,
  `GET ${DOCS_PATH}/swagger-ui-init.js`,
  `GET ${DOCS_PATH}/docs/swagger-ui-init.js`,
  `GET ${OPENAPI_JSON_PATH}`,
] as const;

type Operation = {
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
  'x-openward-policy'?: string;
};

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/**
 * The OpenAPI 3 document generated from the controllers and DTOs (`@ApiProperty`, `@ApiOperation`,
 * `@ApiOkResponse`), plus what the decorators cannot say: each operation's security from its route policy
 * (bearer access token, service token or none) as `security` and `x-openward-policy`, and the problem+json
 * error response every route may answer.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('OpenWard clinician API')
    .setDescription(
      'System of record for OpenWard remote patient monitoring. Errors are `application/problem+json` with a ' +
        'stable `code` (apps/clinician-api/docs/errors.md). Lists are pages `{ items, next }` (`?cursor=&limit=`).',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from POST /api/auth/login',
      },
      'bearer',
    )
    .addCookieAuth(
      REFRESH_COOKIE.name,
      {
        type: 'apiKey',
        in: 'cookie',
        name: REFRESH_COOKIE.name,
        description: `httpOnly refresh token (path ${REFRESH_COOKIE.path}), rotated on every refresh`,
      },
      'refresh-cookie',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "An internal service's own token (e.g. the registry feed)",
      },
      'service-token',
    )
    .build();
  const doc = SwaggerModule.createDocument(app, base);
  doc.components = {
    ...doc.components,
    schemas: {
      ...doc.components?.schemas,
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details; `detail` never contains patient data',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string', example: 'urn:openward:problem:patient-forbidden' },
          title: { type: 'string' },
          status: { type: 'integer', example: 403 },
          code: { type: 'string', example: 'PATIENT_FORBIDDEN' },
          detail: { type: 'string' },
        },
      },
    },
  };
  for (const route of declaredRoutes(app)) {
    const item = doc.paths[toOpenApiPath(route.path)] as Record<string, Operation> | undefined;
    const op = item?.[route.method.toLowerCase()];
    if (!op) continue;
    op['x-openward-policy'] = route.policy;
    if (route.policy === 'public') op.security = [];
    else if (route.policy.startsWith('service:')) op.security = [{ 'service-token': [] }];
    else op.security = [{ bearer: [] }];
    op.responses = {
      ...op.responses,
      default: {
        description: 'Error (see docs/errors.md)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    };
  }
  return doc;
}

/** All operations of a document as `METHOD /path` with the operation object. Pure. */
export function operationsOf(doc: OpenAPIObject): { route: string; op: Record<string, unknown> }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => (item as Record<string, unknown>)[m] !== undefined).map((m) => ({
      route: `${m.toUpperCase()} ${path}`,
      op: (item as Record<string, Record<string, unknown>>)[m] ?? {},
    })),
  );
}

/**
 * Serves Swagger UI at {@link DOCS_PATH} and the document at {@link OPENAPI_JSON_PATH}. The document is built
 * on first request, so app starts (and tests) that never ask for it pay nothing.
 */
export function mountApiDocs(app: NestExpressApplication): void {
  let doc: OpenAPIObject | null = null;
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => (doc ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'OpenWard clinician API',
  });
}
