import { isIP } from 'node:net';

/**
 * Throttling of failed MQTT CONNECTs (DESIGN.md §13.2). Pure: the caller passes a monotonic clock in ms and
 * turns the answers into timers, CONNACK codes and metrics.
 *
 * Two dimensions, each a map of counters:
 * - `address`: the client's source address (IPv4, or the /64 prefix of an IPv6 address: one host owns a whole
 *   /64, so a per-address key would cost an attacker nothing to rotate). Counts every guess-like failure.
 * - `username`: a known gateway id whose secret was wrong (the only failure that ran scrypt, DESIGN.md §5).
 *   Unknown usernames are not tracked there, so random names cannot fill the map or evict real entries.
 *
 * Each failure is answered after `min(baseDelayMs · 2^(k−1), maxDelayMs)` where k is the higher failure
 * count of the two keys in the current window; `blockAfter` failures within `windowMs` block the key for
 * `blockMs`: its attempts are then refused without checking the password (no scrypt). A success clears both
 * keys. Memory is bounded: each map keeps at most `maxEntries` keys, evicting the least recently used one
 * that is not blocked.
 */
export interface AuthThrottlePolicy {
  /** Delay before the first refused CONNACK of a window; doubles per further failure. */
  baseDelayMs: number;
  /** Cap of that delay; also the delay before refusing an attempt from a blocked key. */
  maxDelayMs: number;
  /** Failures older than this (counted from the first of the window) are forgotten. */
  windowMs: number;
  /** How long a key stays blocked. */
  blockMs: number;
  /** Failures within the window that block a gateway username. */
  usernameBlockAfter: number;
  /** Failures within the window that block a source address (higher: NAT shares addresses). */
  addressBlockAfter: number;
  /** Keys kept per dimension. */
  maxEntries: number;
}

/** Defaults (DESIGN.md §13.2): 250 ms doubling to 5 s; 10 failures (username) / 100 (address) in 10 min block for 5 min. */
export const DEFAULT_AUTH_THROTTLE: AuthThrottlePolicy = {
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  windowMs: 10 * 60_000,
  blockMs: 5 * 60_000,
  usernameBlockAfter: 10,
  addressBlockAfter: 100,
  maxEntries: 50_000,
};

export type ThrottleDimension = 'address' | 'username';

/** The keys of one CONNECT attempt. `username` is null when the attempt is not tracked per username. */
export interface AttemptKeys {
  address: string;
  username: string | null;
}

export type AttemptGate =
  { blocked: false } | { blocked: true; dimension: ThrottleDimension; delayMs: number; retryAfterMs: number };

export interface FailureVerdict {
  /** How long to wait before sending the refusal. */
  delayMs: number;
  /** The dimension whose count drove the delay (the higher one; address on a tie). */
  dimension: ThrottleDimension;
  /** Dimensions that this failure blocked. */
  blocked: ThrottleDimension[];
}

interface Entry {
  failures: number;
  windowStartMs: number;
  blockedUntilMs: number;
}

/** How far the LRU eviction looks for an unblocked victim before evicting the oldest anyway. */
const EVICTION_SCAN = 32;

/** Normalises a socket's remote address into an address-dimension key. Pure, total. */
export function addressKey(remote: string | undefined): string {
  if (!remote) return 'unknown';
  const lower = remote.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (mapped?.[1]) return mapped[1];
  if (isIP(lower) === 4) return lower;
  if (isIP(lower) !== 6) return 'unknown';
  return `${expandIpv6(lower).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function expandIpv6(addr: string): string[] {
  let text = addr.split('%')[0] ?? ''; // zone id
  // An embedded IPv4 tail (::a.b.c.d) counts as two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/** One dimension: LRU-ordered map (Map keeps insertion order; a touch re-inserts). */
class Counters {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live entry of `key` (window not expired or still blocked), or undefined; drops stale ones. */
  get(key: string, nowMs: number, windowMs: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.blockedUntilMs <= nowMs && nowMs - e.windowStartMs >= windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  touch(key: string, e: Entry, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.evict(key, nowMs);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the least recently used unblocked entry among the oldest few, else the oldest. */
  private evict(keep: string, nowMs: number): void {
    let oldest: string | undefined;
    let scanned = 0;
    for (const [k, e] of this.entries) {
      if (k === keep) continue;
      oldest ??= k;
      if (e.blockedUntilMs <= nowMs) {
        this.entries.delete(k);
        return;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (oldest !== undefined) this.entries.delete(oldest);
  }
}

/** See the module comment. */
export class AuthThrottle {
  private readonly address: Counters;
  private readonly username: Counters;

  constructor(private readonly policy: AuthThrottlePolicy = DEFAULT_AUTH_THROTTLE) {
    this.address = new Counters(policy.maxEntries);
    this.username = new Counters(policy.maxEntries);
  }

  /** Keys held per dimension (bounded by `maxEntries`). */
  get sizes(): Record<ThrottleDimension, number> {
    return { address: this.address.size, username: this.username.size };
  }

  /** Before checking credentials: is either key blocked? */
  check(keys: AttemptKeys, nowMs: number): AttemptGate {
    const { windowMs, maxDelayMs } = this.policy;
    for (const dimension of ['username', 'address'] as const) {
      const key = keys[dimension];
      const e = key === null ? undefined : this.counters(dimension).get(key, nowMs, windowMs);
      if (e && e.blockedUntilMs > nowMs) {
        return { blocked: true, dimension, delayMs: maxDelayMs, retryAfterMs: e.blockedUntilMs - nowMs };
      }
    }
    return { blocked: false };
  }

  /** Records a failed attempt; returns the delay before refusing and what it blocked. */
  failed(keys: AttemptKeys, nowMs: number): FailureVerdict {
    const p = this.policy;
    let worst = 0;
    let dimension: ThrottleDimension = 'address';
    const blocked: ThrottleDimension[] = [];
    for (const d of ['address', 'username'] as const) {
      const key = keys[d];
      if (key === null) continue;
      const counters = this.counters(d);
      const e = counters.get(key, nowMs, p.windowMs) ?? {
        failures: 0,
        windowStartMs: nowMs,
        blockedUntilMs: 0,
      };
      if (nowMs - e.windowStartMs >= p.windowMs) {
        e.failures = 0;
        e.windowStartMs = nowMs;
      }
      e.failures++;
      if (e.failures > worst) {
        worst = e.failures;
        dimension = d;
      }
      if (e.failures >= (d === 'address' ? p.addressBlockAfter : p.usernameBlockAfter)) {
        e.blockedUntilMs = nowMs + p.blockMs;
        // A fresh window after the block: the next `blockAfter` failures block again.
        e.failures = 0;
        e.windowStartMs = e.blockedUntilMs;
        blocked.push(d);
      }
      counters.touch(key, e, nowMs);
    }
    const delayMs = Math.min(p.baseDelayMs * 2 ** Math.min(Math.max(worst - 1, 0), 30), p.maxDelayMs);
    return { delayMs: blocked.length > 0 ? p.maxDelayMs : delayMs, dimension, blocked };
  }

  /** A successful CONNECT clears both keys. */
  succeeded(keys: AttemptKeys): void {
    this.address.delete(keys.address);
    if (keys.username !== null) this.username.delete(keys.username);
  }

  private counters(d: ThrottleDimension): Counters {
    return d === 'address' ? this.address : this.username;
  }
}
