import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AccessTokenVerifier, type Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { AccessTokens } from './access-tokens.js';
import { decideSessionState } from './session-state.js';
import { SessionRepository } from './sessions.repository.js';
import { SessionService } from './sessions.service.js';

/** The result of checking an access token against its live session. */
export type Authentication =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' };

/**
 * Checks an access token on every request (HTTP guard and socket.io handshake): signature and expiry, then
 * the session row with its user and care teams in one query — revoked, disabled, idle and expired sessions
 * fail at once, and role/care-team changes apply to the next request. Activity is written at most every
 * 30 s per session.
 */
@Injectable()
export class SessionAuthenticator extends AccessTokenVerifier {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionRepository,
    private readonly lifecycle: SessionService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async authenticate(token: string, meta: RequestMeta): Promise<Authentication> {
    const claims = await this.tokens.verify(token);
    if (!claims) return { ok: false, code: 'UNAUTHENTICATED' };
    const loaded = await this.sessions.loadForAccess(claims.sessionId);
    if (!loaded || loaded.user.id !== claims.userId) return { ok: false, code: 'UNAUTHENTICATED' };
    const { session, user } = loaded;
    const now = this.clock.now();
    const state = decideSessionState(session, user, now, this.config);
    switch (state.kind) {
      case 'ACTIVE':
        if (state.touch) await this.sessions.touchFamily(session.familyId, now);
        return {
          ok: true,
          principal: {
            userId: user.id,
            role: user.role,
            careTeams: user.role === 'patient' ? [] : user.careTeamIds,
            patientId: user.role === 'patient' ? user.patientId : null,
            sessionId: session.id,
          },
        };
      case 'IDLE':
      case 'EXPIRED':
        await this.lifecycle.end(session, user.role, state.kind, meta);
        return { ok: false, code: 'SESSION_EXPIRED' };
      case 'REVOKED':
      case 'DISABLED':
        return { ok: false, code: 'UNAUTHENTICATED' };
    }
  }

  /** {@link AccessTokenVerifier} for callers that only need a principal (the live gateway). Never throws. */
  async verify(token: string): Promise<Principal | null> {
    try {
      const r = await this.authenticate(token, { sourceIp: null });
      return r.ok ? r.principal : null;
    } catch {
      return null;
    }
  }
}
