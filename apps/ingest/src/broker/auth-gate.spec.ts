import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createMetrics } from '../metrics.js';
import { AuthGate } from './auth-gate.js';
import { AuthThrottle } from './auth-throttle.js';
import type { AuthFailure, AuthResult } from './authenticator.js';

/** A scripted authenticator that records how often it was asked (each ask = one scrypt in production). */
function scripted(answer: (username: string | undefined) => AuthResult) {
  const calls: string[] = [];
  return {
    calls,
    authenticator: {
      authenticate: (_clientId: string, username: string | undefined): Promise<AuthResult> => {
        calls.push(username ?? '');
        return Promise.resolve(answer(username));
      },
    },
  };
}

const fail = (reason: AuthFailure): AuthResult => ({ ok: false, reason });
const POLICY = {
  baseDelayMs: 0, // no timers: the decisions are under test, the delays are unit-tested in auth-throttle
  maxDelayMs: 0,
  windowMs: 60_000,
  blockMs: 60_000,
  usernameBlockAfter: 3,
  addressBlockAfter: 5,
  maxEntries: 100,
};

function gate(answer: (username: string | undefined) => AuthResult) {
  const s = scripted(answer);
  const metrics = createMetrics(false);
  const g = new AuthGate({
    authenticator: s.authenticator,
    throttle: new AuthThrottle(POLICY),
    monotonic: () => 1_000,
    metrics,
    logger: pino({ level: 'silent' }),
  });
  return { g, calls: s.calls, metrics };
}

const pw = Buffer.from('x');

describe('AuthGate', () => {
  it('blocks a gateway after wrong secrets and then refuses it without asking the authenticator', async () => {
    const { g, calls, metrics } = gate(() => fail('bad_secret'));
    for (let i = 0; i < 3; i++)
      expect(await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.1')).toEqual(fail('bad_secret'));
    expect(await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.2')).toEqual(fail('throttled'));
    expect(calls).toHaveLength(3); // no fourth scrypt
    const v = (await metrics.authThrottled.get()).values;
    expect(v.find((x) => x.labels.action === 'block_started')?.labels.dimension).toBe('username');
  });

  it('counts unknown usernames per address only', async () => {
    const { g, calls } = gate(() => fail('unknown_gateway'));
    for (let i = 0; i < 5; i++) await g.authenticate(`gw-${i}`, `gw-${i}`, pw, '10.0.0.9');
    expect(await g.authenticate('gw-x', 'gw-x', pw, '10.0.0.9')).toEqual(fail('throttled'));
    expect(await g.authenticate('gw-x', 'gw-x', pw, '10.0.0.10')).toEqual(fail('unknown_gateway'));
    expect(calls).toHaveLength(6);
  });

  it.each(['revoked', 'client_id_mismatch', 'registry_unavailable'] as const)(
    'never throttles %s (decided before any password check)',
    async (reason) => {
      const { g, calls } = gate(() => fail(reason));
      for (let i = 0; i < 20; i++)
        expect(await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.1')).toEqual(fail(reason));
      expect(calls).toHaveLength(20);
    },
  );

  it('clears the counters on success', async () => {
    let ok = false;
    const { g } = gate(() =>
      ok ? { ok: true, identity: { kind: 'gateway', gatewayId: 'gw-a' } } : fail('bad_secret'),
    );
    for (let round = 0; round < 4; round++) {
      ok = false;
      await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.1');
      await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.1');
      ok = true;
      expect((await g.authenticate('gw-a', 'gw-a', pw, '10.0.0.1')).ok).toBe(true);
    }
  });
});
