import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { freePort } from '@openward/testing';
import { startApi, type RunningApi } from '../test/harness.js';
import { IS_PUBLIC } from './common/public.decorator.js';
import { ROLES, SERVICE_CALLER } from './common/route-policy.js';

/**
 * The explicit policy of every route. A route missing here, or whose decorators say something else, fails
 * the test; adding or loosening one needs a security review.
 * - `public`: no token; `staff`: any signed-in staff member (care-team checks happen in the service);
 * - `role:<r>|<r>`: signed-in staff with one of these roles; `service:<name>`: that service's own token only.
 */
const POLICIES: Readonly<Record<string, string>> = {
  'GET /api/health': 'public',
  'GET /api/metrics': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/me': 'staff',
  'GET /api/patients': 'staff',
  'GET /api/patients/:id/vitals/latest': 'staff',
  'POST /api/admin/gateways/:gatewayId/revoke': 'role:admin',
  'POST /api/admin/devices/:address/reassign': 'role:admin',
  'GET /internal/v1/registry': 'service:registry-feed',
};

/** The only routes allowed without a token. */
const PUBLIC_ROUTES = Object.keys(POLICIES).filter((r) => POLICIES[r] === 'public');

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

let api: RunningApi;

beforeAll(async () => {
  // A real app (PGlite in a temp dir, no seed): the guard is global, so only the real wiring proves it.
  api = await startApi({ demoSeed: false, ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
});

afterAll(async () => {
  await api?.close();
});

/** Every route registered on the express router (what is actually reachable). */
function expressRoutes(): string[] {
  const instance = api.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return instance.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => layer.route?.methods[m])
          .map((m) => `${m.toUpperCase()} ${layer.route?.path}`)
      : [],
  );
}

/** The policy a handler's decorators declare (method metadata overrides the class's, as in the guard). */
function declaredPolicy(ctrl: object, handler: object): string {
  const meta = (key: string): unknown => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, ctrl);
  if (meta(IS_PUBLIC) === true) return 'public';
  const service = meta(SERVICE_CALLER);
  if (typeof service === 'string') return `service:${service}`;
  const roles = meta(ROLES);
  if (Array.isArray(roles)) return `role:${roles.join('|')}`;
  return 'staff';
}

/** Every controller handler with its @Public() flag and declared policy, from Nest's module container. */
function nestHandlers(): { route: string; isPublic: boolean; policy: string }[] {
  const out: { route: string; isPublic: boolean; policy: string }[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, ctrl) === true;
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const full = `/${[base, path]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        out.push({
          route: `${method} ${full}`,
          isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
          policy: declaredPolicy(ctrl, handler),
        });
      }
    }
  }
  return out;
}

describe('route guard coverage', () => {
  it('finds the API routes on the express router', () => {
    const routes = expressRoutes();
    expect(routes).toEqual(expect.arrayContaining([...PUBLIC_ROUTES, 'GET /api/me', 'GET /api/patients']));
  });

  it('gives every registered route exactly the explicit policy listed here, and lists no stale route', () => {
    const declared = Object.fromEntries(nestHandlers().map((h) => [h.route, h.policy]));
    expect(declared).toEqual(POLICIES);
    expect(expressRoutes().sort()).toEqual(Object.keys(POLICIES).sort());
  });

  it('marks only login, health and metrics @Public()', () => {
    const handlers = nestHandlers();
    expect(handlers.length).toBeGreaterThanOrEqual(6);
    expect(
      handlers
        .filter((h) => h.isPublic)
        .map((h) => h.route)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 UNAUTHENTICATED without a token on every non-public route', async () => {
    const guarded = expressRoutes().filter((r) => !PUBLIC_ROUTES.includes(r));
    expect(guarded.length).toBeGreaterThan(0);
    for (const route of guarded) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const url = api.baseUrl + path.replace(/:[A-Za-z]+/g, 'p-1001');
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      });
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
      expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps the public routes reachable without a token', async () => {
    expect((await fetch(`${api.baseUrl}/api/health`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/api/metrics`)).status).toBe(200);
  });
});
