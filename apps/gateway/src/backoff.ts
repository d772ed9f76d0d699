/** Exponential backoff settings: delay doubles per attempt from `baseMs` up to `capMs`. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * Delay before retry number `attempt` (0 = first retry), with "equal jitter": half of the exponential
 * delay is fixed, the other half random. Jitter keeps several straps (or gateways) that lost their link at
 * the same moment from retrying in lockstep. Pure: `random` is a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(exp / 2 + (exp / 2) * r);
}
