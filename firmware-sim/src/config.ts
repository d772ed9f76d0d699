import { DEMO_DEVICES } from '@openward/testing';
import { parseDevice, parseWorld, WorldConfigError, type DeviceConfig } from './world-config.js';

export type { DeviceConfig } from './world-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated process configuration; built once at boot from the environment. */
export interface SimConfig {
  host: string;
  radioPort: number;
  controlPort: number;
  devices: DeviceConfig[];
  /** Simulated interval of continuous notifications (heart rate, PLX continuous), ms. */
  notifyIntervalMs: number;
  /** SIM_TIME_SCALE: simulated seconds per real second (physiology, measurement schedule, intervals). */
  timeScale: number;
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

function devices(env: NodeJS.ProcessEnv): DeviceConfig[] {
  const raw = env['SIM_DEVICES'];
  try {
    // Default world: the demo straps the rest of the stack (gateway allow-list, API seed) expects.
    if (raw === undefined || raw.trim() === '') return DEMO_DEVICES.map((d, i) => parseDevice(d, i));
    return parseWorld(raw);
  } catch (e) {
    if (e instanceof WorldConfigError) throw new InvalidVariable('SIM_DEVICES', e.message);
    throw e;
  }
}

function scale(env: NodeJS.ProcessEnv): number {
  const raw = text(env, 'SIM_TIME_SCALE', '1');
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n >= 0.001 && n <= 1_000_000)) {
    throw new InvalidVariable(
      'SIM_TIME_SCALE',
      `SIM_TIME_SCALE must be a number from 0.001 to 1000000, got "${raw}"`,
    );
  }
  return n;
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
        timeScale: scale(env),
        logLevel: logLevel as LogLevel,
      },
    };
  } catch (e) {
    if (e instanceof InvalidVariable)
      return { ok: false, error: { variable: e.variable, message: e.message } };
    throw e;
  }
}
