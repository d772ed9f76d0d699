import { describe, expect, it } from '@jest/globals';
import { clearedRefreshCookie, parseCookieHeader, refreshCookie, refreshTokenOf } from './cookies.js';

const TOKEN = 'AbC_123-xyzAbC_123-xyzAbC_123-xyzAbC_123-x';

describe('parseCookieHeader', () => {
  it('splits name=value pairs, trims spaces and keeps "=" inside values', () => {
    expect([...parseCookieHeader('a=1; b = two ;c=x=y')]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', 'x=y'],
    ]);
  });

  it('keeps the first of repeated names and unquotes quoted values', () => {
    expect([...parseCookieHeader('a=first; a=second; q="quoted"')]).toEqual([
      ['a', 'first'],
      ['q', 'quoted'],
    ]);
  });

  it('skips malformed pairs and copes with no header, an empty one and an array', () => {
    expect([...parseCookieHeader('novalue; =x; ;k=v')]).toEqual([['k', 'v']]);
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader('').size).toBe(0);
    expect([...parseCookieHeader(['a=1', 'b=2'])]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });
});

describe('refreshTokenOf', () => {
  it('finds ow_refresh among other cookies', () => {
    expect(refreshTokenOf(`theme=dark; ow_refresh=${TOKEN}; other=1`)).toBe(TOKEN);
  });

  it('refuses a missing, empty, too long or non-base64url value', () => {
    expect(refreshTokenOf('theme=dark')).toBeNull();
    expect(refreshTokenOf('ow_refresh=')).toBeNull();
    expect(refreshTokenOf(`ow_refresh=${'a'.repeat(129)}`)).toBeNull();
    expect(refreshTokenOf('ow_refresh=abc%20def;ghijklmnopqrstuv')).toBeNull();
  });
});

describe('refreshCookie', () => {
  it('sets the token httpOnly, SameSite=Strict, on /api/auth, with Max-Age and Secure', () => {
    expect(refreshCookie(TOKEN, 3600.7, true)).toBe(
      `ow_refresh=${TOKEN}; Path=/api/auth; Max-Age=3600; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it('leaves Secure out only when configured off (http loopback demo)', () => {
    expect(refreshCookie(TOKEN, 60, false)).not.toMatch(/Secure/);
  });

  it('clears the cookie with an empty value and Max-Age=0 on the same path', () => {
    expect(clearedRefreshCookie(true)).toBe(
      'ow_refresh=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    );
  });
});
