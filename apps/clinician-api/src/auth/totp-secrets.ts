import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { deriveFieldKey, openField, sealField } from '@openward/credentials';
import { AppConfig } from '../config/app-config.js';

/** Port: TOTP secrets — generation and encryption at rest (`staff_users.totp_secret`). */
export abstract class TotpSecrets {
  /** A new 160-bit secret (RFC 4226 §4 recommends 160 bits for HMAC-SHA-1). */
  abstract generate(): Uint8Array;
  /** Encrypts a secret for one user's row (`v1:<iv>:<ct>:<tag>`). */
  abstract seal(secret: Uint8Array, userId: string): string;
  /** Decrypts; null if the value was not sealed for this user with the configured key. */
  abstract open(sealed: string, userId: string): Uint8Array | null;
}

/** AES-256-GCM with a key derived (HKDF-SHA-256) from API_MFA_ENCRYPTION_KEY; the user id is the AAD. */
@Injectable()
export class AesTotpSecrets extends TotpSecrets {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    super();
    this.key = deriveFieldKey(config.mfaEncryptionKey, 'totp-secret');
  }

  generate(): Uint8Array {
    return randomBytes(20);
  }

  seal(secret: Uint8Array, userId: string): string {
    return sealField(secret, this.key, userId);
  }

  open(sealed: string, userId: string): Uint8Array | null {
    return openField(sealed, this.key, userId);
  }
}
