import { describe, expect, it } from '@jest/globals';
import { AppError } from './app-error.js';
import { decodeCursor, encodeCursor, pageRequestOrThrow, parsePageQuery, toPage } from './pagination.js';

const opts = { arity: 2, defaultLimit: 50, maxLimit: 200 };

describe('cursors', () => {
  it('round-trips a sort key through an opaque base64url cursor', () => {
    const c = encodeCursor(['2026-11-25T08:00:00.000Z', 'n-1']);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, 2)).toEqual(['2026-11-25T08:00:00.000Z', 'n-1']);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['wrong arity', encodeCursor(['a'])],
    ['a non-string value', Buffer.from('["a",1]').toString('base64url')],
    ['an object', Buffer.from('{"a":"b"}').toString('base64url')],
    ['too long', 'A'.repeat(1001)],
  ])('rejects a cursor that is %s', (_, cursor) => {
    expect(decodeCursor(cursor, 2)).toBeNull();
  });
});

describe('parsePageQuery', () => {
  it('defaults to the first page of defaultLimit', () => {
    expect(parsePageQuery({}, opts)).toEqual({ ok: true, page: { after: null, limit: 50 } });
  });

  it('accepts limit 1..max and a cursor this API issued', () => {
    const cursor = encodeCursor(['t', 'id']);
    expect(parsePageQuery({ limit: '200', cursor }, opts)).toEqual({
      ok: true,
      page: { after: ['t', 'id'], limit: 200 },
    });
    expect(parsePageQuery({ limit: '1' }, opts)).toMatchObject({ ok: true, page: { limit: 1 } });
  });

  it.each(['0', '201', '-1', '1.5', 'ten', '9999999'])(
    'refuses limit=%s naming the field and the range',
    (limit) => {
      expect(parsePageQuery({ limit }, opts)).toEqual({
        ok: false,
        field: 'limit',
        message: 'limit must be 1..200',
      });
    },
  );

  it('refuses a foreign cursor', () => {
    expect(parsePageQuery({ cursor: 'bm9wZQ' }, opts)).toMatchObject({ ok: false, field: 'cursor' });
  });

  it('pageRequestOrThrow throws BAD_REQUEST with the message as detail', () => {
    expect(() => pageRequestOrThrow({ limit: '500' }, opts)).toThrow(AppError);
    try {
      pageRequestOrThrow({ limit: '500' }, opts);
    } catch (e) {
      expect(e).toMatchObject({ code: 'BAD_REQUEST', detail: 'limit must be 1..200' });
    }
  });
});

describe('toPage', () => {
  const rows = [
    { id: 'a', t: '1' },
    { id: 'b', t: '2' },
    { id: 'c', t: '3' },
  ];

  it('cuts limit+1 rows to a page whose next cursor is the last item key', () => {
    const page = toPage(rows, 2, (r) => [r.t, r.id]);
    expect(page.items.map((r) => r.id)).toEqual(['a', 'b']);
    expect(page.next && decodeCursor(page.next, 2)).toEqual(['2', 'b']);
  });

  it('ends with next = null when no more rows were fetched', () => {
    expect(toPage(rows, 3, (r) => [r.t, r.id])).toEqual({ items: rows, next: null });
    expect(toPage([], 3, (r: { id: string }) => [r.id])).toEqual({ items: [], next: null });
  });
});
