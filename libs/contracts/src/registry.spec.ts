import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MOSQUITTO_HASH_PATTERN, registrySnapshotSchema } from './index.js';

// A line written by `mosquitto_passwd -b` (Mosquitto 2.0.11) for user gw-a, password "secret".
const FROM_MOSQUITTO_PASSWD =
  '$7$101$BK2bZdL8qyQWT3l1$Yd8sf4yUCsO3z3ZzmQMOGGhzgPjalBlLdk/bMlvMGX9zQ8BRg1j2uwkzmbO0QDU29WwNNkD1re8m6adH+FlpSw==';

const snapshot = (gateway: Record<string, unknown>) => ({
  schema: 'openward.registry/1',
  version: 1,
  generatedAt: '2026-11-25T00:00:00.000Z',
  gateways: [{ id: 'gw-a', secretHash: 'scrypt$1$1$1$a$b', status: 'active', ...gateway }],
  devices: [],
  assignments: [],
});

describe('registry gateway mosquittoHash', () => {
  it('is optional', () => {
    expect(registrySnapshotSchema.safeParse(snapshot({})).success).toBe(true);
  });

  it('accepts a hash written by mosquitto_passwd', () => {
    expect(registrySnapshotSchema.safeParse(snapshot({ mosquittoHash: FROM_MOSQUITTO_PASSWD })).success).toBe(
      true,
    );
  });

  it.each([
    ['the SHA512 (no PBKDF2) scheme', '$6$BK2bZdL8qyQWT3l1$Yd8s'],
    ['a scrypt hash', 'scrypt$1$1$1$a$b'],
    ['zero iterations', '$7$0$BK2bZdL8qyQWT3l1$Yd8s'],
    ['a line break (password file injection)', `$7$101$BK2bZdL8qyQWT3l1$Yd8s\ngw-b:$7$101$x$y`],
    ['a colon', '$7$101$BK2b:ZdL8$Yd8s'],
    ['missing hash', '$7$101$BK2bZdL8qyQWT3l1$'],
  ])('refuses %s', (_name, mosquittoHash) => {
    expect(registrySnapshotSchema.safeParse(snapshot({ mosquittoHash })).success).toBe(false);
  });

  it('never admits a value containing a line break, colon or space (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const v = `$7$101$${a}$${b}`;
        if (MOSQUITTO_HASH_PATTERN.test(v)) expect(v).not.toMatch(/[\s:]/);
      }),
      { numRuns: 2000 },
    );
  });
});
