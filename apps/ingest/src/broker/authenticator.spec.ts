import { describe, expect, it, jest } from '@jest/globals';
import { verifySecret } from '@openward/credentials';
import { GW, GW2, SECRET, TOKEN, makeSnapshot } from '../../test/fixtures.js';
import { SnapshotRegistry } from '../registry/registry-port.js';
import { Authenticator } from './authenticator.js';

async function setup() {
  const registry = new SnapshotRegistry();
  registry.apply(await makeSnapshot(1));
  const verify = jest.fn(verifySecret);
  return { registry, verify, auth: new Authenticator(registry, TOKEN, verify) };
}
const pw = (s: string) => Buffer.from(s);

describe('Authenticator', () => {
  it('accepts a gateway with its secret and clientId == username', async () => {
    const { auth } = await setup();
    expect(await auth.authenticate(GW, GW, pw(SECRET))).toEqual({
      ok: true,
      identity: { kind: 'gateway', gatewayId: GW },
    });
  });

  it.each([
    ['missing password', GW, GW, undefined, 'missing_credentials'],
    ['wrong secret', GW, GW, 'nope', 'bad_secret'],
    ['unknown gateway', 'gw-nobody', 'gw-nobody', SECRET, 'unknown_gateway'],
    ['clientId differs from username', GW2, GW, SECRET, 'client_id_mismatch'],
    ['bad service token', 'svc-1', 'svc:clinician-api', 'x'.repeat(40), 'bad_service_token'],
    ['bad service name', 'svc-1', 'svc:Bad Name', TOKEN, 'bad_service_name'],
  ])('refuses %s', async (_name, clientId, username, password, reason) => {
    const { auth } = await setup();
    expect(
      await auth.authenticate(clientId, username, password === undefined ? undefined : pw(password)),
    ).toEqual({
      ok: false,
      reason,
    });
  });

  it('accepts a service with the token', async () => {
    const { auth } = await setup();
    expect(await auth.authenticate('api-1', 'svc:clinician-api', pw(TOKEN))).toEqual({
      ok: true,
      identity: { kind: 'service', name: 'clinician-api' },
    });
  });

  it('refuses everything but services while no registry is loaded', async () => {
    const auth = new Authenticator(new SnapshotRegistry(), TOKEN);
    expect(await auth.authenticate(GW, GW, pw(SECRET))).toEqual({
      ok: false,
      reason: 'registry_unavailable',
    });
    expect((await auth.authenticate('a', 'svc:x', pw(TOKEN))).ok).toBe(true);
  });

  it('caches a verified secret, and a registry change invalidates the cache and applies revocation', async () => {
    const { auth, verify, registry } = await setup();
    await auth.authenticate(GW, GW, pw(SECRET));
    await auth.authenticate(GW, GW, pw(SECRET));
    expect(verify).toHaveBeenCalledTimes(1);
    // A wrong password never matches the cached digest: scrypt runs and fails.
    expect(await auth.authenticate(GW, GW, pw('wrong'))).toEqual({ ok: false, reason: 'bad_secret' });
    expect(verify).toHaveBeenCalledTimes(2);
    registry.apply(await makeSnapshot(2));
    await auth.authenticate(GW, GW, pw(SECRET));
    expect(verify).toHaveBeenCalledTimes(3);
    registry.apply(await makeSnapshot(3, { [GW]: 'revoked' }));
    expect(await auth.authenticate(GW, GW, pw(SECRET))).toEqual({ ok: false, reason: 'revoked' });
  });
});
