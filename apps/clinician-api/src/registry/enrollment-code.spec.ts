import { describe, expect, it } from '@jest/globals';
import { formatEnrollmentCode, GATEWAY_ID_PATTERN, normalizeEnrollmentCode } from '@openward/contracts';
import fc from 'fast-check';
import {
  base32,
  codeState,
  ENROLLMENT_CODE_BYTES,
  enrollmentCodeFrom,
  GATEWAY_ID_BYTES,
  gatewayIdFrom,
} from './enrollment-code.js';

describe('base32 (Crockford alphabet)', () => {
  it('encodes 5 bits per character, most significant first', () => {
    expect(base32(Uint8Array.of(0, 0, 0, 0, 0), 8)).toBe('00000000');
    expect(base32(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), 8)).toBe('ZZZZZZZZ');
    // 0b00001 00010 00011 00100 00101 ... from 08 86 42 98 e8
    expect(base32(Uint8Array.of(0x08, 0x86, 0x42, 0x98, 0xe8), 8)).toBe('12345678');
  });

  it('refuses too few bytes for the requested length', () => {
    expect(() => base32(new Uint8Array(2), 4)).toThrow(RangeError);
  });
});

describe('enrollmentCodeFrom', () => {
  it('gives a 28-character code that the contracts normalisation keeps as is (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: ENROLLMENT_CODE_BYTES, maxLength: ENROLLMENT_CODE_BYTES }),
        (b) => {
          const code = enrollmentCodeFrom(b);
          expect(code).toHaveLength(28);
          expect(normalizeEnrollmentCode(formatEnrollmentCode(code))).toBe(code);
        },
      ),
    );
  });

  it('depends on every one of the first 140 bits', () => {
    const zero = new Uint8Array(ENROLLMENT_CODE_BYTES);
    const seen = new Set<string>();
    for (let bit = 0; bit < 140; bit++) {
      const b = zero.slice();
      b[bit >> 3] = 0x80 >> (bit & 7);
      seen.add(enrollmentCodeFrom(b));
    }
    expect(seen.size).toBe(140);
  });
});

describe('gatewayIdFrom', () => {
  it('always matches the gateway id pattern (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: GATEWAY_ID_BYTES, maxLength: GATEWAY_ID_BYTES }), (b) => {
        expect(gatewayIdFrom(b)).toMatch(GATEWAY_ID_PATTERN);
      }),
    );
  });
});

describe('codeState', () => {
  const expiresAt = new Date('2026-01-01T01:00:00Z');

  it('is valid before expiry and expired from the expiry instant on', () => {
    expect(codeState({ expiresAt, usedAt: null }, new Date('2026-01-01T00:59:59.999Z'))).toBe('valid');
    expect(codeState({ expiresAt, usedAt: null }, expiresAt)).toBe('expired');
  });

  it('reports a used code as used, even after it expired', () => {
    const usedAt = new Date('2026-01-01T00:10:00Z');
    expect(codeState({ expiresAt, usedAt }, new Date('2026-01-01T00:20:00Z'))).toBe('used');
    expect(codeState({ expiresAt, usedAt }, new Date('2026-01-02T00:00:00Z'))).toBe('used');
  });
});
