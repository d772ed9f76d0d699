/**
 * How the gateway retries its MQTT connection (DESIGN.md §11): forever, with exponential backoff and
 * full jitter, so a fleet that lost ingest at the same moment (an ingest restart) reconnects spread out
 * instead of in one stampede, and a refused or throttled CONNECT is retried ever more slowly.
 */
export interface ReconnectPolicy {
  /** Upper bound of the first retry's delay, ms; the bound doubles with each failed attempt. */
  baseMs: number;
  /** Largest bound, ms. */
  capMs: number;
  /**
   * A connection must stay up this long, ms, before the backoff starts over; one that drops sooner (a
   * broker that accepts, then disconnects at once) keeps backing off. 0 = start over at every CONNACK.
   */
  stableMs: number;
}

/** Production policy: 1 s doubling to 60 s, reset after 10 s connected. */
export const DEFAULT_RECONNECT_POLICY: Readonly<ReconnectPolicy> = {
  baseMs: 1_000,
  capMs: 60_000,
  stableMs: 10_000,
};

/**
 * Checks a policy (integers, 1 ≤ baseMs ≤ capMs, stableMs ≥ 0); throws a RangeError naming the field.
 * Returns the policy for chaining.
 */
export function checkReconnectPolicy(policy: ReconnectPolicy): ReconnectPolicy {
  const { baseMs, capMs, stableMs } = policy;
  if (!Number.isSafeInteger(baseMs) || baseMs < 1) {
    throw new RangeError(`reconnect baseMs must be an integer ≥ 1, got ${baseMs}`);
  }
  if (!Number.isSafeInteger(capMs) || capMs < baseMs) {
    throw new RangeError(`reconnect capMs must be an integer ≥ baseMs (${baseMs}), got ${capMs}`);
  }
  if (!Number.isSafeInteger(stableMs) || stableMs < 0) {
    throw new RangeError(`reconnect stableMs must be an integer ≥ 0, got ${stableMs}`);
  }
  return policy;
}

/**
 * Delay before retry number `attempt` + 1 (0 = the first retry after a drop or a failed first connect):
 * "full jitter", uniformly random in (0, min(capMs, baseMs × 2^attempt)], rounded up to whole ms and
 * at least 1 ms (MQTT.js treats a reconnect period of 0 as "never reconnect"). Pure: `random` is a
 * number in [0, 1); anything else is clamped (NaN counts as 1, the longest wait).
 */
export function fullJitterDelayMs(
  attempt: number,
  policy: Pick<ReconnectPolicy, 'baseMs' | 'capMs'>,
  random: number,
): number {
  const n = Number.isFinite(attempt) ? Math.min(Math.max(Math.floor(attempt), 0), 52) : 52;
  const bound = Math.min(policy.capMs, policy.baseMs * 2 ** n);
  const r = Number.isNaN(random) ? 1 : Math.min(Math.max(random, 0), 1);
  return Math.max(1, Math.ceil(r * bound));
}

/**
 * The backoff state of one MQTT connection, driven by the connection's events. Pure apart from the
 * injected random source. Each method returns the delay to wait should the current attempt or connection
 * fail now: MQTT.js reads that delay (its `reconnectPeriod`) before it tells anyone the link is down, so it
 * must always be set in advance (see reconnect.ts).
 */
export class ReconnectBackoff {
  private failures = 0;

  constructor(
    private readonly policy: ReconnectPolicy,
    private readonly random: () => number = Math.random,
  ) {
    checkReconnectPolicy(policy);
  }

  /** Attempts since the connection was last stable (0 while it is, or before the first retry). */
  get attempt(): number {
    return this.failures;
  }

  /** A fresh draw of the delay for the current attempt count. */
  delay(): number {
    return fullJitterDelayMs(this.failures, this.policy, this.random());
  }

  /** A reconnect attempt starts: the previous attempt failed or the connection dropped. */
  onAttempt(): number {
    this.failures++;
    return this.delay();
  }

  /** CONNACK accepted, not yet stable: if it drops now, the backoff goes on where it was. */
  onConnected(): number {
    return this.delay();
  }

  /** The connection stayed up `stableMs`: the next drop starts over at the base delay. */
  onStable(): number {
    this.failures = 0;
    return this.delay();
  }
}
