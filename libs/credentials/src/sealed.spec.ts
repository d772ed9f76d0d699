import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deriveFieldKey, openField, sealField } from './index.js';

const MASTER = 'an-operator-secret-of-at-least-32-characters';
const key = deriveFieldKey(MASTER, 'totp-secret');

describe('deriveFieldKey', () => {
  it('derives a stable 32-byte key, different per purpose and per master secret', () => {
    expect(key).toHaveLength(32);
    expect(deriveFieldKey(MASTER, 'totp-secret')).toEqual(key);
    expect(deriveFieldKey(MASTER, 'other')).not.toEqual(key);
    expect(deriveFieldKey(`${MASTER}x`, 'totp-secret')).not.toEqual(key);
  });

  it('refuses a master secret shorter than 32 characters', () => {
    expect(() => deriveFieldKey('short', 'totp-secret')).toThrow(RangeError);
  });
});

describe('sealField / openField', () => {
  const secret = new TextEncoder().encode('12345678901234567890');

  it('seals as v1:<iv>:<ct>:<tag> with a fresh IV each time and opens it again', () => {
    const a = sealField(secret, key, 'u-1');
    const b = sealField(secret, key, 'u-1');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect(openField(a, key, 'u-1')).toEqual(Buffer.from(secret));
    expect(a).not.toContain(Buffer.from(secret).toString('base64url'));
  });

  it('refuses another key, other associated data (a value copied to another row) and any changed byte', () => {
    const sealed = sealField(secret, key, 'u-1');
    expect(openField(sealed, deriveFieldKey(MASTER, 'other'), 'u-1')).toBeNull();
    expect(openField(sealed, key, 'u-2')).toBeNull();
    const [v, iv, ct, tag] = sealed.split(':') as [string, string, string, string];
    const flip = (s: string): string => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    expect(openField([v, flip(iv), ct, tag].join(':'), key, 'u-1')).toBeNull();
    expect(openField([v, iv, flip(ct), tag].join(':'), key, 'u-1')).toBeNull();
    expect(openField([v, iv, ct, flip(tag)].join(':'), key, 'u-1')).toBeNull();
  });

  it.each(['', 'v2:a:b:c', 'v1:a:b', 'v1:!!:b:c', 'plain-base32-secret'])(
    'returns null for the malformed value %j, never throws',
    (sealed) => {
      expect(openField(sealed, key)).toBeNull();
    },
  );

  it('round-trips any bytes and never throws on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), (bytes, junk) => {
        expect(openField(sealField(bytes, key, 'x'), key, 'x')).toEqual(Buffer.from(bytes));
        expect(() => openField(junk, key)).not.toThrow();
      }),
    );
  });
});
