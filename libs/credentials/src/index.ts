import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Secrets (gateway MQTT passwords, staff passwords, service tokens) are stored only as scrypt hashes:
 * `scrypt$N$r$p$saltB64$hashB64`. Parameters are part of the string so they can be raised later without
 * breaking existing hashes.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP 2023+ minimum for scrypt: N=2^17, r=8, p=1 (~128 MiB·ms class). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;

function scrypt(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCb(secret, salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes a secret with a fresh 16-byte salt. */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Verifies a secret against a stored hash in constant time. A malformed hash verifies as false. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_LEN) return false;
  const actual = await scrypt(secret, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** Constant-time comparison of two strings (e.g. a bearer token against the configured one). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** A random secret suitable for a gateway password or a service token (256 bits, base64url). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export {
  DEFAULT_MOSQUITTO_ITERATIONS,
  MAX_MOSQUITTO_ITERATIONS,
  MOSQUITTO_SALT_BYTES,
  hashMosquittoPassword,
  verifyMosquittoPassword,
  type MosquittoHashOptions,
} from './mosquitto.js';

export {
  TOTP_DEFAULTS,
  base32Decode,
  base32Encode,
  hotp,
  otpauthUri,
  totp,
  totpStep,
  verifyTotp,
  type TotpCheck,
  type TotpResult,
} from './totp.js';

export { deriveFieldKey, openField, sealField } from './sealed.js';
