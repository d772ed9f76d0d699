import type { StaffRole } from '@openward/contracts';

/** The authenticated caller, from a verified access token. */
export interface Principal {
  readonly userId: string;
  readonly role: StaffRole;
  readonly careTeams: readonly string[];
}

/** Port: verifies an access token. Implemented by the auth feature; used by the guard and the live gateway. */
export abstract class AccessTokenVerifier {
  /** Resolves with the principal, or null if the token is invalid or expired. Never throws. */
  abstract verify(token: string): Promise<Principal | null>;
}
