import { createHash, timingSafeEqual } from 'node:crypto';
import { safeEqual, verifySecret } from '@openward/credentials';
import type { RegistryPort } from '../registry/registry-port.js';
import { SERVICE_NAME_PATTERN, type Identity } from './acl.js';

/** Why a connection was refused; the label of `ingest_auth_failures_total`. */
export const AUTH_FAILURES = {
  missing_credentials: 4,
  bad_service_token: 4,
  bad_service_name: 5,
  unknown_gateway: 4,
  bad_secret: 4,
  revoked: 5,
  client_id_mismatch: 5,
  registry_unavailable: 3,
  /** Too many failed attempts from this address or for this gateway: try later (DESIGN.md §13.2). */
  throttled: 3,
} as const;
export type AuthFailure = keyof typeof AUTH_FAILURES;

export type AuthResult = { ok: true; identity: Identity } | { ok: false; reason: AuthFailure };

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Checks MQTT credentials (DESIGN.md §5). Successful gateway verifications are cached by (gateway, secret
 * hash) as a SHA-256 of the accepted password, because scrypt is deliberately slow; the cache is cleared on
 * every registry change.
 */
export class Authenticator {
  private readonly verified = new Map<string, Buffer>();

  constructor(
    private readonly registry: RegistryPort,
    private readonly serviceToken: string,
    private readonly verify: (secret: string, hash: string) => Promise<boolean> = verifySecret,
  ) {
    registry.onChange(() => this.verified.clear());
  }

  async authenticate(
    clientId: string,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<AuthResult> {
    if (!username || !password || password.length === 0) return { ok: false, reason: 'missing_credentials' };
    const secret = password.toString('utf8');
    if (username.startsWith('svc:')) {
      const name = username.slice(4);
      if (!SERVICE_NAME_PATTERN.test(name)) return { ok: false, reason: 'bad_service_name' };
      return safeEqual(secret, this.serviceToken)
        ? { ok: true, identity: { kind: 'service', name } }
        : { ok: false, reason: 'bad_service_token' };
    }
    if (!this.registry.isLoaded()) return { ok: false, reason: 'registry_unavailable' };
    const gw = this.registry.gateway(username);
    if (!gw) return { ok: false, reason: 'unknown_gateway' };
    if (clientId !== username) return { ok: false, reason: 'client_id_mismatch' };
    if (gw.status !== 'active') return { ok: false, reason: 'revoked' };
    const key = `${username}\u0000${gw.secretHash}`;
    const digest = sha256(secret);
    const cached = this.verified.get(key);
    if (cached && timingSafeEqual(cached, digest))
      return { ok: true, identity: { kind: 'gateway', gatewayId: username } };
    if (!(await this.verify(secret, gw.secretHash))) return { ok: false, reason: 'bad_secret' };
    // Re-read: the registry may have changed while scrypt ran.
    const now = this.registry.gateway(username);
    if (!now || now.secretHash !== gw.secretHash || now.status !== 'active')
      return { ok: false, reason: 'revoked' };
    this.verified.set(key, digest);
    return { ok: true, identity: { kind: 'gateway', gatewayId: username } };
  }
}
