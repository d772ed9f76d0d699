import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/app-error.js';
import type { LoginOutcome, SignedIn } from './auth.types.js';
import { authWorld, client, PASSWORD } from './fixtures/auth-world.js';

const MIN = 60_000;

function signedIn(o: LoginOutcome): SignedIn {
  if (o.kind !== 'signed-in') throw new Error('expected a session');
  return o;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e.code;
}

describe('SessionService.refresh', () => {
  it('rotates: a new refresh token in the same family, the old row replaced, the session end unchanged', async () => {
    const w = await authWorld();
    const first = signedIn(await w.auth.login('nurse', PASSWORD, client));
    w.advance(10 * MIN);
    const second = await w.lifecycle.refresh(first.refreshToken, client);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionExpiresAt).toEqual(first.sessionExpiresAt);
    const [a, b] = w.sessions.rows;
    expect(a?.replacedBy).toBe(b?.id);
    expect(b?.familyId).toBe(a?.familyId);
    expect(await w.authenticator.verify(second.response.accessToken)).toMatchObject({ sessionId: b?.id });
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.refresh', outcome: 'success' });
  });

  it('treats a replaced token presented again as reuse: the whole family is revoked and audited', async () => {
    const w = await authWorld();
    const first = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const second = await w.lifecycle.refresh(first.refreshToken, client);
    expect(await codeOf(w.lifecycle.refresh(first.refreshToken, client))).toBe('REFRESH_TOKEN_REUSED');
    expect(w.sessions.rows.map((r) => r.revokedReason)).toEqual(['reuse', 'reuse']);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.refresh.reuse', actorId: 'u-nurse' });
    expect(await codeOf(w.lifecycle.refresh(second.refreshToken, client))).toBe('REFRESH_TOKEN_INVALID');
    expect(await w.authenticator.verify(second.response.accessToken)).toBeNull();
  });

  it('does not count a refresh as activity, so an idle session cannot be kept alive by refreshing', async () => {
    const w = await authWorld();
    const s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    w.advance(10 * MIN);
    const r = await w.lifecycle.refresh(s.refreshToken, client);
    w.advance(6 * MIN);
    expect(await codeOf(w.lifecycle.refresh(r.refreshToken, client))).toBe('SESSION_EXPIRED');
    expect(w.sessions.rows.every((x) => x.revokedReason === 'idle')).toBe(true);
    expect(w.audit.entries.filter((e) => e.action === 'auth.idle-logoff')).toHaveLength(1);
  });

  it('refuses no cookie and an unknown token', async () => {
    const w = await authWorld();
    expect(await codeOf(w.lifecycle.refresh(null, client))).toBe('REFRESH_TOKEN_INVALID');
    expect(await codeOf(w.lifecycle.refresh('x'.repeat(43), client))).toBe('REFRESH_TOKEN_INVALID');
  });
});

