import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommonError } from './app-error.js';

/**
 * The API's list convention (same as libs/contracts records.ts): `GET …?cursor=&limit=` answers
 * `{ items, next }`; pass `next` back as `?cursor=` for the following page, `next: null` on the last page.
 * A cursor is the sort key of the last row of a page, base64url-encoded JSON: opaque to clients, never an
 * offset (stable while rows are added), ids and times only (no PHI).
 *
 * In a controller: `@Query() q: PageQueryDto` (or a DTO extending it), then
 * `const page = pageRequestOrThrow(q, { arity: 2, defaultLimit: 50, maxLimit: 200 })`, fetch `page.limit + 1`
 * rows after `page.after`, and return `toPage(rows, page.limit, (r) => [r.createdAt, r.id])`.
 */

/** `?cursor=&limit=` as received (strings; class-validator checks the shape, {@link parsePageQuery} the rest). */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'The `next` value of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Page size (each list documents its default and maximum)',
    example: '50',
  })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'limit must be a positive integer' })
  limit?: string;
}

/** One page of a list. */
export interface Page<T> {
  readonly items: T[];
  /** Cursor of the following page, or null on the last page. */
  readonly next: string | null;
}

/** The page a client asked for, after validation. */
export interface PageRequest {
  /** Sort key of the last row already seen, or null for the first page. */
  readonly after: readonly string[] | null;
  readonly limit: number;
}

export interface PageOptions {
  /** Number of values in the sort key (e.g. 2 for `[createdAt, id]`). */
  readonly arity: number;
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export type PageQueryResult =
  | { readonly ok: true; readonly page: PageRequest }
  | { readonly ok: false; readonly field: 'cursor' | 'limit'; readonly message: string };

/** Encodes a sort key (the values the list is ordered by) as a cursor. Pure. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor of `arity` strings; null when it is not one this API issued. Pure, never throws. */
export function decodeCursor(cursor: string, arity: number): string[] | null {
  if (cursor.length === 0 || cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== arity) return null;
  return value.every((v): v is string => typeof v === 'string' && v.length <= 300) ? value : null;
}

/** Validates `?cursor=&limit=` (strings as received) against a list's limits. Pure, never throws. */
export function parsePageQuery(
  raw: { readonly cursor?: string | undefined; readonly limit?: string | undefined },
  opts: PageOptions,
): PageQueryResult {
  let limit = opts.defaultLimit;
  if (raw.limit !== undefined) {
    limit = /^\d{1,6}$/.test(raw.limit) ? Number(raw.limit) : 0;
    if (limit < 1 || limit > opts.maxLimit) {
      return { ok: false, field: 'limit', message: `limit must be 1..${opts.maxLimit}` };
    }
  }
  if (raw.cursor === undefined) return { ok: true, page: { after: null, limit } };
  const after = decodeCursor(raw.cursor, opts.arity);
  if (after === null) return { ok: false, field: 'cursor', message: 'cursor was not issued by this list' };
  return { ok: true, page: { after, limit } };
}

/** {@link parsePageQuery}, throwing 400 BAD_REQUEST (detail names the field) when invalid. */
export function pageRequestOrThrow(
  raw: { readonly cursor?: string | undefined; readonly limit?: string | undefined },
  opts: PageOptions,
): PageRequest {
  const r = parsePageQuery(raw, opts);
  if (!r.ok) throw new CommonError('BAD_REQUEST', r.message);
  return r.page;
}

/** Cuts `limit + 1` fetched rows to a page; `next` is the cursor of its last row when more exist. Pure. */
export function toPage<T>(rows: readonly T[], limit: number, key: (row: T) => readonly string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
