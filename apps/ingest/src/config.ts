/**
 * Ingest configuration: read once at boot from the environment, validated by hand (no zod dependency).
 * Nothing else reads `process.env`.
 */
import {
  parseMqttLimits,
  parseMqttTls,
  type MqttLimits,
  type MqttTlsConfig,
} from './broker/broker-config.js';
import { parseBrokerMode, type ExternalBrokerConfig, type IngestMode } from './external/external-config.js';
import { parseStoreConfig, type InfluxConfig, type StoreKind } from './store/store-config.js';
import { parseRetentionConfig } from './store/retention-config.js';
import type { RetentionPolicy } from './store/vitals-store.js';
import { parseRegistrySource, type RegistryFeedConfig } from './registry/registry-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface IngestConfig {
  mqttHost: string;
  /** `INGEST_MQTT_PORT`; `'off'` = no plain-TCP listener, TLS only (DESIGN.md §13.1). */
  mqttPort: number | 'off';
  /** `INGEST_MQTT_TLS_*` (DESIGN.md §13.1): the TLS listener; absent = none. */
  mqttTls?: MqttTlsConfig;
  /** `INGEST_CLIENT_*`, `INGEST_AUTH_*` (DESIGN.md §13.2–13.3); absent = the defaults. */
  mqttLimits?: MqttLimits;
  httpHost: string;
  httpPort: number;
  dataDir: string;
  /** `INGEST_REGISTRY_FILE` (DESIGN.md §8): set in file mode; exactly one of this and {@link registryFeed}. */
  registryFile?: string;
  /** `INGEST_REGISTRY_URL` + `INGEST_REGISTRY_TOKEN` (DESIGN.md §8.1): set in feed mode. */
  registryFeed?: RegistryFeedConfig;
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
  /** `INGEST_RETENTION_*_DAYS` (DESIGN.md §12.5); absent = DEFAULT_RETENTION. */
  retention?: RetentionPolicy;
  /** `INGEST_MAINTENANCE_INTERVAL_MS` (DESIGN.md §12.2); absent = DEFAULT_MAINTENANCE_INTERVAL_MS. */
  maintenanceIntervalMs?: number;
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

/** The TLS listener and the throttles (DESIGN.md §13); only what is set, so defaults add no keys. */
function mqttHardening(env: Env): Pick<IngestConfig, 'mqttTls' | 'mqttLimits'> {
  const tls = parseMqttTls(env);
  if (!tls.ok) throw new ConfigError(tls.variable, tls.problem);
  const limits = parseMqttLimits(env);
  if (!limits.ok) throw new ConfigError(limits.variable, limits.problem);
  return {
    ...(tls.tls ? { mqttTls: tls.tls } : {}),
    ...(limits.limits ? { mqttLimits: limits.limits } : {}),
  };
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
  const retention = parseRetentionConfig(env);
  if (!retention.ok) throw new ConfigError(retention.variable, retention.problem);
  const registrySource = () => {
    const r = parseRegistrySource(env, token);
    if (!r.ok) throw new ConfigError(r.variable, r.problem);
    return r.source.kind === 'file' ? { registryFile: r.source.file } : { registryFeed: r.source.feed };
  };
  return {
    mqttHost: host(env, 'INGEST_MQTT_HOST'),
    mqttPort: env.INGEST_MQTT_PORT === 'off' ? 'off' : int(env, 'INGEST_MQTT_PORT', 1883, 0, 65535),
    ...mqttHardening(env),
    httpHost: host(env, 'INGEST_HTTP_HOST'),
    httpPort: int(env, 'INGEST_HTTP_PORT', 0, 0, 65535),
    dataDir: str(env, 'INGEST_DATA_DIR'),
    ...registrySource(),
    serviceToken: token,
    logLevel: logLevel as LogLevel,
    batchMaxWaitMs: int(env, 'INGEST_BATCH_MAX_WAIT_MS', 0, 0, 1000),
    batchMaxPoints: int(env, 'INGEST_BATCH_MAX_POINTS', 1000, 1, 100_000),
    // Embedded (the default) adds nothing, so existing configs stay as they were.
    ...(broker.external ? { mode: broker.mode, external: broker.external } : {}),
    // DuckDB (the default) adds nothing either.
    ...(store.influx ? { store: store.store, influx: store.influx } : {}),
    // Retention and maintenance defaults add nothing either (DESIGN.md §12.5).
    ...(retention.retention ? { retention: retention.retention } : {}),
    ...(retention.maintenanceIntervalMs !== null
      ? { maintenanceIntervalMs: retention.maintenanceIntervalMs }
      : {}),
  };
}