describe('SessionAuthenticator', () => {
  it('loads role, care teams and patient link from the account on every request', async () => {
    const w = await authWorld();
    const s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    expect(await w.authenticator.verify(s.response.accessToken)).toEqual({
      userId: 'u-nurse',
      role: 'nurse',
      careTeams: ['team-north'],
      patientId: null,
      sessionId: w.sessions.rows[0]?.id,
    });
    Object.assign(w.staff.get('u-nurse'), { role: 'clinician', careTeamIds: ['team-south'] });
    expect(await w.authenticator.verify(s.response.accessToken)).toMatchObject({
      role: 'clinician',
      careTeams: ['team-south'],
    });
  });

  it('writes activity at most every 30 s and logs off after the idle timeout with SESSION_EXPIRED', async () => {
    // A 5-minute idle timeout shows the logoff while the 15-minute access token is still valid.
    const w = await authWorld([{}], { idleTimeoutMinutes: 5 });
    const s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const token = s.response.accessToken;
    const row = (): { lastSeenAt: Date } => w.sessions.rows[0] ?? { lastSeenAt: new Date(0) };
    const started = row().lastSeenAt.getTime();
    w.advance(20_000);
    await w.authenticator.authenticate(token, client);
    expect(row().lastSeenAt.getTime()).toBe(started);
    w.advance(20_000);
    await w.authenticator.authenticate(token, client);
    expect(row().lastSeenAt.getTime()).toBe(started + 40_000);
    w.advance(4 * MIN);
    expect((await w.authenticator.authenticate(token, client)).ok).toBe(true);
    w.advance(5 * MIN + 1);
    expect(await w.authenticator.authenticate(token, client)).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
    expect(w.sessions.rows[0]).toMatchObject({ revokedReason: 'idle' });
    expect(w.audit.entries.filter((e) => e.action === 'auth.idle-logoff')).toEqual([
      expect.objectContaining({ actorId: 'u-nurse', sourceIp: '192.0.2.10' }),
    ]);
  });

  it('refuses a logged-out session and a disabled account at once (UNAUTHENTICATED)', async () => {
    const w = await authWorld([{}, { id: 'u-2', username: 'second' }]);
    const a = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const b = signedIn(await w.auth.login('second', PASSWORD, client));
    await w.lifecycle.logout(a.refreshToken, null, client);
    expect(await w.authenticator.authenticate(a.response.accessToken, client)).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.logout', actorId: 'u-nurse' });
    w.staff.get('u-2').disabledAt = w.clock.now();
    expect(await w.authenticator.authenticate(b.response.accessToken, client)).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it('ends a session at its absolute lifetime whatever the activity', async () => {
    const w = await authWorld([{}], { sessionMaxHours: 1 });
    let s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    for (let i = 0; i < 5; i++) {
      w.advance(10 * MIN);
      expect((await w.authenticator.authenticate(s.response.accessToken, client)).ok).toBe(true);
      s = await w.lifecycle.refresh(s.refreshToken, client);
    }
    w.advance(10 * MIN);
    expect(await w.authenticator.authenticate(s.response.accessToken, client)).toEqual({
      ok: false,
      code: 'SESSION_EXPIRED',
    });
    expect(await codeOf(w.lifecycle.refresh(s.refreshToken, client))).toBe('REFRESH_TOKEN_INVALID');
    expect(w.sessions.rows.at(-1)?.revokedReason).toBe('expired');
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.logout', detail: { reason: 'expired' } });
  });
});

describe('PasswordService.change', () => {
  it('changes the password, keeps the current session and signs out the others', async () => {
    const w = await authWorld();
    const mine = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const other = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const principal = await w.authenticator.verify(mine.response.accessToken);
    if (!principal) throw new Error('no principal');
    await w.passwords.change(principal, PASSWORD, 'a brand new long passphrase', client);
    expect(await w.authenticator.verify(mine.response.accessToken)).not.toBeNull();
    expect(await w.authenticator.verify(other.response.accessToken)).toBeNull();
    expect(w.audit.entries.at(-1)).toMatchObject({
      action: 'auth.password.change',
      outcome: 'success',
      detail: { revokedSessions: 1 },
    });
    expect(await codeOf(w.auth.login('nurse', PASSWORD, client))).toBe('INVALID_CREDENTIALS');
    signedIn(await w.auth.login('nurse', 'a brand new long passphrase', client));
  });

  it('refuses a wrong current password (counted toward lockout) and a policy violation', async () => {
    const w = await authWorld();
    const s = signedIn(await w.auth.login('nurse', PASSWORD, client));
    const principal = await w.authenticator.verify(s.response.accessToken);
    if (!principal) throw new Error('no principal');
    expect(await codeOf(w.passwords.change(principal, 'wrong', 'a brand new long passphrase', client))).toBe(
      'CURRENT_PASSWORD_INVALID',
    );
    expect(w.staff.get('u-nurse').failedLogins).toBe(1);
    const e = await w.passwords.change(principal, PASSWORD, 'nurse-short', client).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'PASSWORD_POLICY', detail: 'TOO_SHORT, CONTAINS_USERNAME' });
    expect(await codeOf(w.passwords.change(principal, PASSWORD, PASSWORD, client))).toBe('PASSWORD_POLICY');
  });
});
