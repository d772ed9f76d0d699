import { describe, it, expect } from '@jest/globals';
import type { GatewayConfig as RemoteConfig } from '@openward/contracts';
import { applyRemoteConfig, initialPolicy, isAllowed } from './allow-list.js';

const gw = 'gw-test-1';
const config = (version: number, devices: RemoteConfig['devices'], extra: Partial<RemoteConfig> = {}) =>
  ({ schema: 'openward.gateway-config/1', version, gatewayId: gw, devices, ...extra }) as RemoteConfig;

describe('device policy', () => {
  it('without env list nor server config allows any health device', () => {
    const p = initialPolicy([], 600);
    expect(p.openScan).toBe(true);
    expect(isAllowed(p, 'c0:ff:ee:00:00:01')).toBe(true);
  });

  it('with an env list allows only those addresses (case-insensitive)', () => {
    const p = initialPolicy(['c0:ff:ee:00:00:01'], 600);
    expect(isAllowed(p, 'C0:FF:EE:00:00:01')).toBe(true);
    expect(isAllowed(p, 'c0:ff:ee:00:00:02')).toBe(false);
  });

  it('applies a server config: adds, removes, changes, and ends the open scan', () => {
    const p0 = initialPolicy([], 600);
    const d1 = applyRemoteConfig(
      p0,
      config(1, [{ address: 'c0:ff:ee:00:00:01', kind: 'thermometer' }]),
      gw,
      [],
    );
    expect(d1).toMatchObject({ applied: true, added: ['c0:ff:ee:00:00:01'], removed: [] });
    if (!d1.applied) throw new Error('not applied');
    expect(d1.policy.openScan).toBe(false);
    expect(isAllowed(d1.policy, 'c0:ff:ee:00:00:09')).toBe(false);
    const d2 = applyRemoteConfig(
      d1.policy,
      config(
        2,
        [
          { address: 'c0:ff:ee:00:00:01', kind: 'thermometer', pollIntervalSeconds: 60 },
          { address: 'c0:ff:ee:00:00:02', kind: 'glucose-meter' },
        ],
        { notSeenAfterSeconds: 120 },
      ),
      gw,
      [],
    );
    expect(d2).toMatchObject({
      applied: true,
      added: ['c0:ff:ee:00:00:02'],
      removed: [],
      changed: ['c0:ff:ee:00:00:01'],
    });
    if (!d2.applied) throw new Error('not applied');
    expect(d2.policy.configVersion).toBe(2);
    expect(d2.policy.notSeenAfterSeconds).toBe(120);
    expect(d2.policy.devices.get('c0:ff:ee:00:00:02')).toEqual({
      address: 'c0:ff:ee:00:00:02',
      kind: 'glucose-meter',
      pollIntervalSeconds: null,
    });
    const d3 = applyRemoteConfig(
      d2.policy,
      config(3, [{ address: 'c0:ff:ee:00:00:02', kind: 'glucose-meter' }]),
      gw,
      [],
    );
    expect(d3).toMatchObject({ applied: true, added: [], removed: ['c0:ff:ee:00:00:01'] });
  });

  it('ignores a config whose version is not above the applied one, and one for another gateway', () => {
    const d1 = applyRemoteConfig(initialPolicy([], 600), config(5, []), gw, []);
    if (!d1.applied) throw new Error('not applied');
    expect(applyRemoteConfig(d1.policy, config(4, []), gw, [])).toEqual({
      applied: false,
      reason: 'stale-version',
    });
    expect(applyRemoteConfig(d1.policy, config(5, []), gw, [])).toEqual({
      applied: false,
      reason: 'stale-version',
    });
    expect(applyRemoteConfig(d1.policy, { ...config(9, []), gatewayId: 'gw-other-1' }, gw, [])).toEqual({
      applied: false,
      reason: 'wrong-gateway',
    });
  });

  it('keeps the env allow-list as a floor under the server list', () => {
    const env = ['c0:ff:ee:00:00:07'];
    const d = applyRemoteConfig(initialPolicy(env, 600), config(1, []), gw, env);
    if (!d.applied) throw new Error('not applied');
    expect([...d.policy.devices.keys()]).toEqual(['c0:ff:ee:00:00:07']);
    expect(d.removed).toEqual([]);
  });
});
