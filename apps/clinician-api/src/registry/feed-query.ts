import { CommonError } from '../common/app-error.js';

/** Longest hold a caller may ask for (interface B: waitSeconds 0..30). */
export const MAX_WAIT_SECONDS = 30;
/** Registry versions stay exact in a JS number and in the bigint column. */
export const MAX_VERSION = Number.MAX_SAFE_INTEGER - 1;

/** `GET /internal/v1/registry?after=<version>&waitSeconds=<0..30>`, validated. */
export interface FeedQuery {
  /** The version the caller has; null = it has none (always answered with the snapshot). */
  after: number | null;
  waitSeconds: number;
}

export type FeedQueryResult = { ok: true; query: FeedQuery } | { ok: false; problem: string };

const DIGITS = /^\d{1,16}$/;

/**
 * Parses the feed's query parameters. Pure and total: anything but decimal integers in range, a repeated
 * parameter or an unknown one is refused.
 */
export function parseFeedQuery(query: Readonly<Record<string, unknown>>): FeedQueryResult {
  for (const key of Object.keys(query)) {
    if (key !== 'after' && key !== 'waitSeconds') return { ok: false, problem: `unknown parameter ${key}` };
  }
  const int = (name: string, max: number): number | null | string => {
    const raw = query[name];
    if (raw === undefined) return null;
    if (typeof raw !== 'string' || !DIGITS.test(raw)) return `${name} must be a non-negative integer`;
    const n = Number(raw);
    return n > max ? `${name} must be at most ${max}` : n;
  };
  const after = int('after', MAX_VERSION);
  if (typeof after === 'string') return { ok: false, problem: after };
  const wait = int('waitSeconds', MAX_WAIT_SECONDS);
  if (typeof wait === 'string') return { ok: false, problem: wait };
  return { ok: true, query: { after, waitSeconds: wait ?? 0 } };
}

/** {@link parseFeedQuery} for the controller: a refusal becomes 400 BAD_REQUEST. */
export function feedQueryOrThrow(query: Readonly<Record<string, unknown>>): FeedQuery {
  const r = parseFeedQuery(query);
  if (!r.ok) throw new CommonError('BAD_REQUEST', r.problem);
  return r.query;
}
