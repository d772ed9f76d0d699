import { Injectable } from '@nestjs/common';
import type { MeResponse, MfaSetupResponse } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort, type AuditAction } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { ApiMetrics } from '../health/metrics.js';
import { AuthError, type AuthErrorCode } from './auth.errors.js';
import { toUser, type ClientInfo, type LoginOutcome, type SignedIn } from './auth.types.js';
import { decidePasswordStep, isLocked } from './login-decision.js';
import { LockoutService } from './lockout.service.js';
import { MfaService } from './mfa.service.js';
import { MfaTokens, type MfaPurpose } from './mfa-tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './sessions.service.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';

/** The sign-in steps (password, then TOTP or TOTP enrolment) and the current user. */
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
    private readonly sessions: SessionService,
    private readonly mfaTokens: MfaTokens,
    private readonly mfa: MfaService,
    private readonly lockout: LockoutService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly metrics: ApiMetrics,
    private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, client: ClientInfo): Promise<LoginOutcome> {
    const account = await this.staff.findByUsername(username);
    const ok = await this.hasher.verify(password, account?.passwordHash ?? (await this.unknownUserHash()));
    const step = decidePasswordStep(account, ok, this.clock.now(), this.config.mfaRequiredRoles);
    if (!account || step === 'INVALID_CREDENTIALS') {
      if (account) await this.lockout.countFailure(account, client);
      return this.refuse(account, AUDIT_ACTIONS.login, 'INVALID_CREDENTIALS', client);
    }
    switch (step) {
      case 'ACCOUNT_DISABLED':
      case 'ACCOUNT_LOCKED':
        return this.refuse(account, AUDIT_ACTIONS.login, step, client);
      case 'MFA_REQUIRED':
        return this.challenge(account, 'mfa-login');
      case 'MFA_ENROLLMENT_REQUIRED':
        return this.challenge(account, 'mfa-enroll');
      case 'SIGNED_IN':
        return this.complete(account, AUDIT_ACTIONS.login, client);
    }
  }

  /** Second step: the TOTP code for the mfaToken of the password step. Wrong codes count toward lockout. */
  async loginMfa(mfaToken: string, code: string, client: ClientInfo): Promise<SignedIn> {
    const account = await this.stepAccount(mfaToken, 'mfa-login', client);
    if (!(await this.mfa.verify(account, code))) {
      await this.lockout.countFailure(account, client);
      return this.refuse(account, AUDIT_ACTIONS.loginMfa, 'MFA_CODE_INVALID', client);
    }
    return this.complete(account, AUDIT_ACTIONS.loginMfa, client);
  }

  /** Enrolment during sign-in (role requires MFA): a new secret for the app. */
  async enrollmentSetup(mfaToken: string, client: ClientInfo): Promise<MfaSetupResponse> {
    return this.mfa.setup(await this.stepAccount(mfaToken, 'mfa-enroll', client), client);
  }

  /** Enrolment during sign-in: the first code enables MFA and completes the sign-in. */
  async enrollmentConfirm(mfaToken: string, code: string, client: ClientInfo): Promise<SignedIn> {
    const account = await this.stepAccount(mfaToken, 'mfa-enroll', client);
    if (!(await this.mfa.confirm(account, code, client))) {
      await this.lockout.countFailure(account, client);
      return this.refuse(account, AUDIT_ACTIONS.loginMfa, 'MFA_CODE_INVALID', client);
    }
    return this.complete(account, AUDIT_ACTIONS.loginMfa, client);
  }

  /** MFA enrolment of a signed-in user. */
  async mfaSetup(principal: Principal, meta: RequestMeta): Promise<MfaSetupResponse> {
    return this.mfa.setup(await this.current(principal), meta);
  }

  async mfaConfirm(principal: Principal, code: string, meta: RequestMeta): Promise<void> {
    if (!(await this.mfa.confirm(await this.current(principal), code, meta)))
      throw new AuthError('MFA_CODE_INVALID');
  }

  async me(principal: Principal): Promise<MeResponse> {
    const a = await this.current(principal);
    return { ...toUser(a), patientId: a.patientId, careTeamIds: a.careTeamIds, mfaEnabled: a.mfaEnabled };
  }

  private async current(principal: Principal): Promise<StaffAccount> {
    const account = await this.staff.findById(principal.userId);
    // The guard just loaded this user with the session; a miss means it vanished in between.
    if (!account) throw new AuthError('SESSION_EXPIRED', 'account no longer exists');
    return account;
  }

  /** The account behind a sign-in step token, if it may still sign in. */
  private async stepAccount(
    mfaToken: string,
    purpose: MfaPurpose,
    client: ClientInfo,
  ): Promise<StaffAccount> {
    const userId = await this.mfaTokens.verify(mfaToken, purpose);
    const account = userId === null ? null : await this.staff.findById(userId);
    if (!account) throw new AuthError('MFA_TOKEN_INVALID');
    if (account.disabledAt !== null)
      return this.refuse(account, AUDIT_ACTIONS.loginMfa, 'ACCOUNT_DISABLED', client);
    if (isLocked(account.lockedUntil, this.clock.now()))
      return this.refuse(account, AUDIT_ACTIONS.loginMfa, 'ACCOUNT_LOCKED', client);
    return account;
  }

  private async challenge(account: StaffAccount, purpose: MfaPurpose): Promise<LoginOutcome> {
    const issued = await this.mfaTokens.issue(account.id, purpose, this.clock.now());
    const base = { mfaToken: issued.token, expiresAt: issued.expiresAt.toISOString() };
    return {
      kind: 'challenge',
      response:
        purpose === 'mfa-login' ? { mfaRequired: true, ...base } : { mfaEnrollmentRequired: true, ...base },
    };
  }

  private async complete(account: StaffAccount, action: AuditAction, client: ClientInfo): Promise<SignedIn> {
    await this.lockout.reset(account.id);
    const signedIn = await this.sessions.start(account, client);
    await this.audit.record({
      actorId: account.id,
      actorRole: account.role,
      patientId: null,
      action,
      resource: 'auth/login',
      outcome: 'success',
      sourceIp: client.sourceIp,
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return signedIn;
  }

  private async refuse(
    account: StaffAccount | null,
    action: AuditAction,
    code: AuthErrorCode,
    meta: RequestMeta,
  ): Promise<never> {
    await this.audit.record({
      actorId: account?.id ?? null,
      actorRole: account?.role ?? null,
      patientId: null,
      action,
      resource: 'auth/login',
      outcome: 'failure',
      sourceIp: meta.sourceIp,
      ...(code === 'INVALID_CREDENTIALS' ? {} : { detail: { reason: code } }),
    });
    this.metrics.logins.inc({ outcome: code === 'ACCOUNT_LOCKED' ? 'locked' : 'failure' });
    throw new AuthError(code);
  }

  private unknownUserHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(`unknown-user-${this.clock.now().getTime()}`);
    return this.dummyHash;
  }
}
