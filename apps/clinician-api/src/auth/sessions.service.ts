import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { AccessTokens } from './access-tokens.js';
import { AuthError } from './auth.errors.js';
import { toUser, type ClientInfo, type SignedIn } from './auth.types.js';
import { SessionSecrets } from './session-secrets.js';
import { decideSessionState } from './session-state.js';
import { SessionRepository, type SessionRecord } from './sessions.repository.js';
import { StaffRepository, type StaffAccount } from './staff.repository.js';

/**
 * Sessions: created at sign-in, rotated on refresh (reuse of a rotated token signs the whole family out),
 * ended on logout, idle timeout or absolute lifetime (docs/security.md "Sessions").
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly staff: StaffRepository,
    private readonly tokens: AccessTokens,
    private readonly secrets: SessionSecrets,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Opens a session for an account that passed every sign-in step. */
  async start(account: StaffAccount, client: ClientInfo): Promise<SignedIn> {
    const now = this.clock.now();
    const refresh = this.secrets.newRefreshToken();
    const id = this.secrets.newId();
    const expiresAt = new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000);
    await this.sessions.create({
      id,
      userId: account.id,
      familyId: this.secrets.newId(),
      refreshHash: refresh.hash,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      sourceIp: client.sourceIp,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    const access = await this.tokens.issue({ userId: account.id, sessionId: id }, now);
    return {
      kind: 'signed-in',
      response: {
        accessToken: access.token,
        expiresAt: access.expiresAt.toISOString(),
        user: toUser(account),
      },
      refreshToken: refresh.token,
      sessionExpiresAt: expiresAt,
    };
  }

  /** Exchanges a refresh token for a new access token and a new refresh token (rotation). */
  async refresh(refreshToken: string | null, client: ClientInfo): Promise<SignedIn> {
    if (refreshToken === null) throw new AuthError('REFRESH_TOKEN_INVALID', 'no refresh cookie');
    const row = await this.sessions.findByRefreshHash(this.secrets.hashRefreshToken(refreshToken));
    if (!row || row.revokedAt !== null) throw new AuthError('REFRESH_TOKEN_INVALID');
    const account = await this.staff.findById(row.userId);
    if (!account) throw new AuthError('REFRESH_TOKEN_INVALID');
    if (row.replacedBy !== null) return this.reused(row, account, client);
    const now = this.clock.now();
    const state = decideSessionState(row, account, now, this.config);
    if (state.kind === 'DISABLED' || state.kind === 'REVOKED') {
      await this.sessions.revokeFamily(row.familyId, 'disabled', now);
      throw new AuthError('REFRESH_TOKEN_INVALID');
    }
    if (state.kind === 'IDLE' || state.kind === 'EXPIRED') {
      await this.end(row, account.role, state.kind, client);
      throw new AuthError('SESSION_EXPIRED');
    }
    const next = this.secrets.newRefreshToken();
    const id = this.secrets.newId();
    const rotated = await this.sessions.rotate(row.id, {
      id,
      userId: row.userId,
      familyId: row.familyId,
      refreshHash: next.hash,
      createdAt: now,
      // A refresh is not user activity (a background timer may send it): idle time carries over.
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      sourceIp: client.sourceIp,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    if (!rotated) return this.reused(row, account, client);
    await this.record(account.id, account.role, AUDIT_ACTIONS.refresh, 'success', client, { sessionId: id });
    const access = await this.tokens.issue({ userId: account.id, sessionId: id }, now);
    return {
      kind: 'signed-in',
      response: {
        accessToken: access.token,
        expiresAt: access.expiresAt.toISOString(),
        user: toUser(account),
      },
      refreshToken: next.token,
      sessionExpiresAt: row.expiresAt,
    };
  }

  /**
   * Signs the session out (its whole family). The session is found by the refresh cookie or, failing that,
   * by the access token's session id. Idempotent: nothing to revoke is not an error.
   */
  async logout(refreshToken: string | null, accessToken: string | null, meta: RequestMeta): Promise<void> {
    const session = await this.findForLogout(refreshToken, accessToken);
    if (!session) return;
    const revoked = await this.sessions.revokeFamily(session.familyId, 'logout', this.clock.now());
    if (revoked > 0) {
      const account = await this.staff.findById(session.userId);
      await this.record(session.userId, account?.role ?? null, AUDIT_ACTIONS.logout, 'success', meta, {
        reason: 'logout',
      });
    }
  }

  /**
   * Ends a session that timed out: revokes its family and audits once (`auth.idle-logoff`, or
   * `auth.logout` with reason `expired`) even if concurrent requests notice it together.
   */
  async end(
    session: Pick<SessionRecord, 'familyId' | 'userId' | 'id'>,
    role: UserRole,
    why: 'IDLE' | 'EXPIRED',
    meta: RequestMeta,
  ): Promise<void> {
    const reason = why === 'IDLE' ? 'idle' : 'expired';
    const revoked = await this.sessions.revokeFamily(session.familyId, reason, this.clock.now());
    if (revoked === 0) return;
    await this.record(
      session.userId,
      role,
      why === 'IDLE' ? AUDIT_ACTIONS.idleLogoff : AUDIT_ACTIONS.logout,
      'success',
      meta,
      { reason, sessionId: session.id },
    );
  }

  private async reused(row: SessionRecord, account: StaffAccount, meta: RequestMeta): Promise<never> {
    await this.sessions.revokeFamily(row.familyId, 'reuse', this.clock.now());
    await this.record(account.id, account.role, AUDIT_ACTIONS.refreshReuse, 'denied', meta, {
      sessionId: row.id,
    });
    throw new AuthError('REFRESH_TOKEN_REUSED');
  }

  private async findForLogout(
    refreshToken: string | null,
    accessToken: string | null,
  ): Promise<Pick<SessionRecord, 'familyId' | 'userId'> | null> {
    if (refreshToken !== null) {
      const row = await this.sessions.findByRefreshHash(this.secrets.hashRefreshToken(refreshToken));
      if (row) return row;
    }
    if (accessToken !== null) {
      const claims = await this.tokens.verify(accessToken);
      if (claims) {
        const loaded = await this.sessions.loadForAccess(claims.sessionId);
        if (loaded && loaded.user.id === claims.userId) return loaded.session;
      }
    }
    return null;
  }

  private record(
    actorId: string,
    actorRole: UserRole | null,
    action: (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS],
    outcome: 'success' | 'denied',
    meta: RequestMeta,
    detail: Record<string, string>,
  ): Promise<void> {
    return this.audit.record({
      actorId,
      actorRole,
      patientId: null,
      action,
      resource: 'auth/session',
      outcome,
      sourceIp: meta.sourceIp,
      detail,
    });
  }
}
