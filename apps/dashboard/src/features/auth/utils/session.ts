import { loginResponseSchema, type LoginResponse } from '@openward/contracts';

/** sessionStorage key: the session survives a reload of this tab until the token expires, never a new tab. */
export const SESSION_STORAGE_KEY = 'openward.session';

/** Token expiry in epoch ms; an unparseable `expiresAt` counts as already expired. */
export function expiresAtMs(session: LoginResponse): number {
  const ms = Date.parse(session.expiresAt);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

export function isExpired(session: LoginResponse, nowMs: number): boolean {
  return expiresAtMs(session) <= nowMs;
}

/** Milliseconds until the token expires (≤ 0 when it already has). */
export function msUntilExpiry(session: LoginResponse, nowMs: number): number {
  return expiresAtMs(session) - nowMs;
}

/** Parses a stored session; returns null when absent, malformed or expired. */
export function restoreSession(raw: string | null, nowMs: number): LoginResponse | null {
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = loginResponseSchema.safeParse(json);
  if (!parsed.success || isExpired(parsed.data, nowMs)) return null;
  return parsed.data;
}
