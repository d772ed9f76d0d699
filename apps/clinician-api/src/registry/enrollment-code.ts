import { ENROLLMENT_CODE_ALPHABET, ENROLLMENT_CODE_LENGTH } from '@openward/contracts';

/** Random bytes behind one enrolment code: 18 bytes, of which the code keeps 28 × 5 = 140 bits (≥ 128). */
export const ENROLLMENT_CODE_BYTES = 18;
/** Random bytes behind a generated gateway id: `gw-` + 12 base32 characters (60 bits). */
export const GATEWAY_ID_BYTES = 8;

/** The first `length` Crockford base32 characters of `bytes` (5 bits each, most significant first). Pure. */
export function base32(bytes: Uint8Array, length: number): string {
  if (bytes.length * 8 < length * 5)
    throw new RangeError(`${length} characters need ${Math.ceil((length * 5) / 8)} bytes`);
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ENROLLMENT_CODE_ALPHABET[(acc >> bits) & 31];
    }
    if (out.length === length) break;
  }
  return out;
}

/** A canonical enrolment code (28 characters, no separators) from {@link ENROLLMENT_CODE_BYTES} random bytes. */
export function enrollmentCodeFrom(bytes: Uint8Array): string {
  return base32(bytes, ENROLLMENT_CODE_LENGTH);
}

/** A gateway id (`gw-` + 12 lowercase base32 characters) from {@link GATEWAY_ID_BYTES} random bytes. */
export function gatewayIdFrom(bytes: Uint8Array): string {
  return `gw-${base32(bytes, 12).toLowerCase()}`;
}

/** What is known of a stored code when it is presented. */
export interface PresentedCode {
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Whether a stored code can still be exchanged at `now`. Pure. A used code is reported as used even once it
 * has also expired: a second exchange of the same code is the more telling event (a copied code).
 */
export function codeState(code: PresentedCode, now: Date): 'valid' | 'used' | 'expired' {
  if (code.usedAt !== null) return 'used';
  return now.getTime() >= code.expiresAt.getTime() ? 'expired' : 'valid';
}
