/**
 * Ingest configuration: read once at boot from the environment, validated by hand (no zod dependency).
 * Nothing else reads `process.env`.
 */
import { parseBrokerMode, type ExternalBrokerConfig, type IngestMode } from './external/external-config.js';
import { parseStoreConfig, type InfluxConfig, type StoreKind } from './store/store-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface IngestConfig {
  mqttHost: string;
  mqttPort: number;
  httpHost: string;
  httpPort: number;
  dataDir: string;
  registryFile: string;
  serviceToken: string;
  logLevel: LogLevel;
  /**
   * Group commit: longest an idle writer waits for companions before writing (DESIGN.md §7). 0 = write at the
   * end of the current I/O phase; under load batches form anyway while the previous commit runs.
   */
  batchMaxWaitMs: number;
  /** Group commit: flush as soon as this many points are pending. */
  batchMaxPoints: number;
  /** `INGEST_MODE` (DESIGN.md §10): absent = embedded aedes broker. */
  mode?: IngestMode;
  /** Mosquitto settings; set when `mode` is `external`. */
  external?: ExternalBrokerConfig | null;
  /** `INGEST_STORE` (DESIGN.md §11): absent = DuckDB. */
  store?: StoreKind;
  /** InfluxDB settings; set when `store` is `influx`. */
  influx?: InfluxConfig;
}

/** A configuration problem naming the offending variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function str(env: Env, name: string, fallback?: string): string {
  const v = env[name];
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(name, 'is required');
  }
  return v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function host(env: Env, name: string): string {
  const v = str(env, name, '127.0.0.1');
  if (!/^[A-Za-z0-9.:-]+$/.test(v)) throw new ConfigError(name, `is not a host name or address: "${v}"`);
  return v;
}

/** Validates the environment; throws {@link ConfigError} naming the first bad variable. Pure. */
export function loadConfig(env: Env): IngestConfig {
  const token = str(env, 'INGEST_SERVICE_TOKEN');
  if (token.length < 32) throw new ConfigError('INGEST_SERVICE_TOKEN', 'must be at least 32 characters');
  const logLevel = str(env, 'LOG_LEVEL', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const broker = parseBrokerMode(env);
  if (!broker.ok) throw new ConfigError(broker.variable, broker.problem);
  const store = parseStoreConfig(env);
  if (!store.ok) throw new ConfigError(store.variable, store.problem);
  return {
    mqttHost: host(env, 'INGEST_MQTT_HOST'),
    mqttPort: int(env, 'INGEST_MQTT_PORT', 1883, 0, 65535),
    httpHost: host(env, 'INGEST_HTTP_HOST'),
    httpPort: int(env, 'INGEST_HTTP_PORT', 0, 0, 65535),
    dataDir: str(env, 'INGEST_DATA_DIR'),
    registryFile: str(env, 'INGEST_REGISTRY_FILE'),
    serviceToken: token,
    logLevel: logLevel as LogLevel,
    batchMaxWaitMs: int(env, 'INGEST_BATCH_MAX_WAIT_MS', 0, 0, 1000),
    batchMaxPoints: int(env, 'INGEST_BATCH_MAX_POINTS', 1000, 1, 100_000),
    // Embedded (the default) adds nothing, so existing configs stay as they were.
    ...(broker.external ? { mode: broker.mode, external: broker.external } : {}),
    // DuckDB (the default) adds nothing either.
    ...(store.influx ? { store: store.store, influx: store.influx } : {}),
  };
}
