import type { UserRole } from '@openward/contracts';

/** The authenticated caller, from a verified access token and its live session. */
export interface Principal {
  readonly userId: string;
  readonly role: UserRole;
  /** Care teams of a staff member (empty for a patient). */
  readonly careTeams: readonly string[];
  /** Set exactly when role = patient: the only patient this caller may see. */
  readonly patientId: string | null;
  /** The sign-in session the access token belongs to (server-side revocation and idle logoff). */
  readonly sessionId: string;
}

/** Port: verifies an access token. Implemented by the auth feature; used by the guard and the live gateway. */
export abstract class AccessTokenVerifier {
  /** Resolves with the principal, or null if the token is invalid or expired. Never throws. */
  abstract verify(token: string): Promise<Principal | null>;
}
