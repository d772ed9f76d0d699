import type { ScryptParams } from '@openward/credentials';

/** Pino log levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The validated configuration of the API. An abstract class (not an interface) so Nest can inject it by
 * type; it is only ever a plain object produced by {@link parseConfig}.
 */
export abstract class AppConfig {
  declare readonly host: string;
  declare readonly port: number;
  /** PGlite data directory (used when {@link databaseUrl} is null). */
  declare readonly dataDir: string;
  /** postgres:// URL → node-postgres; null → embedded PGlite. */
  declare readonly databaseUrl: string | null;
  declare readonly jwtSecret: string;
  /** Access-token lifetime in seconds (15 minutes). */
  declare readonly accessTokenTtlSeconds: number;
  declare readonly ingestUrl: string;
  declare readonly ingestMqttUrl: string;
  declare readonly serviceToken: string;
  declare readonly registryExportFile: string;
  /**
   * `API_REGISTRY_FEED_TOKEN`: bearer token ingest presents on `GET /internal/v1/registry` (≥ 32 chars, distinct
   * from the service token and the JWT secret). null = feed disabled (every request 401).
   */
  declare readonly registryFeedToken: string | null;
  declare readonly demoSeed: boolean;
  declare readonly demoGatewaySecret: string | null;
  declare readonly dashboardDir: string | null;
  declare readonly logLevel: LogLevel;
  /** scrypt cost for new staff/gateway hashes; DEFAULT_SCRYPT unless API_SCRYPT_N/R/P lower it (tests). */
  declare readonly scrypt: ScryptParams;
}
