import { CommonError } from '../common/app-error.js';

/**
 * Time-ordered cursors of the records lists (notes, break-glass review), on top of the API's list convention
 * in common/pagination.ts: the sort key is `[createdAt ISO, id]`.
 */

/** A time in a cursor (as `toISOString()` wrote it); null for anything else. Pure. */
export function cursorInstant(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || d.toISOString() !== iso ? null : d;
}

/** A `[createdAt, id]` cursor key as a position; throws 400 BAD_REQUEST for a time this API did not write. */
export function timeIdPosition(after: readonly string[] | null): { createdAt: Date; id: string } | null {
  if (after === null) return null;
  const [iso = '', id = ''] = after;
  const createdAt = cursorInstant(iso);
  if (createdAt === null) throw new CommonError('BAD_REQUEST', 'cursor was not issued by this list');
  return { createdAt, id };
}
