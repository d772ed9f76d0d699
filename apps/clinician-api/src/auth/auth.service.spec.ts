import { describe, expect, it, beforeAll } from '@jest/globals';
import { SignJWT } from 'jose';
import { AppError } from '../common/app-error.js';
import { ApiMetrics } from '../health/metrics.js';
import {
  configFactory,
  FixedClock,
  RecordingAudit,
  staffFactory,
  TEST_SCRYPT,
} from '../../test/factories.js';
import { JoseAccessTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.js';
import { AuthService } from './auth.service.js';
import { ScryptPasswordHasher } from './password-hasher.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';

class InMemoryStaff extends StaffRepository {
  constructor(private readonly accounts: StaffAccount[]) {
    super();
  }
  async findByUsername(username: string): Promise<StaffAccount | null> {
    return this.accounts.find((a) => a.username === username) ?? null;
  }
  async findById(id: string): Promise<StaffAccount | null> {
    return this.accounts.find((a) => a.id === id) ?? null;
  }
}

const T0 = new Date('2026-11-25T08:00:00.000Z');
const config = configFactory({ scrypt: TEST_SCRYPT });

function setup(): {
  service: AuthService;
  tokens: JoseAccessTokens;
  audit: RecordingAudit;
  clock: FixedClock;
} {
  const clock = new FixedClock(T0);
  const hasher = new ScryptPasswordHasher(config);
  const tokens = new JoseAccessTokens(config, clock);
  const audit = new RecordingAudit();
  const service = new AuthService(staff, hasher, tokens, audit, clock, new ApiMetrics());
  return { service, tokens, audit, clock };
}

let staff: InMemoryStaff;
beforeAll(async () => {
  const hash = await new ScryptPasswordHasher(config).hash('correct horse');
  staff = new InMemoryStaff([staffFactory({ passwordHash: hash })]);
});

describe('JoseAccessTokens', () => {
  it('issues an HS256 token with sub, role and careTeams that verifies for 15 minutes and not after', async () => {
    const { tokens, clock } = setup();
    const { token, expiresAt } = await tokens.issue(
      { userId: 'u-1', role: 'clinician', careTeams: ['a', 'b'], patientId: null, sessionId: 's-1' },
      T0,
    );
    expect(expiresAt.toISOString()).toBe('2026-11-25T08:15:00.000Z');
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: 'u-1',
      role: 'clinician',
      careTeams: ['a', 'b'],
      iss: TOKEN_ISSUER,
    });
    clock.current = new Date(T0.getTime() + 14 * 60_000);
    expect(await tokens.verify(token)).toEqual({
      userId: 'u-1',
      role: 'clinician',
      careTeams: ['a', 'b'],
      patientId: null,
      sessionId: 's-1',
    });
    clock.current = new Date(T0.getTime() + 15 * 60_000 + 1_000);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('rejects a token signed with another secret, a tampered payload, alg none and garbage', async () => {
    const { tokens } = setup();
    const forged = await new SignJWT({ role: 'admin', careTeams: ['team-south'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(T0.getTime() / 1000))
      .setExpirationTime(Math.floor(T0.getTime() / 1000) + 900)
      .sign(new TextEncoder().encode('another-secret-0123456789abcdef0123'));
    expect(await tokens.verify(forged)).toBeNull();

    const { token } = await tokens.issue(
      { userId: 'u-1', role: 'nurse', careTeams: ['team-north'], patientId: null, sessionId: 's-1' },
      T0,
    );
    const [h, p, s] = token.split('.') as [string, string, string];
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), careTeams: ['team-south'] }),
    ).toString('base64url');
    expect(await tokens.verify(`${h}.${widened}.${s}`)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(await tokens.verify(`${none}.${p}.`)).toBeNull();
    expect(await tokens.verify('not-a-jwt')).toBeNull();
  });
});

describe('AuthService.login', () => {
  it('returns a token for the right password and audits success', async () => {
    const { service, tokens, audit } = setup();
    const res = await service.login('nurse', 'correct horse', { sourceIp: '127.0.0.1' });
    expect(res.user).toEqual({ id: 'u-nurse', username: 'nurse', displayName: 'Nina Nurse', role: 'nurse' });
    expect(res.expiresAt).toBe('2026-11-25T08:15:00.000Z');
    expect(await tokens.verify(res.accessToken)).toMatchObject({
      userId: 'u-nurse',
      role: 'nurse',
      careTeams: ['team-north'],
      patientId: null,
    });
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actorId: 'u-nurse',
        action: 'auth.login',
        outcome: 'success',
        sourceIp: '127.0.0.1',
      }),
    ]);
  });

  it('fails a wrong password and an unknown user with the same error, and audits both as failure', async () => {
    const { service, audit } = setup();
    const errors: unknown[] = [];
    for (const [u, p] of [
      ['nurse', 'wrong'],
      ['nobody', 'correct horse'],
    ] as const) {
      errors.push(await service.login(u, p, { sourceIp: null }).catch((e: unknown) => e));
    }
    for (const e of errors) {
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'INVALID_CREDENTIALS', spec: { status: 401 } });
    }
    expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
    expect(audit.entries.map((e) => [e.actorId, e.outcome])).toEqual([
      ['u-nurse', 'failure'],
      [null, 'failure'],
    ]);
  });
});
