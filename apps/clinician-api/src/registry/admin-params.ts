import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT } from '@openward/contracts';
import { CommonError } from '../common/app-error.js';

/** Page limits of the admin registry lists (the API's `?cursor=&limit=` convention, one-value sort key). */
export const ADMIN_PAGE = { arity: 1, defaultLimit: PAGE_DEFAULT_LIMIT, maxLimit: PAGE_MAX_LIMIT } as const;

/** An ISO instant from a validated body field, or `fallback` when absent. Pure. */
export function instantOr(raw: string | undefined, fallback: Date, field: string): Date {
  if (raw === undefined) return fallback;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new CommonError('BAD_REQUEST', `${field} is not a valid instant`);
  return d;
}
