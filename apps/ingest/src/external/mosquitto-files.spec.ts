import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hashMosquittoPassword, verifyMosquittoPassword } from '@openward/credentials';
import {
  AclGenerationError,
  mosquittoAcl,
  mosquittoPasswordFile,
  parsePasswordFile,
} from './mosquitto-files.js';

const gw = (id: string, status: 'active' | 'revoked' = 'active', mosquittoHash?: string) => ({
  id,
  secretHash: 'scrypt$x',
  status,
  ...(mosquittoHash === undefined ? {} : { mosquittoHash }),
});
const FAST = { iterations: 5 };
const HASH_A = hashMosquittoPassword('secret-a', FAST);
const HASH_B = hashMosquittoPassword('secret-b', FAST);

const entries = parsePasswordFile;

describe('mosquittoAcl', () => {
  it('grants each active gateway its own readings/status (write) and config (read), then the services', () => {
    const text = mosquittoAcl({ gateways: [gw('gw-b'), gw('gw-a')] });
    const body = text
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .join('\n');
    expect(body).toBe(
      [
        'user gw-a',
        'topic write openward/v1/gw/gw-a/readings',
        'topic write openward/v1/gw/gw-a/status',
        'topic read openward/v1/gw/gw-a/config',
        'user gw-b',
        'topic write openward/v1/gw/gw-b/readings',
        'topic write openward/v1/gw/gw-b/status',
        'topic read openward/v1/gw/gw-b/config',
        'user svc.ingest',
        'topic read openward/v1/gw/+/readings',
        'topic readwrite openward/v1/live/#',
        'user svc.clinician-api',
        'topic read openward/v1/live/#',
        'topic write openward/v1/gw/+/config',
      ].join('\n'),
    );
  });

  it('gives a revoked gateway no topics at all', () => {
    const text = mosquittoAcl({ gateways: [gw('gw-a'), gw('gw-revoked', 'revoked')] });
    expect(text).not.toContain('gw-revoked');
  });

  it('uses the configured service usernames', () => {
    const text = mosquittoAcl(
      { gateways: [] },
      { ingestUser: 'svc.ingest-eu', clinicianApiUser: 'svc.api-eu' },
    );
    expect(text).toContain('user svc.ingest-eu\ntopic read openward/v1/gw/+/readings\n');
    expect(text).toContain('user svc.api-eu\ntopic read openward/v1/live/#\n');
  });

  it.each(['gw-a\nuser svc.ingest', 'gw-+', 'gw-#', 'GW-UPPER', 'gw a'])(
    'refuses a gateway id that could inject ACL lines or wildcards: %j',
    (id) => {
      expect(() => mosquittoAcl({ gateways: [gw(id)] })).toThrow(AclGenerationError);
    },
  );

  it('never lets an id add a line or a wildcard (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 70 }), { maxLength: 5 }), (ids) => {
        let text: string;
        try {
          text = mosquittoAcl({ gateways: ids.map((id) => gw(id)) });
        } catch (e) {
          expect(e).toBeInstanceOf(AclGenerationError);
          return;
        }
        const lines = text.split('\n').filter((l) => l.startsWith('user ') || l.startsWith('topic '));
        expect(lines).toHaveLength(new Set(ids).size * 4 + 6);
        for (const l of lines.filter((x) => x.includes('/gw/') && !x.includes('/gw/+/'))) {
          expect(l).not.toMatch(/[+#]/);
        }
      }),
    );
  });
});

