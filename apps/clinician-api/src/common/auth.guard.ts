import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError } from './app-error.js';
import { AccessTokenVerifier } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';
import type { AuthenticatedRequest } from './request-context.js';

/**
 * Global guard: every HTTP route needs a valid bearer access token unless it is marked {@link Public}.
 * Socket.io connections are authenticated once, in the live gateway's handshake middleware.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers['authorization']);
    if (!token) throw new CommonError('UNAUTHENTICATED', 'missing bearer token');
    const principal = await this.tokens.verify(token);
    if (!principal) throw new CommonError('UNAUTHENTICATED', 'invalid or expired token');
    req.principal = principal;
    return true;
  }
}

/** Extracts the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  return m?.[1] ?? null;
}
