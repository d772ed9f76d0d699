import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import { addressKey, type AuthThrottle, type AttemptKeys } from './auth-throttle.js';
import type { AuthFailure, AuthResult, Authenticator } from './authenticator.js';

/**
 * Failures that guess at credentials (DESIGN.md §13.2). `revoked`, `client_id_mismatch` and
 * `registry_unavailable` are decided before any password check and say nothing about the password, so they
 * are not throttled (a revoked gateway that keeps retrying must not get its whole NAT address blocked).
 */
const GUESSES: ReadonlySet<AuthFailure> = new Set([
  'missing_credentials',
  'bad_service_token',
  'bad_service_name',
  'unknown_gateway',
  'bad_secret',
]);

/** Refusals waiting for their delay at most; beyond this they are answered at once (memory bound). */
const MAX_PENDING_REFUSALS = 10_000;

export interface AuthGateDeps {
  authenticator: Pick<Authenticator, 'authenticate'>;
  throttle: AuthThrottle;
  /** Monotonic clock, ms. */
  monotonic: () => number;
  metrics: Pick<IngestMetrics, 'authThrottled'>;
  logger: Logger;
}

/**
 * The authenticator behind the failed-CONNECT throttle (DESIGN.md §13.2): a blocked key is refused without
 * checking the password; every guess-like failure is answered only after its delay; a success clears the
 * keys. Resolves with the result when the CONNACK may be sent.
 */
export class AuthGate {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly deps: AuthGateDeps) {}

  async authenticate(
    clientId: string,
    username: string | undefined,
    password: Buffer | undefined,
    remoteAddress: string | undefined,
  ): Promise<AuthResult> {
    const { throttle, monotonic, metrics } = this.deps;
    const keys: AttemptKeys = { address: addressKey(remoteAddress), username: username ?? null };
    const gate = throttle.check(keys, monotonic());
    if (gate.blocked) {
      metrics.authThrottled.inc({ dimension: gate.dimension, action: 'refused_while_blocked' });
      return this.after(gate.delayMs, { ok: false, reason: 'throttled' });
    }
    const result = await this.deps.authenticator.authenticate(clientId, username, password);
    if (result.ok) {
      throttle.succeeded(keys);
      return result;
    }
    if (!GUESSES.has(result.reason)) return result;
    // Only a wrong secret of a known gateway counts per username: unknown names would just fill the map.
    const tracked: AttemptKeys = {
      address: keys.address,
      username: result.reason === 'bad_secret' ? keys.username : null,
    };
    const verdict = throttle.failed(tracked, monotonic());
    for (const d of verdict.blocked) {
      metrics.authThrottled.inc({ dimension: d, action: 'block_started' });
      // Ids and addresses only, never the password.
      this.deps.logger.warn({ dimension: d, key: tracked[d], clientId }, 'MQTT authentication blocked');
    }
    if (verdict.delayMs > 0) metrics.authThrottled.inc({ dimension: verdict.dimension, action: 'delayed' });
    return this.after(verdict.delayMs, result);
  }

  /** Answers every delayed refusal now (shutdown). */
  close(): void {
    for (const [timer, release] of this.pending) {
      clearTimeout(timer);
      release();
    }
    this.pending.clear();
  }

  private after(delayMs: number, result: AuthResult): Promise<AuthResult> {
    if (delayMs <= 0 || this.pending.size >= MAX_PENDING_REFUSALS) return Promise.resolve(result);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(result);
      }, delayMs);
      this.pending.set(timer, () => resolve(result));
    });
  }
}
