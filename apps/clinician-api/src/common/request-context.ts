import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CommonError } from './app-error.js';
import type { Principal } from './principal.js';

/** What the guard attaches to an authenticated HTTP request. */
export interface AuthenticatedRequest {
  principal?: Principal;
  method?: string;
  /** Path without the query string (express `req.path`): ids at most, never a search term. */
  path?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  readonly sourceIp: string | null;
}

/** Injects the authenticated {@link Principal}; only valid on guarded routes. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new CommonError('UNAUTHENTICATED');
  return principal;
});

/** Injects {@link RequestMeta}. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return { sourceIp: req.ip ?? req.socket?.remoteAddress ?? null };
});
