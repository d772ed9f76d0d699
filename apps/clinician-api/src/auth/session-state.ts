/**
 * Whether a sign-in session may serve a request now (HIPAA 164.312(a)(2)(iii) automatic logoff). Pure: a
 * function of the session row, its user, the time and the policy, used for every access token and refresh.
 */

export interface SessionFacts {
  readonly lastSeenAt: Date;
  /** Absolute end of the session (API_SESSION_MAX_HOURS after sign-in). */
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export interface SessionUserFacts {
  readonly disabledAt: Date | null;
}

export interface SessionPolicy {
  /** API_IDLE_TIMEOUT_MINUTES. */
  readonly idleTimeoutMinutes: number;
}

/** `last_seen_at` is written at most this often (one UPDATE per 30 s per session, not per request). */
export const TOUCH_INTERVAL_MS = 30_000;

export type SessionState =
  /** `touch`: last_seen_at is old enough to be refreshed. */
  | { readonly kind: 'ACTIVE'; readonly touch: boolean }
  /** Logged out, rotated family reuse, password change, admin action: gone for good. */
  | { readonly kind: 'REVOKED' }
  /** The account was disabled (its sessions are revoked too; this covers a race with that). */
  | { readonly kind: 'DISABLED' }
  /** Past the absolute lifetime. */
  | { readonly kind: 'EXPIRED' }
  /** No request for longer than the idle timeout: automatic logoff. */
  | { readonly kind: 'IDLE' };

export function decideSessionState(
  session: SessionFacts,
  user: SessionUserFacts,
  now: Date,
  policy: SessionPolicy,
): SessionState {
  if (session.revokedAt !== null) return { kind: 'REVOKED' };
  if (user.disabledAt !== null) return { kind: 'DISABLED' };
  const t = now.getTime();
  if (t >= session.expiresAt.getTime()) return { kind: 'EXPIRED' };
  const idleMs = t - session.lastSeenAt.getTime();
  if (idleMs > policy.idleTimeoutMinutes * 60_000) return { kind: 'IDLE' };
  return { kind: 'ACTIVE', touch: idleMs >= TOUCH_INTERVAL_MS };
}
