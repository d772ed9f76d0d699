import type { LoginResponse, MfaChallenge, MfaEnrollmentChallenge, User } from '@openward/contracts';
import type { RequestMeta } from '../common/request-context.js';
import type { StaffAccount } from './staff.repository.js';

/** Where a sign-in comes from: audited address, and the user agent kept on the session row. */
export interface ClientInfo extends RequestMeta {
  readonly userAgent: string | null;
}

/** A new or rotated session: the body for the client and the refresh token for its cookie. */
export interface SignedIn {
  readonly kind: 'signed-in';
  readonly response: LoginResponse;
  readonly refreshToken: string;
  /** End of the session (the cookie's lifetime). */
  readonly sessionExpiresAt: Date;
}

/** What a sign-in step answers: a session, or the next step. */
export type LoginOutcome =
  SignedIn | { readonly kind: 'challenge'; readonly response: MfaChallenge | MfaEnrollmentChallenge };

export function toUser(a: Pick<StaffAccount, 'id' | 'username' | 'displayName' | 'role'>): User {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
}
