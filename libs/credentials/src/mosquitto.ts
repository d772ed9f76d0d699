import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mosquitto 2 password hashes, for the `password_file` of the external broker (apps/ingest DESIGN.md §10.3).
 *
 * Format, as read in eclipse/mosquitto (`src/password_mosq.c` `pw__hash`, `apps/mosquitto_passwd`
 * `output_new_password`, `src/security_default.c` `unpwd__decode_passwords`):
 * `$7$<iterations>$<base64(salt)>$<base64(hash)>` where type 7 = PBKDF2-HMAC-SHA512 over the password's bytes
 * (`strlen`, so no NUL), the salt is exactly 12 random bytes, the hash is the full 64-byte SHA-512 output,
 * and base64 is OpenSSL's standard alphabet (`A–Z a–z 0–9 + /`) with `=` padding and no line breaks.
 * Mosquitto drops an entry whose salt does not decode to 12 bytes or whose hash does not decode to 64.
 */

/** Mosquitto's hash type for PBKDF2-SHA512 (`pw_sha512_pbkdf2`). */
const TYPE_PBKDF2_SHA512 = 7;
/** `SALT_LEN` in mosquitto's password_mosq.h: the broker refuses any other length. */
export const MOSQUITTO_SALT_BYTES = 12;
const HASH_BYTES = 64;
/**
 * Default PBKDF2 iterations: 1,000 (mosquitto_passwd's own default is 101). Gateway secrets and service
 * tokens are 256-bit random values, which no stretching makes stronger, while Mosquitto re-runs PBKDF2 on its
 * single thread for every CONNECT with no cache: 1,000 iterations cost ~0.7 ms here, so 10,000 gateways
 * reconnecting after a broker restart cost ~7 s of broker CPU (210,000, the OWASP figure for human
 * passwords, would cost ~137 ms each, ~23 min). Raise it with `opts.iterations` for human-chosen secrets.
 */
export const DEFAULT_MOSQUITTO_ITERATIONS = 1_000;
/** Upper bound accepted when hashing or verifying (a stored hash must not be able to stall a verifier). */
export const MAX_MOSQUITTO_ITERATIONS = 10_000_000;
/** Largest password an MQTT CONNECT can carry (2-byte length prefix). */
const MAX_PASSWORD_BYTES = 65_535;

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface MosquittoHashOptions {
  /** PBKDF2 iterations, 1…{@link MAX_MOSQUITTO_ITERATIONS}; default {@link DEFAULT_MOSQUITTO_ITERATIONS}. */
  iterations?: number;
  /** Exactly {@link MOSQUITTO_SALT_BYTES} bytes; default fresh random bytes. For reproducible tests only. */
  salt?: Buffer;
}

function passwordBytes(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length === 0) throw new RangeError('a Mosquitto password cannot be empty');
  if (bytes.length > MAX_PASSWORD_BYTES) throw new RangeError('a Mosquitto password is at most 65535 bytes');
  // Mosquitto hashes strlen(password) bytes: anything after a NUL would be silently ignored.
  if (bytes.includes(0)) throw new RangeError('a Mosquitto password cannot contain a NUL character');
  return bytes;
}

/**
 * Hashes a secret into Mosquitto 2's `$7$` format (the part after `username:` in a `password_file` line).
 * Synchronous: at the default 1,000 iterations it takes under a millisecond.
 * @throws RangeError for an empty secret, a NUL in it, a salt that is not 12 bytes, or bad iterations.
 */
export function hashMosquittoPassword(secret: string, opts: MosquittoHashOptions = {}): string {
  const iterations = opts.iterations ?? DEFAULT_MOSQUITTO_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_MOSQUITTO_ITERATIONS) {
    throw new RangeError(`iterations must be an integer in 1…${MAX_MOSQUITTO_ITERATIONS}, got ${iterations}`);
  }
  const salt = opts.salt ?? randomBytes(MOSQUITTO_SALT_BYTES);
  if (salt.length !== MOSQUITTO_SALT_BYTES) {
    throw new RangeError(`a Mosquitto salt is exactly ${MOSQUITTO_SALT_BYTES} bytes, got ${salt.length}`);
  }
  const hash = pbkdf2Sync(passwordBytes(secret), salt, iterations, HASH_BYTES, 'sha512');
  return `$${TYPE_PBKDF2_SHA512}$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Verifies a secret against a `$7$` hash (from {@link hashMosquittoPassword} or `mosquitto_passwd`) the way
 * Mosquitto does, in constant time. A malformed or unsupported hash (including `$6$`, plain SHA-512) verifies
 * as false, never throws.
 */
export function verifyMosquittoPassword(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== String(TYPE_PBKDF2_SHA512)) return false;
  const [, , iterText = '', saltText = '', hashText = ''] = parts;
  if (!/^[1-9][0-9]{0,7}$/.test(iterText)) return false;
  const iterations = Number(iterText);
  if (iterations > MAX_MOSQUITTO_ITERATIONS) return false;
  if (!B64.test(saltText) || !B64.test(hashText)) return false;
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(hashText, 'base64');
  if (salt.length !== MOSQUITTO_SALT_BYTES || expected.length !== HASH_BYTES) return false;
  let bytes: Buffer;
  try {
    bytes = passwordBytes(secret);
  } catch {
    return false;
  }
  return timingSafeEqual(pbkdf2Sync(bytes, salt, iterations, HASH_BYTES, 'sha512'), expected);
}
