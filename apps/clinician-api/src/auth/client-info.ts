import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../common/request-context.js';
import type { ClientInfo } from './auth.types.js';

/** Injects {@link ClientInfo}: source address (audit) and user agent (kept on the session row). */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const ua = req.headers['user-agent'];
  return {
    sourceIp: req.ip ?? req.socket?.remoteAddress ?? null,
    userAgent: typeof ua === 'string' && ua.length > 0 ? ua : null,
  };
});

/** The part of the express response the auth controllers write (cookies, caching). */
export interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}
