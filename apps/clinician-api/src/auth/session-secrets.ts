import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { randomSecret } from '@openward/credentials';

/** A new refresh token and the only form of it the database keeps. */
export interface RefreshSecret {
  /** 32 random bytes, base64url: goes to the client (cookie) and nowhere else. */
  readonly token: string;
  /** SHA-256 (hex) of the token: `sessions.refresh_hash`. */
  readonly hash: string;
}

/** Port: randomness and hashing for sessions (kept out of the services). */
export abstract class SessionSecrets {
  abstract newRefreshToken(): RefreshSecret;
  abstract hashRefreshToken(token: string): string;
  /** A new opaque id (sessions, families). */
  abstract newId(): string;
}

/**
 * node:crypto adapter. A fast hash suffices for refresh tokens: they carry 256 bits of entropy, so there is
 * nothing to brute-force (unlike passwords).
 */
@Injectable()
export class NodeSessionSecrets extends SessionSecrets {
  newRefreshToken(): RefreshSecret {
    const token = randomSecret();
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  newId(): string {
    return randomUUID();
  }
}
