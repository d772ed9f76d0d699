import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hashSecret, randomSecret, safeEqual, verifySecret, type ScryptParams } from './index.js';

// Cheap parameters keep the unit test fast; the default (N=2^17) is exercised by the API's seed and login.
const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

describe('hashSecret / verifySecret', () => {
  it('verifies the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('correct horse battery staple', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifySecret('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifySecret('correct horse battery stapler', hash)).resolves.toBe(false);
  });
  it('salts every hash, so the same secret hashes differently', async () => {
    const [a, b] = await Promise.all([hashSecret('s', FAST), hashSecret('s', FAST)]);
    expect(a).not.toBe(b);
    await expect(verifySecret('s', b)).resolves.toBe(true);
  });
  it('uses the OWASP minimum parameters by default', async () => {
    expect((await hashSecret('x')).split('$').slice(1, 4)).toEqual(['131072', '8', '1']);
  });
  it.each([
    ['empty', ''],
    ['other scheme', 'bcrypt$10$abc'],
    ['missing parts', 'scrypt$1024$8$1$c2FsdHNhbHQ='],
    ['non-numeric cost', 'scrypt$x$8$1$c2FsdHNhbHQ=$AAAA'],
    ['absurd cost (DoS)', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHQ=$${Buffer.alloc(32).toString('base64')}`],
    ['short key', 'scrypt$1024$8$1$c2FsdHNhbHQ=$AAAA'],
  ])('treats a malformed stored hash (%s) as a failed verification, never a throw', async (_name, stored) => {
    await expect(verifySecret('anything', stored)).resolves.toBe(false);
  });
  it('never throws on arbitrary stored strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (s) => {
        expect(await verifySecret('secret', `scrypt$${s}`)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('safeEqual and randomSecret', () => {
  it('compares in constant time and handles different lengths', () => {
    expect(safeEqual('token-a', 'token-a')).toBe(true);
    expect(safeEqual('token-a', 'token-b')).toBe(false);
    expect(safeEqual('short', 'longer-string')).toBe(false);
  });
  it('makes 256-bit url-safe secrets that do not repeat', () => {
    const s = new Set(Array.from({ length: 100 }, () => randomSecret()));
    expect(s.size).toBe(100);
    for (const x of s) expect(x).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
