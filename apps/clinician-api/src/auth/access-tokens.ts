import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';

export const TOKEN_ISSUER = 'openward-clinician-api';
export const TOKEN_AUDIENCE = 'openward-clinician';

/** A freshly issued token. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** What an access token says: who, and which session. Role and care teams are read from the database. */
export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** Port: signs and checks access tokens (JWT HS256). The session behind them is checked separately. */
export abstract class AccessTokens {
  abstract issue(claims: AccessClaims, now: Date): Promise<IssuedToken>;
  /** The claims of a well-signed, unexpired token, or null. Never throws. */
  abstract verify(token: string): Promise<AccessClaims | null>;
}

/**
 * jose adapter. Claims: `sub` (user id), `sid` (session id), `iat`, `exp` (15 min), `iss`, `aud`. No role or
 * care teams: the verifier loads them with the session, so an admin's change applies to the next request.
 */
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

  async issue(claims: AccessClaims, now: Date): Promise<IssuedToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      });
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string') return null;
      return { userId: sub, sessionId: sid };
    } catch {
      return null;
    }
  }
}
