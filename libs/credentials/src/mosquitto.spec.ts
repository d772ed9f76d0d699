import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_MOSQUITTO_ITERATIONS, hashMosquittoPassword, verifyMosquittoPassword } from './index.js';

// Written by `mosquitto_passwd -b -c FILE gw-a secret` (Mosquitto 2.0.11, Debian 12): the hash after "gw-a:".
const FROM_MOSQUITTO_PASSWD =
  '$7$101$BK2bZdL8qyQWT3l1$Yd8sf4yUCsO3z3ZzmQMOGGhzgPjalBlLdk/bMlvMGX9zQ8BRg1j2uwkzmbO0QDU29WwNNkD1re8m6adH+FlpSw==';
const SALT_OF_FIXTURE = Buffer.from('BK2bZdL8qyQWT3l1', 'base64');
const FAST = { iterations: 10 };

describe('hashMosquittoPassword', () => {
  it("reproduces mosquitto_passwd's line byte for byte given its salt and iteration count", () => {
    expect(hashMosquittoPassword('secret', { iterations: 101, salt: SALT_OF_FIXTURE })).toBe(
      FROM_MOSQUITTO_PASSWD,
    );
  });

  it('writes $7$, the iteration count, a 12-byte salt and a 64-byte hash in padded standard base64', () => {
    const h = hashMosquittoPassword('correct horse battery staple');
    const m = /^\$7\$(\d+)\$([A-Za-z0-9+/]{16})\$([A-Za-z0-9+/]{86}==)$/.exec(h);
    expect(m?.[1]).toBe(String(DEFAULT_MOSQUITTO_ITERATIONS));
    expect(Buffer.from(m?.[2] ?? '', 'base64')).toHaveLength(12);
    expect(Buffer.from(m?.[3] ?? '', 'base64')).toHaveLength(64);
  });

  it('salts every hash', () => {
    expect(hashMosquittoPassword('s', FAST)).not.toBe(hashMosquittoPassword('s', FAST));
  });

  it('hashes the UTF-8 bytes of the secret', () => {
    const h = hashMosquittoPassword('pässwörd-✓', FAST);
    expect(verifyMosquittoPassword('pässwörd-✓', h)).toBe(true);
    expect(verifyMosquittoPassword('passwort-✓', h)).toBe(false);
  });

  it.each([
    ['an empty secret', '', {}],
    ['a NUL in the secret (Mosquitto would hash only up to it)', 'ab\u0000cd', {}],
    ['a secret longer than an MQTT password field', 'x'.repeat(65_536), {}],
    ['a salt of the wrong length', 's', { salt: Buffer.alloc(16) }],
    ['zero iterations', 's', { iterations: 0 }],
    ['fractional iterations', 's', { iterations: 1.5 }],
    ['absurd iterations', 's', { iterations: 1e9 }],
  ])('refuses %s', (_name, secret, opts) => {
    expect(() => hashMosquittoPassword(secret, opts)).toThrow(RangeError);
  });
});

describe('verifyMosquittoPassword', () => {
  it('accepts the right secret for a mosquitto_passwd hash and refuses a wrong one', () => {
    expect(verifyMosquittoPassword('secret', FROM_MOSQUITTO_PASSWD)).toBe(true);
    expect(verifyMosquittoPassword('Secret', FROM_MOSQUITTO_PASSWD)).toBe(false);
    expect(verifyMosquittoPassword('secret ', FROM_MOSQUITTO_PASSWD)).toBe(false);
  });

  it.each([
    ['empty', ''],
    [
      '$6$ (plain SHA-512)',
      '$6$BK2bZdL8qyQWT3l1$Yd8sf4yUCsO3z3ZzmQMOGGhzgPjalBlLdk/bMlvMGX9zQ8BRg1j2uwkzmbO0QDU29WwNNkD1re8m6adH+FlpSw==',
    ],
    ['scrypt', 'scrypt$1024$8$1$c2FsdHNhbHQ=$AAAA'],
    ['short salt', FROM_MOSQUITTO_PASSWD.replace('BK2bZdL8qyQWT3l1', 'BK2bZdL8')],
    ['short hash', '$7$101$BK2bZdL8qyQWT3l1$Yd8sf4yU'],
    ['iterations with a sign', FROM_MOSQUITTO_PASSWD.replace('$101$', '$+101$')],
    ['absurd iterations (DoS)', FROM_MOSQUITTO_PASSWD.replace('$101$', '$99999999$')],
    ['a trailing part', `${FROM_MOSQUITTO_PASSWD}$x`],
    ['a non-base64 character', FROM_MOSQUITTO_PASSWD.replace('BK2b', 'BK_b')],
  ])('treats a malformed stored hash (%s) as a failed verification, never a throw', (_name, stored) => {
    expect(verifyMosquittoPassword('secret', stored)).toBe(false);
  });

  it('round-trips any non-empty secret without NUL (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }).filter((s) => !s.includes('\u0000')),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        (secret, salt) => {
          const h = hashMosquittoPassword(secret, { iterations: 2, salt: Buffer.from(salt) });
          expect(verifyMosquittoPassword(secret, h)).toBe(true);
          expect(verifyMosquittoPassword(`${secret}x`, h)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary stored strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 160 }), (s) => {
        expect(verifyMosquittoPassword('secret', `$7$${s}`)).toBe(false);
        expect(typeof verifyMosquittoPassword(s, FROM_MOSQUITTO_PASSWD)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
