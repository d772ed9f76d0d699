import { REFRESH_COOKIE } from '@openward/contracts';

/**
 * The refresh-token cookie, by hand (express has no cookie-parser here). Pure functions over header strings.
 */

/**
 * Parses a `Cookie` request header (RFC 6265 §5.4: `name=value` pairs separated by `;`). The first
 * occurrence of a name wins (the most specific path comes first). Values in double quotes are unquoted;
 * nothing is URL-decoded (our values are base64url). Malformed pairs are skipped, never thrown on.
 */
export function parseCookieHeader(header: string | string[] | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const raw = Array.isArray(header) ? header.join(';') : (header ?? '');
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === '' || out.has(name)) continue;
    out.set(name, value);
  }
  return out;
}

/** The refresh token of a request, if it carries a plausible one (base64url, bounded length). */
export function refreshTokenOf(cookieHeader: string | string[] | undefined): string | null {
  const v = parseCookieHeader(cookieHeader).get(REFRESH_COOKIE.name);
  return v !== undefined && /^[A-Za-z0-9_-]{16,128}$/.test(v) ? v : null;
}

/**
 * `Set-Cookie` for a refresh token: httpOnly (no script can read it), SameSite=Strict (never sent on
 * cross-site requests, which also stops CSRF on refresh/logout), scoped to `/api/auth`, Secure unless the
 * operator turned it off for plain-http loopback.
 */
export function refreshCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attrs = [
    `${REFRESH_COOKIE.name}=${token}`,
    `Path=${REFRESH_COOKIE.path}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) attrs.push('Secure');
  return attrs.join('; ');
}

/** `Set-Cookie` that deletes the refresh cookie (same name, path and flags, Max-Age=0). */
export function clearedRefreshCookie(secure: boolean): string {
  return refreshCookie('', 0, secure);
}
