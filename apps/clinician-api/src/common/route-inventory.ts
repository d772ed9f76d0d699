import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from './public.decorator.js';
import { ROLES, SERVICE_CALLER } from './route-policy.js';

/**
 * One controller handler as its decorators declare it. `policy`: `public` (@Public), `service:<name>`
 * (@ServiceAuth), `role:<r>|<r>` (@Roles) or `signed-in` (the global guard's default: any signed-in user,
 * a patient included). The route-guard test holds the reviewed list these must match.
 */
export interface DeclaredRoute {
  readonly method: keyof typeof RequestMethod;
  /** Express path, e.g. `/api/patients/:id/vitals/latest`. */
  readonly path: string;
  /** `${method} ${path}`. */
  readonly route: string;
  readonly policy: string;
  readonly isPublic: boolean;
}

/** The policy a handler's decorators declare (method metadata overrides the class's, as in the guard). */
export function declaredPolicy(ctrl: object, handler: object): string {
  const meta = (key: string): unknown => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, ctrl);
  if (meta(IS_PUBLIC) === true) return 'public';
  const service = meta(SERVICE_CALLER);
  if (typeof service === 'string') return `service:${service}`;
  const roles = meta(ROLES);
  if (Array.isArray(roles)) return `role:${roles.join('|')}`;
  return 'signed-in';
}

/** Every controller handler of the app, from Nest's module container (no request needed). */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[
          Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod
        ] as keyof typeof RequestMethod;
        for (const p of Array.isArray(sub) ? sub : [sub]) {
          const path = `/${[base, p]
            .map((s) => s.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/')}`;
          const policy = declaredPolicy(ctrl, handler);
          out.push({ method, path, route: `${method} ${path}`, policy, isPublic: policy === 'public' });
        }
      }
    }
  }
  return out;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every route registered on the express router as `METHOD /path` (what is actually reachable: Nest handlers
 * and routes mounted straight on express, such as Swagger UI's). Call after `init()`/`listen()`.
 */
export function registeredRoutes(app: INestApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes = instance.router.stack.flatMap((layer) => {
    const route = layer.route;
    if (!route) return [];
    return Object.keys(route.methods)
      .filter((m) => route.methods[m] && m !== '_all')
      .map((m) => `${m.toUpperCase()} ${route.path}`);
  });
  return [...new Set(routes)];
}

/** `/api/patients/:id` → `/api/patients/{id}` (OpenAPI path templating). Pure. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
