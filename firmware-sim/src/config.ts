import { DEMO_DEVICES } from '@openward/testing';

/** One simulated heart-rate strap as configured through SIM_DEVICES. */
export interface StrapConfig {
  /** Lowercase colon-separated MAC, e.g. `c0:ff:ee:00:10:01` (the sim-radio protocol's address form). */
  address: string;
  localName: string;
  /** Resting heart rate the model centres on, bpm. */
  baselineBpm: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated process configuration; built once at boot from the environment. */
export interface SimConfig {
  host: string;
  radioPort: number;
  controlPort: number;
  devices: StrapConfig[];
  notifyIntervalMs: number;
  logLevel: LogLevel;
}

/** A configuration error names the variable at fault so the operator can fix it. */
export interface ConfigError {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: SimConfig } | { ok: false; error: ConfigError };

class InvalidVariable extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
// A legacy advertising PDU carries at most 31 octets; the complete local name gets what is left.
const MAX_LOCAL_NAME_BYTES = 29;

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name, String(fallback));
  if (!/^\d+$/.test(raw)) throw new InvalidVariable(name, `${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max)
    throw new InvalidVariable(name, `${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function strap(item: unknown, index: number): StrapConfig {
  const at = `SIM_DEVICES[${index}]`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InvalidVariable('SIM_DEVICES', `${at} must be an object {address, localName, baselineBpm}`);
  }
  const { address, localName, baselineBpm } = item as Record<string, unknown>;
  if (typeof address !== 'string' || !ADDRESS.test(address.toLowerCase())) {
    throw new InvalidVariable('SIM_DEVICES', `${at}.address must be a MAC like c0:ff:ee:00:10:01`);
  }
  if (typeof localName !== 'string' || localName.length === 0) {
    throw new InvalidVariable('SIM_DEVICES', `${at}.localName must be a non-empty string`);
  }
  if (Buffer.byteLength(localName, 'utf8') > MAX_LOCAL_NAME_BYTES) {
    throw new InvalidVariable('SIM_DEVICES', `${at}.localName must fit ${MAX_LOCAL_NAME_BYTES} UTF-8 octets`);
  }
  if (
    typeof baselineBpm !== 'number' ||
    !Number.isFinite(baselineBpm) ||
    baselineBpm < 30 ||
    baselineBpm > 200
  ) {
    throw new InvalidVariable('SIM_DEVICES', `${at}.baselineBpm must be a number from 30 to 200`);
  }
  return { address: address.toLowerCase(), localName, baselineBpm };
}

function devices(env: NodeJS.ProcessEnv): StrapConfig[] {
  const raw = env['SIM_DEVICES'];
  if (raw === undefined || raw.trim() === '') {
    return DEMO_DEVICES.map(({ address, localName, baselineBpm }) => ({ address, localName, baselineBpm }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidVariable(
      'SIM_DEVICES',
      'SIM_DEVICES must be a JSON array of {address, localName, baselineBpm}',
    );
  }
  if (!Array.isArray(parsed)) throw new InvalidVariable('SIM_DEVICES', 'SIM_DEVICES must be a JSON array');
  const list = parsed.map(strap);
  const seen = new Set<string>();
  for (const d of list) {
    if (seen.has(d.address)) throw new InvalidVariable('SIM_DEVICES', `SIM_DEVICES lists ${d.address} twice`);
    seen.add(d.address);
  }
  return list;
}

/** Reads and validates the configuration once. Pure: the environment is passed in. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  try {
    const logLevel = text(env, 'LOG_LEVEL', 'info');
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
      throw new InvalidVariable(
        'LOG_LEVEL',
        `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
      );
    }
    return {
      ok: true,
      config: {
        host: text(env, 'SIM_HOST', '127.0.0.1'),
        radioPort: integer(env, 'SIM_RADIO_PORT', 0, 0, 65535),
        controlPort: integer(env, 'SIM_CONTROL_PORT', 0, 0, 65535),
        devices: devices(env),
        notifyIntervalMs: integer(env, 'SIM_NOTIFY_INTERVAL_MS', 1000, 10, 3_600_000),
        logLevel: logLevel as LogLevel,
      },
    };
  } catch (e) {
    if (e instanceof InvalidVariable)
      return { ok: false, error: { variable: e.variable, message: e.message } };
    throw e;
  }
}
