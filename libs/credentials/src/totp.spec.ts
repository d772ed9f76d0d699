import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, totpStep, verifyTotp } from './index.js';

/** The shared secret of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1): ASCII "12345678901234567890". */
const RFC_KEY = new TextEncoder().encode('12345678901234567890');

describe('base32 (RFC 4648 §10 test vectors, unpadded)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s and decodes it back', (text, encoded) => {
    const bytes = new TextEncoder().encode(text);
    expect(base32Encode(bytes)).toBe(encoded);
    expect(base32Decode(encoded)).toEqual(bytes);
  });

  it('decodes padded, lower-case and space-grouped input the way users type it', () => {
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======') ?? new Uint8Array())).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(base32Decode('MZXW1')).toBeNull();
    expect(base32Decode('MZXW8')).toBeNull();
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('hotp (RFC 4226 Appendix D)', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('counter %i gives %s', (counter, code) => {
    expect(hotp(RFC_KEY, counter)).toBe(code);
  });

  it('refuses a negative counter and an unsupported length', () => {
    expect(() => hotp(RFC_KEY, -1)).toThrow(RangeError);
    expect(() => hotp(RFC_KEY, 0, 5)).toThrow(RangeError);
  });
});

describe('totp (RFC 6238 Appendix B, SHA-1, 8 digits)', () => {
  it.each([
    [59, 1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ])('at unix time %i (step %i) gives %s', (seconds, step, code) => {
    expect(totpStep(seconds * 1000)).toBe(step);
    expect(totp(RFC_KEY, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it('uses the last 6 digits of the same value by default (dynamic truncation mod 10^6)', () => {
    expect(totp(RFC_KEY, 59_000)).toBe('287082');
  });
});

describe('verifyTotp', () => {
  const at = 1111111111_000; // step 0x23523ed
  const step = totpStep(at);
  const codeOf = (s: number): string => hotp(RFC_KEY, s);

  it('accepts the current code and the codes one step either side, returning the matched step', () => {
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp(RFC_KEY, { code: codeOf(step + delta), nowMs: at, lastStep: null })).toEqual({
        ok: true,
        step: step + delta,
      });
    }
  });

  it('refuses codes two steps away (outside the ±1 window)', () => {
    for (const delta of [-2, 2]) {
      expect(verifyTotp(RFC_KEY, { code: codeOf(step + delta), nowMs: at, lastStep: null })).toEqual({
        ok: false,
        reason: 'INVALID',
      });
    }
  });

  it('refuses a correct code of a step already used (replay), and of an earlier step', () => {
    expect(verifyTotp(RFC_KEY, { code: codeOf(step), nowMs: at, lastStep: step })).toEqual({
      ok: false,
      reason: 'REPLAYED',
    });
    expect(verifyTotp(RFC_KEY, { code: codeOf(step - 1), nowMs: at, lastStep: step })).toEqual({
      ok: false,
      reason: 'REPLAYED',
    });
    expect(verifyTotp(RFC_KEY, { code: codeOf(step + 1), nowMs: at, lastStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('ignores spaces and refuses malformed codes without computing anything', () => {
    const c = codeOf(step);
    expect(
      verifyTotp(RFC_KEY, { code: `${c.slice(0, 3)} ${c.slice(3)}`, nowMs: at, lastStep: null }).ok,
    ).toBe(true);
    for (const code of ['', '12345', '1234567', 'abcdef', '12 34 5']) {
      expect(verifyTotp(RFC_KEY, { code, nowMs: at, lastStep: null })).toEqual({
        ok: false,
        reason: 'MALFORMED',
      });
    }
  });

  it('refuses the code of another secret', () => {
    const other = new TextEncoder().encode('09876543210987654321');
    expect(verifyTotp(other, { code: codeOf(step), nowMs: at, lastStep: null }).ok).toBe(false);
  });
});

describe('otpauthUri', () => {
  it('builds the Key Uri Format authenticator apps import', () => {
    const uri = otpauthUri({ secret: RFC_KEY, issuer: 'OpenWard', account: 'nurse' });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(uri.startsWith('otpauth://totp/OpenWard:nurse?')).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      issuer: 'OpenWard',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
