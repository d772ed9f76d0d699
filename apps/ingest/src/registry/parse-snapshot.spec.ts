import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeSnapshot } from '../../test/fixtures.js';
import { parseRegistrySnapshot } from './parse-snapshot.js';
import { SnapshotRegistry } from './registry-port.js';

describe('parseRegistrySnapshot', () => {
  it('accepts a valid snapshot', async () => {
    const s = await makeSnapshot(7);
    const r = parseRegistrySnapshot(JSON.stringify(s));
    expect(r).toEqual({ ok: true, snapshot: s });
  });

  it.each([
    ['not json', '{', 'NOT_JSON'],
    ['wrong schema tag', '{"schema":"openward.registry/2"}', 'SCHEMA'],
    ['array', '[]', 'SCHEMA'],
  ])('rejects %s', (_name, text, reason) => {
    expect(parseRegistrySnapshot(text)).toMatchObject({ ok: false, reason });
  });

  it('rejects a gateway with a plaintext secret', async () => {
    const s = await makeSnapshot();
    const bad = { ...s, gateways: [{ ...s.gateways[0], secretHash: 'plaintext' }] };
    expect(parseRegistrySnapshot(JSON.stringify(bad))).toMatchObject({ ok: false, reason: 'SCHEMA' });
  });

  it('never throws on random JSON or random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        const r = parseRegistrySnapshot(text);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

describe('SnapshotRegistry', () => {
  it('applies newer versions only and notifies listeners', async () => {
    const reg = new SnapshotRegistry();
    const seen: number[] = [];
    reg.onChange((v) => seen.push(v));
    expect(reg.apply(await makeSnapshot(2))).toBe(true);
    expect(reg.apply(await makeSnapshot(1))).toBe(false);
    expect(reg.apply(await makeSnapshot(2))).toBe(false);
    expect(reg.apply(await makeSnapshot(3, { 'gw-test-1': 'revoked' }))).toBe(true);
    expect(seen).toEqual([2, 3]);
    expect(reg.version()).toBe(3);
    expect(reg.gateway('gw-test-1')?.status).toBe('revoked');
  });

  it('answers device ownership and patient attribution from the snapshot', async () => {
    const reg = new SnapshotRegistry();
    expect(reg.patientAt('c0:ff:ee:00:20:01', Date.now())).toBeNull();
    reg.apply(await makeSnapshot(1));
    expect(reg.deviceGateway('c0:ff:ee:00:20:03')).toBe('gw-test-2');
    expect(reg.deviceGateway('aa:aa:aa:aa:aa:aa')).toBeUndefined();
    expect(reg.patientAt('c0:ff:ee:00:20:01', Date.parse('2021-01-01T00:00:00.000Z'))).toBe('p-2001');
    expect(reg.patientAt('c0:ff:ee:00:20:01', Date.parse('2019-01-01T00:00:00.000Z'))).toBeNull();
    expect(reg.patientAt('c0:ff:ee:00:20:02', Date.now())).toBeNull();
  });
});
