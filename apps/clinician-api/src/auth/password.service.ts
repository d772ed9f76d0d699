import { Injectable } from '@nestjs/common';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AuthError } from './auth.errors.js';
import { LockoutService } from './lockout.service.js';
import { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';
import { SessionRepository } from './sessions.repository.js';
import { StaffRepository } from './staff.repository.js';

/** A signed-in user changes their own password; every other session of theirs is signed out. */
@Injectable()
export class PasswordService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {}

  async change(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<void> {
    const account = await this.staff.findById(principal.userId);
    if (!account) throw new AuthError('SESSION_EXPIRED', 'account no longer exists');
    const entry = {
      actorId: account.id,
      actorRole: account.role,
      patientId: null,
      action: AUDIT_ACTIONS.passwordChange,
      resource: 'auth/password',
      sourceIp: meta.sourceIp,
    } as const;
    if (!(await this.hasher.verify(currentPassword, account.passwordHash))) {
      // A stolen session must not become an unlimited password oracle.
      await this.lockout.countFailure(account, meta);
      await this.audit.record({
        ...entry,
        outcome: 'failure',
        detail: { reason: 'CURRENT_PASSWORD_INVALID' },
      });
      throw new AuthError('CURRENT_PASSWORD_INVALID');
    }
    const violations = checkPasswordPolicy({
      password: newPassword,
      username: account.username,
      currentPassword,
    });
    if (violations.length > 0) throw new AuthError('PASSWORD_POLICY', violations.join(', '));
    const now = this.clock.now();
    await this.staff.setPassword(account.id, await this.hasher.hash(newPassword), now);
    const own = await this.sessions.loadForAccess(principal.sessionId);
    const revoked = await this.sessions.revokeUser(account.id, 'password-change', now, own?.session.familyId);
    await this.audit.record({ ...entry, outcome: 'success', detail: { revokedSessions: revoked } });
  }
}
