import { CommonError } from './app-error.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { BucketLimiter } from './token-bucket.js';

/**
 * Global request rate limit: one token bucket per caller, in memory (per API process). A bucket holds
 * `perMinute` tokens and refills continuously at `perMinute` per minute, so a caller may burst a minute's
 * worth and then sustains the rate. Health and metrics are exempt (probes, scrapers).
 */

/**
 * Whose bucket a request draws from: the user named by its bearer access token (`sub`), else its client IP.
 * The token is not verified here (the guard does that): a forged subject only buys 401s, each costing one
 * HMAC check. Pure.
 */
export function rateLimitKey(authorization: string | undefined, ip: string | undefined): string {
  const m = /^Bearer [A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/.exec(authorization?.trim() ?? '');
  if (m?.[1]) {
    try {
      const payload: unknown = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      const sub =
        typeof payload === 'object' && payload !== null ? (payload as { sub?: unknown }).sub : undefined;
      if (typeof sub === 'string' && sub.length > 0 && sub.length <= 128) return `user:${sub}`;
    } catch {
      // Not a JWT: fall back to the address.
    }
  }
  return `ip:${ip ?? 'unknown'}`;
}

/** Probes and scrapers are never limited. */
export function isRateLimitExempt(path: string): boolean {
  return path === '/api/health' || path === '/api/metrics';
}

/** The global limit: one bucket per caller holding a minute's worth of requests. */
export class RateLimiter extends BucketLimiter {
  constructor(perMinute: number, nowMs: () => number) {
    super({ perMinute, burst: perMinute }, nowMs);
  }
}

interface LimitedRequest {
  path: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface LimitedResponse {
  status(code: number): LimitedResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** Express middleware: 429 RATE_LIMITED (problem+json) with Retry-After once a caller's bucket is empty. */
export function rateLimitMiddleware(limiter: RateLimiter) {
  return (req: LimitedRequest, res: LimitedResponse, next: () => void): void => {
    if (isRateLimitExempt(req.path)) return next();
    const auth = req.headers['authorization'];
    const result = limiter.take(rateLimitKey(typeof auth === 'string' ? auth : undefined, req.ip));
    if (result.allowed) return next();
    const problem = toProblem(new CommonError('RATE_LIMITED'));
    res.setHeader('Retry-After', String(result.retryAfterSeconds));
    res.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.status(problem.status).send(JSON.stringify(problem));
  };
}
