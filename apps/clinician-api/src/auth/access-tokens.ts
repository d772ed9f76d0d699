import { Injectable } from '@nestjs/common';
import { USER_ROLES, type UserRole } from '@openward/contracts';
import { SignJWT, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { AccessTokenVerifier, type Principal } from '../common/principal.js';

export const TOKEN_ISSUER = 'openward-clinician-api';
export const TOKEN_AUDIENCE = 'openward-clinician';

/** A freshly issued access token. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Port: issues and verifies access tokens (JWT HS256). Refresh tokens will live beside it. */
export abstract class AccessTokens extends AccessTokenVerifier {
  abstract issue(principal: Principal, now: Date): Promise<IssuedToken>;
}

/** jose adapter. Claims: `sub` (user id), `role`, `careTeams`, `iat`, `exp` (15 min), `iss`, `aud`. */
@Injectable()
export class JoseAccessTokens extends AccessTokens {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    this.key = new TextEncoder().encode(config.jwtSecret);
    this.ttlSeconds = config.accessTokenTtlSeconds;
  }

  async issue(principal: Principal, now: Date): Promise<IssuedToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({
      role: principal.role,
      careTeams: [...principal.careTeams],
      pid: principal.patientId,
      sid: principal.sessionId,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, role, careTeams, pid, sid } = payload;
      if (typeof sub !== 'string' || !isRole(role)) return null;
      if (!Array.isArray(careTeams) || !careTeams.every((t): t is string => typeof t === 'string'))
        return null;
      if (typeof sid !== 'string' || (pid !== null && typeof pid !== 'string')) return null;
      return { userId: sub, role, careTeams, patientId: pid, sessionId: sid };
    } catch {
      return null;
    }
  }
}

function isRole(v: unknown): v is UserRole {
  return typeof v === 'string' && (USER_ROLES as readonly string[]).includes(v);
}
