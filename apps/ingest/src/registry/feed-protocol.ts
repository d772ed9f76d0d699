import type { RegistrySnapshot } from '@openward/contracts';
import { parseRegistrySnapshot } from './parse-snapshot.js';

/**
 * The ingest side of the clinician API's registry feed (DESIGN.md §8.1): `GET <url>?after=<version>&waitSeconds=<s>`
 * with a bearer token; 200 + snapshot when the API has a newer version, 204 when it stayed unchanged for
 * `waitSeconds`. Pure helpers; the adapter (`http-registry.ts`) does the I/O.
 */

/** Label values of `ingest_registry_sync_failures_total{reason}`. */
export const SYNC_FAILURE_REASONS = [
  'unreachable',
  'timeout',
  'unauthorized',
  'http_status',
  'not_json',
  'schema',
] as const;
export type SyncFailureReason = (typeof SYNC_FAILURE_REASONS)[number];

export type FeedOutcome =
  | { kind: 'snapshot'; snapshot: RegistrySnapshot }
  | { kind: 'unchanged' }
  | { kind: 'failure'; reason: SyncFailureReason; detail: string };

/** Upper bound of `waitSeconds` the API accepts (interface B). */
export const MAX_WAIT_SECONDS = 30;

/** The request URL for one poll. `after` is omitted when ingest has no snapshot yet (the API then answers 200). */
export function feedUrl(base: string, after: number | null, waitSeconds: number): string {
  const u = new URL(base);
  if (after !== null) u.searchParams.set('after', String(after));
  u.searchParams.set('waitSeconds', String(Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.floor(waitSeconds)))));
  return u.toString();
}

/** Classifies one HTTP answer of the feed. Total: never throws, whatever the status or body. */
export function classifyFeedResponse(status: number, body: string): FeedOutcome {
  if (status === 204) return { kind: 'unchanged' };
  if (status === 401 || status === 403)
    return { kind: 'failure', reason: 'unauthorized', detail: `HTTP ${status}` };
  if (status !== 200) return { kind: 'failure', reason: 'http_status', detail: `HTTP ${status}` };
  const parsed = parseRegistrySnapshot(body);
  if (!parsed.ok) {
    return {
      kind: 'failure',
      reason: parsed.reason === 'NOT_JSON' ? 'not_json' : 'schema',
      detail: parsed.message,
    };
  }
  return { kind: 'snapshot', snapshot: parsed.snapshot };
}

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Cap: the longest ingest waits before asking again (bounds how stale it can get once the API is back). */
  maxMs: number;
}

/** 0.5 s doubling to 5 s: once the API is back, ingest asks again within 5 s (DESIGN.md §8.1). */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 5000 };

/**
 * Delay before retry number `failures` (1 = first failure): exponential, capped, with "equal jitter" (between
 * half and all of the step) so many ingest replicas do not hit a restarted API in lockstep. `random` in [0, 1).
 */
export function backoffDelay(
  failures: number,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const n = Math.max(1, Math.floor(failures));
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
