import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hashMosquittoPassword, randomSecret } from '@openward/credentials';
import { PasswordHasher } from '../auth/password-hasher.js';
import {
  ENROLLMENT_CODE_BYTES,
  enrollmentCodeFrom,
  GATEWAY_ID_BYTES,
  gatewayIdFrom,
} from './enrollment-code.js';

/** A new gateway MQTT secret, returned once, and the only forms of it that are stored. */
export interface IssuedSecret {
  secret: string;
  /** scrypt (`PasswordHasher`): what ingest verifies. */
  secretHash: string;
  /** Mosquitto `$7$` PBKDF2-SHA512: for an external broker's password file. */
  mosquittoHash: string;
}

/** Port: randomness and hashing for gateway credentials and enrolment codes (kept out of the services). */
export abstract class GatewaySecrets {
  /** A fresh 256-bit secret and its hashes (slow: scrypt). */
  abstract issueSecret(): Promise<IssuedSecret>;
  /** The scrypt hash of a random secret nobody keeps: what a gateway revoked before it enrolled stores. */
  abstract unusableSecretHash(): Promise<string>;
  /** A fresh enrolment code in canonical form (contracts `normalizeEnrollmentCode`). */
  abstract newEnrollmentCode(): string;
  /** SHA-256 (hex) of a canonical code: the only form stored, and the lookup key. */
  abstract codeHash(canonicalCode: string): string;
  /** A random gateway id (`gw-…`) for a gateway created without one. */
  abstract newGatewayId(): string;
}

@Injectable()
export class CryptoGatewaySecrets extends GatewaySecrets {
  constructor(private readonly hasher: PasswordHasher) {
    super();
  }

  async issueSecret(): Promise<IssuedSecret> {
    const secret = randomSecret();
    return {
      secret,
      secretHash: await this.hasher.hash(secret),
      mosquittoHash: hashMosquittoPassword(secret),
    };
  }

  unusableSecretHash(): Promise<string> {
    return this.hasher.hash(randomSecret());
  }

  newEnrollmentCode(): string {
    return enrollmentCodeFrom(randomBytes(ENROLLMENT_CODE_BYTES));
  }

  codeHash(canonicalCode: string): string {
    return createHash('sha256').update(canonicalCode, 'utf8').digest('hex');
  }

  newGatewayId(): string {
    return gatewayIdFrom(randomBytes(GATEWAY_ID_BYTES));
  }
}
