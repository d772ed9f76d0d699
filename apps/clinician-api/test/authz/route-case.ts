import type { UserRole } from '@openward/contracts';

/**
 * One registered HTTP route as the authorisation matrix test exercises it (role × own / other team's patient).
 * Each feature lists its routes in `test/authz/<feature>.cases.ts` (`export const cases: RouteCase[]`).
 */
export interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express path as registered, e.g. `/api/patients/:id/notes`, `/fhir/R4/Observation`. */
  readonly path: string;
  /** Roles the route policy lets in; `public` (no token) or `service` (a service's own token). */
  readonly allow: readonly UserRole[] | 'public' | 'service';
  /**
   * Patient-scoped routes: where the patient id goes. The matrix fills it with the caller's own / another
   * team's patient and expects the other one refused (403/404) with no patient data in the body.
   */
  readonly patient?: { readonly in: 'path' | 'query'; readonly name: string };
  /** Other path params and a valid body/query for an allowed call (given the chosen patient id). */
  readonly build?: (ctx: { readonly patientId: string }) => {
    readonly params?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
  /** Status of an allowed call (default 200). */
  readonly okStatus?: number;
  /** Destructive (erase, revoke, disable…): the matrix checks only refusals, never the allowed call. */
  readonly destructive?: boolean;
}
