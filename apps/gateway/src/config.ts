import { DEVICE_ADDRESS_PATTERN, GATEWAY_ID_PATTERN } from '@openward/contracts';

/** Which noble binding drives the radio: the simulated radio over TCP, or the host's HCI socket (Pi). */
export const BLE_BINDINGS = ['sim', 'hci'] as const;
export type BleBinding = (typeof BLE_BINDINGS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated gateway configuration. Built once at boot from the environment (STYLE.md "Config"). */
export interface GatewayConfig {
  gatewayId: string;
  gatewaySecret: string;
  mqttUrl: string;
  bleBinding: BleBinding;
  /** Present when `bleBinding === 'sim'`. */
  simRadio: { host: string; port: number } | null;
  dataDir: string;
  httpHost: string;
  httpPort: number;
  /** Lowercase addresses; empty (and no server config yet) = any device advertising a health service. */
  allowedDevices: string[];
  logLevel: LogLevel;
  /** A device not seen (advert, link, notification) this long is reported missing (default 600). */
  notSeenAfterSeconds: number;
  /** Online status heartbeat period (default 60). */
  statusIntervalSeconds: number;
  /** Reconnect retries (each after its backoff) before a device cools down (default 6). */
  bleMaxAttempts: number;
  /** Cool-down after the retry limit, seconds (default 300). */
  bleCooldownSeconds: number;
  /** Journal size bound in bytes (default 512 MiB). */
  journalMaxBytes: number;
  /** Backlog replay rate after an outage, readings/s (default 200; the config topic may change it). */
  replayRatePerSecond: number;
  /** PEM files for `mqtts://` (all optional). */
  mqttTls: { caFile?: string; certFile?: string; keyFile?: string };
}

export type ConfigResult =
  { ok: true; config: GatewayConfig } | { ok: false; variable: string; message: string };

class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function required(env: Env, name: string): string {
  const v = optional(env, name);
  if (v === undefined) throw new ConfigError(name, 'is required');
  return v;
}

function port(name: string, raw: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(name, `must be a TCP port 0-65535, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join('|')}, got "${raw}"`);
  }
  return raw as T;
}

function mqttUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL like mqtt://127.0.0.1:1883, got "${raw}"`);
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new ConfigError(name, `unsupported protocol "${url.protocol}" (use mqtt:// or mqtts://)`);
  }
  if (url.username || url.password) {
    // Credentials come from GATEWAY_ID/GATEWAY_SECRET only, so a secret never ends up in a logged URL.
    throw new ConfigError(name, 'must not contain credentials; use GATEWAY_SECRET');
  }
  return raw;
}

function hostPort(name: string, raw: string): { host: string; port: number } {
  const m = /^([^:\s]+):(\d{1,5})$/.exec(raw);
  if (!m || !m[1] || !m[2]) throw new ConfigError(name, `must be host:port, got "${raw}"`);
  const p = port(name, m[2]);
  if (p === 0) throw new ConfigError(name, 'port must not be 0');
  return { host: m[1], port: p };
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function addresses(name: string, raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const list = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  for (const a of list) {
    if (!DEVICE_ADDRESS_PATTERN.test(a)) {
      throw new ConfigError(name, `"${a}" is not a BLE address like c0:ff:ee:00:10:01`);
    }
  }
  return [...new Set(list)];
}

function tlsFiles(env: Env): GatewayConfig['mqttTls'] {
  const out: GatewayConfig['mqttTls'] = {};
  const ca = optional(env, 'GATEWAY_MQTT_CA_FILE');
  const cert = optional(env, 'GATEWAY_MQTT_CERT_FILE');
  const key = optional(env, 'GATEWAY_MQTT_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(
      cert === undefined ? 'GATEWAY_MQTT_CERT_FILE' : 'GATEWAY_MQTT_KEY_FILE',
      'cert and key go together',
    );
  }
  if (ca !== undefined) out.caFile = ca;
  if (cert !== undefined) out.certFile = cert;
  if (key !== undefined) out.keyFile = key;
  return out;
}

/** Parses and validates the gateway environment. Pure and total: never throws, never exits. */
export function parseConfig(env: Env): ConfigResult {
  try {
    const gatewayId = required(env, 'GATEWAY_ID');
    if (!GATEWAY_ID_PATTERN.test(gatewayId)) {
      throw new ConfigError('GATEWAY_ID', `must match ${GATEWAY_ID_PATTERN.source}`);
    }
    // The secret is taken verbatim (not trimmed): whitespace may be part of it.
    const gatewaySecret = env['GATEWAY_SECRET'] ?? '';
    if (gatewaySecret.length === 0) throw new ConfigError('GATEWAY_SECRET', 'is required');
    const bleBinding = oneOf(
      'GATEWAY_BLE_BINDING',
      optional(env, 'GATEWAY_BLE_BINDING') ?? 'sim',
      BLE_BINDINGS,
    );
    const simRadio =
      bleBinding === 'sim' ? hostPort('GATEWAY_SIM_RADIO', required(env, 'GATEWAY_SIM_RADIO')) : null;
    return {
      ok: true,
      config: {
        gatewayId,
        gatewaySecret,
        mqttUrl: mqttUrl('GATEWAY_MQTT_URL', optional(env, 'GATEWAY_MQTT_URL') ?? 'mqtt://127.0.0.1:1883'),
        bleBinding,
        simRadio,
        dataDir: required(env, 'GATEWAY_DATA_DIR'),
        httpHost: optional(env, 'GATEWAY_HTTP_HOST') ?? '127.0.0.1',
        httpPort: port('GATEWAY_HTTP_PORT', optional(env, 'GATEWAY_HTTP_PORT') ?? '0'),
        allowedDevices: addresses('GATEWAY_ALLOWED_DEVICES', optional(env, 'GATEWAY_ALLOWED_DEVICES')),
        logLevel: oneOf('LOG_LEVEL', (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase(), LOG_LEVELS),
        notSeenAfterSeconds: int(env, 'GATEWAY_NOT_SEEN_AFTER_SECONDS', 600, 1, 7 * 86_400),
        statusIntervalSeconds: int(env, 'GATEWAY_STATUS_INTERVAL_SECONDS', 60, 1, 3_600),
        bleMaxAttempts: int(env, 'GATEWAY_BLE_MAX_ATTEMPTS', 6, 1, 1_000),
        bleCooldownSeconds: int(env, 'GATEWAY_BLE_COOLDOWN_SECONDS', 300, 1, 86_400),
        journalMaxBytes: int(env, 'GATEWAY_JOURNAL_MAX_BYTES', 512 * 1024 * 1024, 1024 * 1024, 2 ** 40),
        replayRatePerSecond: int(env, 'GATEWAY_REPLAY_RATE', 200, 1, 100_000),
        mqttTls: tlsFiles(env),
      },
    };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, variable: e.variable, message: e.message };
    throw e;
  }
}
