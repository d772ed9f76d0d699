import { Injectable } from '@nestjs/common';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { lockAfterFailure, type LockoutPolicy } from './login-decision.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';

/**
 * Counts failed proofs of identity (password, TOTP code, current password) and locks the account after
 * API_LOGIN_MAX_FAILURES in a row for API_LOCKOUT_MINUTES (audited `auth.lockout`).
 */
@Injectable()
export class LockoutService {
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.policy = { maxFailures: config.loginMaxFailures, lockoutMinutes: config.lockoutMinutes };
  }

  /** Counts one failure; true if this one locked the account. */
  async countFailure(account: Pick<StaffAccount, 'id' | 'role'>, meta: RequestMeta): Promise<boolean> {
    const now = this.clock.now();
    const failed = await this.staff.recordFailure(account.id, now);
    if (failed === null) return false;
    const until = lockAfterFailure(failed, now, this.policy);
    if (until === null) return false;
    await this.staff.lock(account.id, until);
    await this.audit.record({
      actorId: account.id,
      actorRole: account.role,
      patientId: null,
      action: AUDIT_ACTIONS.lockout,
      resource: 'auth/login',
      outcome: 'success',
      sourceIp: meta.sourceIp,
      detail: { failedLogins: failed, lockedUntil: until.toISOString() },
    });
    return true;
  }

  /** A complete sign-in clears the count. */
  reset(accountId: string): Promise<void> {
    return this.staff.resetFailures(accountId);
  }
}
