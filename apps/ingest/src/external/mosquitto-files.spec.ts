import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AclGenerationError, mosquittoAcl } from './mosquitto-files.js';

const gw = (id: string, status: 'active' | 'revoked' = 'active') => ({ id, secretHash: 'scrypt$x', status });

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
