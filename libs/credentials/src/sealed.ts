import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Field encryption at rest (e.g. TOTP secrets, which must be readable again, unlike passwords): AES-256-GCM
 * with a key derived from an operator secret, sealed as `v1:<iv>:<ciphertext>:<tag>` (base64url parts).
 * Associated data (e.g. the row's id) binds a sealed value to its row, so it cannot be copied to another one.
 */

const VERSION = 'v1';
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit IVs, random per message
const TAG_BYTES = 16;

/**
 * Derives a 256-bit key from an operator secret with HKDF-SHA-256 (RFC 5869). `purpose` separates keys
 * derived from the same secret for different fields.
 */
export function deriveFieldKey(masterSecret: string, purpose: string): Buffer {
  if (masterSecret.length < 32) throw new RangeError('master secret must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', masterSecret, 'openward-field-key', `openward:${purpose}`, 32));
}

/** Encrypts `plaintext` under `key` (32 bytes) with a fresh random IV. */
export function sealField(plaintext: Uint8Array, key: Uint8Array, associatedData = ''): string {
  if (key.length !== 32) throw new RangeError('key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, ct, tag].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
}

/**
 * Decrypts a value from {@link sealField}. Returns null (never throws) when the format is unknown, the key
 * or associated data differ, or any byte was changed.
 */
export function openField(sealed: string, key: Uint8Array, associatedData = ''): Buffer | null {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION || key.length !== 32) return null;
  const [iv, ct, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !ct || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    return null;
  }
}
