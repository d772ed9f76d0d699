import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoginResponse, User } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import { ApiMetrics } from '../health/metrics.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AccessTokens } from './access-tokens.js';
import { AuthError } from './auth.errors.js';
import { PasswordHasher } from './password-hasher.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';

/** Password login and the current user. */
@Injectable()
export class AuthService {
  /**
   * Hash of a random string with the configured cost, verified when the username is unknown so "no such user"
   * costs the same scrypt time as "wrong password" (no account enumeration by timing).
   */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly metrics: ApiMetrics,
  ) {}

  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResponse> {
    const account = await this.staff.findByUsername(username);
    const ok = await this.hasher.verify(password, account?.passwordHash ?? (await this.unknownUserHash()));
    if (!account || !ok) {
      await this.audit.record({
        actorId: account?.id ?? null,
        actorRole: account?.role ?? null,
        patientId: null,
        action: AUDIT_ACTIONS.login,
        resource: 'auth/login',
        outcome: 'failure',
        sourceIp: meta.sourceIp,
      });
      this.metrics.logins.inc({ outcome: 'failure' });
      throw new AuthError('INVALID_CREDENTIALS');
    }
    const issued = await this.tokens.issue(
      {
        userId: account.id,
        role: account.role,
        careTeams: account.careTeamIds,
        patientId: null,
        sessionId: randomUUID(),
      },
      this.clock.now(),
    );
    await this.audit.record({
      actorId: account.id,
      actorRole: account.role,
      patientId: null,
      action: AUDIT_ACTIONS.login,
      resource: 'auth/login',
      outcome: 'success',
      sourceIp: meta.sourceIp,
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return { accessToken: issued.token, expiresAt: issued.expiresAt.toISOString(), user: toUser(account) };
  }

  private unknownUserHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(`unknown-user-${this.clock.now().getTime()}`);
    return this.dummyHash;
  }

  async me(principal: Principal): Promise<User> {
    const account = await this.staff.findById(principal.userId);
    if (!account) throw new AuthError('USER_NOT_FOUND');
    return toUser(account);
  }
}

function toUser(a: StaffAccount): User {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
}
