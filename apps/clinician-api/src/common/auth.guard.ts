import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@openward/contracts';
import { safeEqual } from '@openward/credentials';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { AuthError } from '../auth/auth.errors.js';
import { SessionAuthenticator } from '../auth/session-authenticator.js';
import { AppConfig } from '../config/app-config.js';
import { CommonError } from './app-error.js';
import { IS_PUBLIC } from './public.decorator.js';
import type { AuthenticatedRequest } from './request-context.js';
import { ROLES, SERVICE_CALLER, type ServiceCaller } from './route-policy.js';

/**
 * Global guard: every HTTP route needs a valid bearer access token unless it is marked {@link Public}; a
 * `@ServiceAuth` route needs its service's token instead (and no staff token works there); a `@Roles` route
 * also needs one of the roles, and a refusal is audited. The token's session is checked on every request
 * ({@link SessionAuthenticator}: revoked, disabled, idle → 401). Socket.io connections are authenticated once,
 * in the live gateway's handshake middleware, by the same authenticator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly serviceTokens: Readonly<Record<ServiceCaller, string | null>>;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionAuthenticator,
    private readonly audit: AuditPort,
    config: AppConfig,
  ) {
    this.serviceTokens = { 'registry-feed': config.registryFeedToken };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets);
    if (isPublic === true) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers['authorization']);
    const service = this.reflector.getAllAndOverride<ServiceCaller | undefined>(SERVICE_CALLER, targets);
    if (service !== undefined) {
      const expected = this.serviceTokens[service];
      // An unset token (feature disabled) refuses everyone.
      if (!token || expected === null || !safeEqual(token, expected)) {
        throw new CommonError('UNAUTHENTICATED', 'missing or invalid service token');
      }
      return true;
    }
    if (!token) throw new CommonError('UNAUTHENTICATED', 'missing bearer token');
    const sourceIp = req.ip ?? req.socket?.remoteAddress ?? null;
    const auth = await this.sessions.authenticate(token, { sourceIp });
    if (!auth.ok) {
      if (auth.code === 'SESSION_EXPIRED') throw new AuthError('SESSION_EXPIRED');
      throw new CommonError('UNAUTHENTICATED', 'invalid or expired token');
    }
    const { principal } = auth;
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<readonly UserRole[] | undefined>(ROLES, targets);
    if (roles !== undefined && !roles.includes(principal.role)) {
      await this.audit.record({
        actorId: principal.userId,
        actorRole: principal.role,
        patientId: null,
        action: AUDIT_ACTIONS.routeDenied,
        resource: `${req.method ?? 'GET'} ${req.path ?? ''}`,
        outcome: 'denied',
        sourceIp,
      });
      throw new CommonError('ROLE_FORBIDDEN', `requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}

/** Extracts the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  return m?.[1] ?? null;
}
