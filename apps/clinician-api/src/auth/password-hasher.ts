import { Injectable } from '@nestjs/common';
import { hashSecret, verifySecret } from '@openward/credentials';
import { AppConfig } from '../config/app-config.js';

/** Port: scrypt hashing (CPU-heavy crypto kept out of services). */
export abstract class PasswordHasher {
  abstract hash(secret: string): Promise<string>;
  abstract verify(secret: string, hash: string): Promise<boolean>;
}

@Injectable()
export class ScryptPasswordHasher extends PasswordHasher {
  constructor(private readonly config: AppConfig) {
    super();
  }
  hash(secret: string): Promise<string> {
    return hashSecret(secret, this.config.scrypt);
  }
  verify(secret: string, hash: string): Promise<boolean> {
    return verifySecret(secret, hash);
  }
}
