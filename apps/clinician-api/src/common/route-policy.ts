import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';

/**
 * Route policies besides "any signed-in staff member" (the default of the global {@link AuthGuard}) and
 * `@Public()`. The route-guard test lists the policy of every route explicitly.
 */

export const ROLES = 'openward:roles';
export const SERVICE_CALLER = 'openward:serviceCaller';

/** Internal callers that authenticate with their own bearer token instead of a staff access token. */
export const SERVICE_CALLERS = ['registry-feed'] as const;
export type ServiceCaller = (typeof SERVICE_CALLERS)[number];

/** Only staff with one of these roles may call the route; others get 403 ROLE_FORBIDDEN (audited). */
export const Roles = (...roles: [UserRole, ...UserRole[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

/**
 * The route is called by an internal service with its own token (e.g. ingest with `API_REGISTRY_FEED_TOKEN`),
 * never with a staff token.
 */
export const ServiceAuth = (caller: ServiceCaller): MethodDecorator & ClassDecorator =>
  SetMetadata(SERVICE_CALLER, caller);