describe('mosquittoPasswordFile', () => {
  it("lists active gateways with their registry hash, sorted, then the services with their tokens' hashes", () => {
    const text = mosquittoPasswordFile(
      { gateways: [gw('gw-b', 'active', HASH_B), gw('gw-a', 'active', HASH_A)] },
      [
        { username: 'svc.ingest', token: 'ingest-token' },
        { username: 'svc.clinician-api', token: 'api-token' },
      ],
      FAST,
    );
    const e = entries(text);
    expect([...e.keys()]).toEqual(['gw-a', 'gw-b', 'svc.ingest', 'svc.clinician-api']);
    expect(e.get('gw-a')).toBe(HASH_A);
    expect(e.get('gw-b')).toBe(HASH_B);
    expect(verifyMosquittoPassword('ingest-token', e.get('svc.ingest') ?? '')).toBe(true);
    expect(verifyMosquittoPassword('api-token', e.get('svc.clinician-api') ?? '')).toBe(true);
    expect(verifyMosquittoPassword('ingest-token', e.get('svc.clinician-api') ?? '')).toBe(false);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out revoked gateways, and names active gateways without a hash in a comment only', () => {
    const text = mosquittoPasswordFile(
      { gateways: [gw('gw-a', 'active', HASH_A), gw('gw-gone', 'revoked', HASH_B), gw('gw-new')] },
      [],
    );
    expect([...entries(text).keys()]).toEqual(['gw-a']);
    expect(text).not.toContain('gw-gone');
    expect(text).toMatch(/^# gw-new: no mosquittoHash/m);
  });

  it('keeps a previous service hash that still verifies, so an unchanged registry gives the same file', () => {
    const snapshot = { gateways: [gw('gw-a', 'active', HASH_A)] };
    const services = [{ username: 'svc.ingest', token: 'ingest-token' }];
    const first = mosquittoPasswordFile(snapshot, services, FAST);
    const again = mosquittoPasswordFile(snapshot, services, { ...FAST, previous: parsePasswordFile(first) });
    expect(again).toBe(first);
    // A rotated token gets a new hash.
    const rotated = mosquittoPasswordFile(snapshot, [{ username: 'svc.ingest', token: 'new-token' }], {
      ...FAST,
      previous: parsePasswordFile(first),
    });
    expect(verifyMosquittoPassword('new-token', entries(rotated).get('svc.ingest') ?? '')).toBe(true);
  });

  it.each([
    ['a gateway id with a line break', { gateways: [gw('gw-a\nsvc.ingest', 'active', HASH_A)] }, []],
    ['a hash with a line break', { gateways: [gw('gw-a', 'active', `${HASH_A}\nsvc.x:${HASH_B}`)] }, []],
    ['a hash of another scheme', { gateways: [gw('gw-a', 'active', 'scrypt$1$1$1$a$b')] }, []],
    ['a service username with a colon', { gateways: [] }, [{ username: 'svc:ingest', token: 't' }]],
    [
      'a service username equal to a gateway id',
      { gateways: [gw('gw-a', 'active', HASH_A)] },
      [{ username: 'gw-a', token: 't' }],
    ],
    ['a token with a NUL', { gateways: [] }, [{ username: 'svc.a', token: 'a\u0000b' }]],
    [
      'the same service twice',
      { gateways: [] },
      [
        { username: 'svc.a', token: 't' },
        { username: 'svc.a', token: 'u' },
      ],
    ],
  ])('refuses %s', (_name, snapshot, services) => {
    expect(() => mosquittoPasswordFile(snapshot, services, FAST)).toThrow(AclGenerationError);
  });

  it('never emits a line that is not a comment or one username:$7$ entry (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.option(fc.string({ maxLength: 30 }))), {
          maxLength: 4,
        }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
        (gws, svcs) => {
          let text: string;
          try {
            text = mosquittoPasswordFile(
              { gateways: gws.map(([id, h]) => gw(id, 'active', h ?? HASH_A)) },
              svcs.map((username) => ({ username, token: 'tok' })),
              FAST,
            );
          } catch (e) {
            expect(e).toBeInstanceOf(AclGenerationError);
            return;
          }
          for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
            expect(line).toMatch(/^[^:\s]+:\$7\$[^:\s]+$/);
          }
          expect(entries(text).size).toBe(gws.length + svcs.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
