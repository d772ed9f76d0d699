import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-time passwords for staff multi-factor sign-in: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA-1,
 * the parameters every authenticator app supports (6 digits, 30-second steps). Pure functions: the caller
 * passes the time and the last accepted step, and stores the returned step to block replays.
 */

/** RFC 4648 §6 alphabet (the otpauth:// `secret` parameter, no padding). */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Default TOTP parameters (RFC 6238 §4: T0 = 0, X = 30 s; §5.2: 6 digits; ±1 step for clock drift). */
export const TOTP_DEFAULTS = { periodSeconds: 30, digits: 6, window: 1 } as const;

/** Encodes bytes as RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and `=` padding ignored, as users type them).
 * Returns null on any other character.
 */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = BASE32_ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(key: Uint8Array, counter: number, digits: number = TOTP_DEFAULTS.digits): string {
  if (!Number.isSafeInteger(counter) || counter < 0)
    throw new RangeError('counter must be a safe integer ≥ 0');
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError('digits must be 6..10');
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: the time step of a moment, T = floor((unix seconds − T0) / X) with T0 = 0. */
export function totpStep(nowMs: number, periodSeconds: number = TOTP_DEFAULTS.periodSeconds): number {
  return Math.floor(nowMs / 1000 / periodSeconds);
}

/** The TOTP code of a moment (RFC 6238, HMAC-SHA-1). */
export function totp(
  key: Uint8Array,
  nowMs: number,
  opts: { periodSeconds?: number; digits?: number } = {},
): string {
  return hotp(key, totpStep(nowMs, opts.periodSeconds), opts.digits);
}

export interface TotpCheck {
  /** The code as typed (spaces are ignored). */
  readonly code: string;
  readonly nowMs: number;
  /** The last step accepted for this secret, or null: a code of this step or earlier is a replay. */
  readonly lastStep: number | null;
  readonly periodSeconds?: number;
  readonly digits?: number;
  /** Steps accepted either side of now for clock drift (RFC 6238 §5.2 recommends at most one). */
  readonly window?: number;
}

export type TotpResult =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'MALFORMED' | 'INVALID' | 'REPLAYED' };

/**
 * Verifies a TOTP code within ±window steps, in constant time per candidate. A correct code of a step at or
 * before `lastStep` is refused as REPLAYED (RFC 6238 §5.2: a verifier must not accept the same OTP twice);
 * on success the caller stores the returned step as the new `lastStep`.
 */
export function verifyTotp(key: Uint8Array, check: TotpCheck): TotpResult {
  const digits = check.digits ?? TOTP_DEFAULTS.digits;
  const window = check.window ?? TOTP_DEFAULTS.window;
  const code = check.code.replace(/\s/g, '');
  if (code.length !== digits || !/^\d+$/.test(code)) return { ok: false, reason: 'MALFORMED' };
  const now = totpStep(check.nowMs, check.periodSeconds);
  const typed = Buffer.from(code);
  let matched: number | null = null;
  // Every candidate is computed and compared so timing does not reveal which step matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const expected = Buffer.from(hotp(key, step, digits));
    if (timingSafeEqual(expected, typed) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: 'INVALID' };
  if (check.lastStep !== null && matched <= check.lastStep) return { ok: false, reason: 'REPLAYED' };
  return { ok: true, step: matched };
}

/**
 * The `otpauth://totp/…` URI authenticator apps import (usually as a QR code): label `issuer:account`,
 * base32 secret, SHA1, digits, period.
 */
export function otpauthUri(opts: {
  secret: Uint8Array;
  issuer: string;
  account: string;
  digits?: number;
  periodSeconds?: number;
}): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`;
  const params = new URLSearchParams({
    secret: base32Encode(opts.secret),
    issuer: opts.issuer,
    algorithm: 'SHA1',
    digits: String(opts.digits ?? TOTP_DEFAULTS.digits),
    period: String(opts.periodSeconds ?? TOTP_DEFAULTS.periodSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
