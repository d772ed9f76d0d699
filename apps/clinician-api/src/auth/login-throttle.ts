import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { AuthenticatedRequest } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { ApiMetrics } from '../health/metrics.js';
import { AuthError } from './auth.errors.js';
import { BucketLimiter } from '../common/token-bucket.js';

/**
 * Per-source-address sign-in limiter (in memory, per API instance): a token bucket of API_LOGIN_RATE_BURST
 * refilled at API_LOGIN_RATE_PER_MINUTE. Complements the per-account lockout, which a spray across many
 * usernames would not trigger.
 */
@Injectable()
export class LoginThrottle {
  private readonly buckets: BucketLimiter;

  constructor(config: AppConfig, clock: Clock) {
    this.buckets = new BucketLimiter(
      { perMinute: config.loginRatePerMinute, burst: config.loginRateBurst },
      () => clock.now().getTime(),
    );
  }

  /** Counts one attempt from `source`: null if allowed, else the seconds to wait. */
  take(source: string): number | null {
    const r = this.buckets.take(sourceKey(source));
    return r.allowed ? null : r.retryAfterSeconds;
  }
}

/**
 * The limiter key of an address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix, since one
 * host usually owns a whole /64 and could otherwise rotate addresses.
 */
export function sourceKey(address: string): string {
  const ip = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip;
  const halves = ip.split('::');
  if (halves.length > 2) return ip;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups =
    halves.length === 2
      ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail]
      : head;
  const prefix = groups
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16).toString(16) : g));
  return `${prefix.join(':')}::/64`;
}

/** Route guard on the sign-in routes: 429 LOGIN_RATE_LIMITED with `Retry-After` when the bucket is empty. */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly metrics: ApiMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const wait = this.throttle.take(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
    if (wait === null) return true;
    http
      .getResponse<{ setHeader(name: string, value: string): unknown }>()
      .setHeader('Retry-After', String(wait));
    this.metrics.logins.inc({ outcome: 'rate-limited' });
    throw new AuthError('LOGIN_RATE_LIMITED', `retry after ${wait} s`);
  }
}
