import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ENROLLMENT_CODE_ALPHABET,
  ENROLLMENT_CODE_LENGTH,
  formatEnrollmentCode,
  gatewayEnrollResponseSchema,
  normalizeEnrollmentCode,
} from './index.js';

const CODE = '7K3QAB12CDEFGHJKMNPQRSTVWXYZ';

describe('enrolment codes', () => {
  it('formats a canonical code in groups of four', () => {
    expect(formatEnrollmentCode(CODE)).toBe('7K3Q-AB12-CDEF-GHJK-MNPQ-RSTV-WXYZ');
  });

  it('normalises case, separators and the letters Crockford base32 confuses (O→0, I/L→1)', () => {
    expect(normalizeEnrollmentCode('7k3q-ab12-cdef-ghjk-mnpq-rstv-wxyz')).toBe(CODE);
    expect(normalizeEnrollmentCode(' 7K3Q AB12 CDEF GHJK MNPQ RSTV WXYZ ')).toBe(CODE);
    expect(normalizeEnrollmentCode('OOOO-IIII-LLLL-0000-1111-2222-3333')).toBe(
      '0000111111110000111122223333',
    );
  });

  it.each([
    ['too short', '7K3Q-AB12'],
    ['too long', `${CODE}A`],
    ['a U (not in the alphabet)', `U${CODE.slice(1)}`],
    ['punctuation', `${CODE.slice(0, 27)}!`],
    ['empty', ''],
    ['absurdly long input', 'A'.repeat(65)],
  ])('refuses %s', (_name, input) => {
    expect(normalizeEnrollmentCode(input)).toBeNull();
  });

  it('round-trips every canonical code through its formatted form (property)', () => {
    const canonical = fc
      .array(fc.constantFrom(...ENROLLMENT_CODE_ALPHABET), {
        minLength: ENROLLMENT_CODE_LENGTH,
        maxLength: ENROLLMENT_CODE_LENGTH,
      })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(canonical, (c) => {
        expect(normalizeEnrollmentCode(formatEnrollmentCode(c))).toBe(c);
        expect(normalizeEnrollmentCode(formatEnrollmentCode(c).toLowerCase())).toBe(c);
      }),
    );
  });

  it('never throws on arbitrary input, and anything accepted is canonical (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const n = normalizeEnrollmentCode(s);
        if (n !== null) expect(n).toMatch(/^[0-9A-HJKMNP-TV-Z]{28}$/);
      }),
    );
  });
});

describe('gatewayEnrollResponseSchema', () => {
  it('accepts credentials with or without a broker URL and strips unknown keys', () => {
    const body = { gatewayId: 'gw-a1', username: 'gw-a1', password: 'p'.repeat(43) };
    expect(gatewayEnrollResponseSchema.parse({ ...body, extra: 1 })).toEqual(body);
    expect(gatewayEnrollResponseSchema.parse({ ...body, mqttUrl: 'mqtts://b:8883' }).mqttUrl).toBe(
      'mqtts://b:8883',
    );
  });

  it('refuses a short password or a bad gateway id', () => {
    expect(
      gatewayEnrollResponseSchema.safeParse({ gatewayId: 'gw-a1', username: 'gw-a1', password: 'short' })
        .success,
    ).toBe(false);
    expect(
      gatewayEnrollResponseSchema.safeParse({
        gatewayId: 'GW A',
        username: 'gw-a1',
        password: 'p'.repeat(43),
      }).success,
    ).toBe(false);
  });
});
