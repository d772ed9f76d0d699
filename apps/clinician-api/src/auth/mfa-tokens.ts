import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { TOKEN_ISSUER, type IssuedToken } from './access-tokens.js';

/** Audience of the sign-in step tokens: never accepted as an access token (other audience). */
export const MFA_TOKEN_AUDIENCE = 'openward-clinician-mfa';
/** Lifetime of a sign-in step token. */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;

/** What the token lets its holder do next: give a TOTP code, or enrol TOTP first. */
export type MfaPurpose = 'mfa-login' | 'mfa-enroll';

/** Port: short-lived, purpose-bound tokens between the password step and the second factor. */
export abstract class MfaTokens {
  abstract issue(userId: string, purpose: MfaPurpose, now: Date): Promise<IssuedToken>;
  /** The user id of a valid, unexpired token for exactly this purpose, or null. Never throws. */
  abstract verify(token: string, purpose: MfaPurpose): Promise<string | null>;
}

/** jose adapter (HS256 with API_JWT_SECRET; audience and `pur` claim keep it apart from access tokens). */
@Injectable()
export class JoseMfaTokens extends MfaTokens {
  private readonly key: Uint8Array;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  async issue(userId: string, purpose: MfaPurpose, now: Date): Promise<IssuedToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + MFA_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ pur: purpose })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(MFA_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, purpose: MfaPurpose): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: MFA_TOKEN_AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'pur', 'exp'],
      });
      return payload['pur'] === purpose && typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
