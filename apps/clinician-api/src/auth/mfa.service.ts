import { Injectable } from '@nestjs/common';
import type { MfaSetupResponse } from '@openward/contracts';
import { base32Encode, otpauthUri, verifyTotp } from '@openward/credentials';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { RequestMeta } from '../common/request-context.js';
import { AuthError } from './auth.errors.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';
import { TotpSecrets } from './totp-secrets.js';

/** Name shown in authenticator apps. */
export const TOTP_ISSUER = 'OpenWard';

/**
 * TOTP multi-factor (RFC 6238, SHA-1, 6 digits, 30 s, ±1 step, no replay): enrolment (setup → confirm with a
 * first code) and code checks at sign-in. Secrets are encrypted at rest ({@link TotpSecrets}).
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly secrets: TotpSecrets,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {}

  /** Starts (or restarts, while not yet confirmed) enrolment with a fresh secret. */
  async setup(account: StaffAccount, meta: RequestMeta): Promise<MfaSetupResponse> {
    if (account.mfaEnabled) throw new AuthError('MFA_ALREADY_ENABLED');
    const secret = this.secrets.generate();
    if (!(await this.staff.startMfa(account.id, this.secrets.seal(secret, account.id))))
      throw new AuthError('MFA_ALREADY_ENABLED');
    await this.record(account, 'success', meta, 'setup');
    return {
      secret: base32Encode(secret),
      otpauthUri: otpauthUri({ secret, issuer: TOTP_ISSUER, account: account.username }),
    };
  }

  /** Enables MFA with the first code from the app; false for a wrong code (audited). */
  async confirm(account: StaffAccount, code: string, meta: RequestMeta): Promise<boolean> {
    if (account.mfaEnabled) throw new AuthError('MFA_ALREADY_ENABLED');
    if (account.totpSecret === null) throw new AuthError('MFA_NOT_SET_UP');
    const ok = await this.check(account, code, true);
    await this.record(account, ok ? 'success' : 'failure', meta, 'confirm');
    return ok;
  }

  /**
   * Checks a sign-in code of an enrolled account and consumes its time step (a code works once). False for a
   * wrong, replayed or concurrently used code.
   */
  verify(account: StaffAccount, code: string): Promise<boolean> {
    if (!account.mfaEnabled || account.totpSecret === null) return Promise.resolve(false);
    return this.check(account, code, false);
  }

  private async check(account: StaffAccount, code: string, enable: boolean): Promise<boolean> {
    const secret = this.secrets.open(account.totpSecret ?? '', account.id);
    if (!secret) throw new AuthError('MFA_SECRET_UNREADABLE', `user ${account.id}`);
    const r = verifyTotp(secret, { code, nowMs: this.clock.now().getTime(), lastStep: account.lastTotpStep });
    if (!r.ok) return false;
    return this.staff.acceptTotpStep(account.id, r.step, enable);
  }

  private record(
    account: StaffAccount,
    outcome: 'success' | 'failure',
    meta: RequestMeta,
    step: 'setup' | 'confirm',
  ): Promise<void> {
    return this.audit.record({
      actorId: account.id,
      actorRole: account.role,
      patientId: null,
      action: AUDIT_ACTIONS.mfaEnroll,
      resource: 'auth/mfa',
      outcome,
      sourceIp: meta.sourceIp,
      detail: { step },
    });
  }
}
