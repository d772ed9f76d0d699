/**
 * Embedded-broker hardening settings (DESIGN.md §13), validated by hand like the rest of `config.ts`, which
 * calls these. Pure: they read only the env object they are given (the TLS files are read at start-up by
 * `tls-material.ts`).
 */
import { DEFAULT_AUTH_THROTTLE, type AuthThrottlePolicy } from './auth-throttle.js';
import { DEFAULT_CLIENT_RATE, type ClientRateLimit } from './publish-limiter.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A bad variable, named (the caller turns it into its own ConfigError). */
export interface EnvProblem {
  variable: string;
  problem: string;
}

/** The optional TLS listener (DESIGN.md §13.1). */
export interface MqttTlsConfig {
  /** `INGEST_MQTT_TLS_HOST`, default `INGEST_MQTT_HOST`. */
  host: string;
  /** `INGEST_MQTT_TLS_PORT` (0 = any free port, for tests). */
  port: number;
  /** `INGEST_MQTT_TLS_CERT_FILE`: PEM certificate, optionally followed by its chain. */
  certFile: string;
  /** `INGEST_MQTT_TLS_KEY_FILE`: PEM private key (unencrypted) of that certificate. */
  keyFile: string;
}

/** Throttles of the embedded broker (DESIGN.md §13.2, §13.3). */
export interface MqttLimits {
  /** Per-client publish rate; null = unlimited (`INGEST_CLIENT_RATE_PER_SECOND=off`). */
  clientRate: ClientRateLimit | null;
  authThrottle: AuthThrottlePolicy;
}

/** The defaults of {@link MqttLimits}. */
export const DEFAULT_MQTT_LIMITS: MqttLimits = {
  clientRate: DEFAULT_CLIENT_RATE,
  authThrottle: DEFAULT_AUTH_THROTTLE,
};

export const TLS_VARIABLES = [
  'INGEST_MQTT_TLS_PORT',
  'INGEST_MQTT_TLS_CERT_FILE',
  'INGEST_MQTT_TLS_KEY_FILE',
] as const;

const LIMIT_VARIABLES = [
  'INGEST_CLIENT_RATE_PER_SECOND',
  'INGEST_CLIENT_RATE_BURST',
  'INGEST_CLIENT_MAX_DELAY_MS',
  'INGEST_AUTH_FAILURE_DELAY_MS',
  'INGEST_AUTH_MAX_DELAY_MS',
  'INGEST_AUTH_WINDOW_SECONDS',
  'INGEST_AUTH_BLOCK_AFTER',
  'INGEST_AUTH_ADDRESS_BLOCK_AFTER',
  'INGEST_AUTH_BLOCK_SECONDS',
] as const;

const HOST = /^[A-Za-z0-9.:-]+$/;

class Problem extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Problem(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new Problem(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function result<T>(f: () => T): ({ ok: true } & T) | ({ ok: false } & EnvProblem) {
  try {
    return { ok: true, ...f() };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, variable: e.variable, problem: e.problem };
    throw e;
  }
}

/**
 * `INGEST_MQTT_TLS_PORT`, `_CERT_FILE`, `_KEY_FILE`: all three or none; `INGEST_MQTT_TLS_HOST` optional.
 * `INGEST_MQTT_PORT=off` (no plain listener) requires the TLS listener.
 */
export function parseMqttTls(env: Env) {
  return result((): { tls: MqttTlsConfig | null } => {
    const set = TLS_VARIABLES.filter((v) => env[v] !== undefined && env[v] !== '');
    const plainOff = env.INGEST_MQTT_PORT === 'off';
    if (set.length === 0) {
      if (plainOff)
        throw new Problem(
          'INGEST_MQTT_PORT',
          'is "off" but no TLS listener is configured (INGEST_MQTT_TLS_*)',
        );
      return { tls: null };
    }
    const missing = TLS_VARIABLES.find((v) => !set.includes(v));
    if (missing)
      throw new Problem(missing, `is required with ${set.join(', ')} (the TLS listener needs all three)`);
    const port = int(env, 'INGEST_MQTT_TLS_PORT', 0, 0, 65535);
    if (!plainOff && port !== 0 && env.INGEST_MQTT_PORT === String(port)) {
      throw new Problem('INGEST_MQTT_TLS_PORT', 'must differ from INGEST_MQTT_PORT');
    }
    const host = env.INGEST_MQTT_TLS_HOST || env.INGEST_MQTT_HOST || '127.0.0.1';
    if (!HOST.test(host))
      throw new Problem('INGEST_MQTT_TLS_HOST', `is not a host name or address: "${host}"`);
    return {
      tls: {
        host,
        port,
        certFile: env.INGEST_MQTT_TLS_CERT_FILE ?? '',
        keyFile: env.INGEST_MQTT_TLS_KEY_FILE ?? '',
      },
    };
  });
}

/** `INGEST_CLIENT_*` and `INGEST_AUTH_*`; `limits` is null when none is set (the defaults apply). */
export function parseMqttLimits(env: Env) {
  return result((): { limits: MqttLimits | null } => {
    if (!LIMIT_VARIABLES.some((v) => env[v] !== undefined && env[v] !== '')) return { limits: null };
    const c = DEFAULT_CLIENT_RATE;
    let clientRate: ClientRateLimit | null = null;
    if (env.INGEST_CLIENT_RATE_PER_SECOND !== 'off') {
      const ratePerSecond = int(env, 'INGEST_CLIENT_RATE_PER_SECOND', c.ratePerSecond, 1, 1_000_000);
      clientRate = {
        ratePerSecond,
        burst: int(env, 'INGEST_CLIENT_RATE_BURST', 2 * ratePerSecond, 1, 10_000_000),
        // Below the gateways' 30 s keepalive: aedes reads nothing from a client while its publishes wait.
        maxDelayMs: int(env, 'INGEST_CLIENT_MAX_DELAY_MS', c.maxDelayMs, 0, 20_000),
      };
    }
    const a = DEFAULT_AUTH_THROTTLE;
    const baseDelayMs = int(env, 'INGEST_AUTH_FAILURE_DELAY_MS', a.baseDelayMs, 0, 20_000);
    const authThrottle: AuthThrottlePolicy = {
      baseDelayMs,
      maxDelayMs: int(
        env,
        'INGEST_AUTH_MAX_DELAY_MS',
        Math.max(a.maxDelayMs, baseDelayMs),
        baseDelayMs,
        20_000,
      ),
      windowMs: int(env, 'INGEST_AUTH_WINDOW_SECONDS', a.windowMs / 1000, 1, 86_400) * 1000,
      blockMs: int(env, 'INGEST_AUTH_BLOCK_SECONDS', a.blockMs / 1000, 1, 86_400) * 1000,
      usernameBlockAfter: int(env, 'INGEST_AUTH_BLOCK_AFTER', a.usernameBlockAfter, 1, 100_000),
      addressBlockAfter: int(env, 'INGEST_AUTH_ADDRESS_BLOCK_AFTER', a.addressBlockAfter, 1, 1_000_000),
      maxEntries: a.maxEntries,
    };
    return { limits: { clientRate, authThrottle } };
  });
}
