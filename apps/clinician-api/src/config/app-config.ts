import type { UserRole } from '@openward/contracts';
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
  /** `API_SESSION_MAX_HOURS` (default 12): absolute lifetime of a sign-in session, whatever the activity. */
  declare readonly sessionMaxHours: number;
  /** `API_IDLE_TIMEOUT_MINUTES` (default 15): automatic logoff after this long without a request. */
  declare readonly idleTimeoutMinutes: number;
  /** `API_COOKIE_SECURE` (default true): the refresh cookie's `Secure` flag (false only for http loopback). */
  declare readonly cookieSecure: boolean;
  /** `API_LOGIN_MAX_FAILURES` (default 5): failed sign-ins in a row that lock the account. */
  declare readonly loginMaxFailures: number;
  /** `API_LOCKOUT_MINUTES` (default 15): how long a locked account stays locked. */
  declare readonly lockoutMinutes: number;
  /** `API_LOGIN_RATE_PER_MINUTE` (default 10): sign-in attempts per source address per minute (token bucket). */
  declare readonly loginRatePerMinute: number;
  /** `API_LOGIN_RATE_BURST` (default 20): bucket size of the per-address sign-in limiter. */
  declare readonly loginRateBurst: number;
  /** `API_MFA_ENCRYPTION_KEY` (≥ 32 chars, ≠ API_JWT_SECRET): TOTP secrets are encrypted at rest with a key from it. */
  declare readonly mfaEncryptionKey: string;
  /** `API_MFA_REQUIRED_ROLES` (default admin,clinician,nurse; empty = none): roles that must enrol TOTP. */
  declare readonly mfaRequiredRoles: readonly UserRole[];
  /** `API_ENROLLMENT_CODE_TTL_MINUTES` (default 60): how long a gateway enrolment code can be exchanged. */
  declare readonly enrollmentCodeTtlMinutes: number;
  /** `API_PUBLIC_MQTT_URL` (optional): the broker URL given to gateways when they enrol; null = not sent. */
  declare readonly publicMqttUrl: string | null;
  /** `API_AUDIT_QUEUE_MAX` (default 10,000): audit entries waiting for the group commit; beyond → 503. */
  declare readonly auditQueueMax: number;
  /** `API_AUDIT_RETENTION_DAYS` (default 2190 = 6 years): audit rows older than this are cut daily. */
  declare readonly auditRetentionDays: number;
  /** `API_BREAK_GLASS_MINUTES`: validity of an emergency break-glass grant (default 60, max 1440). */
  declare readonly breakGlassMinutes: number;
  /**
   * `API_RECORDS_RETENTION_YEARS`: clinical records are kept this long after the last clinical activity before a
   * GDPR erasure may pseudonymise them (default 10; docs/security.md "GDPR erasure").
   */
  declare readonly recordsRetentionYears: number;
  /** `API_CORS_ORIGINS` (default none = same origin only): dashboard origins allowed by CORS, with credentials. */
  declare readonly corsOrigins: readonly string[];
  /** `API_RATE_LIMIT_PER_MINUTE` (default 600, 0 = off): requests per user (or per address) per minute. */
  declare readonly rateLimitPerMinute: number;
  /** `API_HSTS` (default false): send Strict-Transport-Security; set it when clients reach the API over HTTPS. */
  declare readonly hsts: boolean;
  /**
   * `API_FHIR_BASE_URL` (default none): public base of the FHIR endpoint for Bundle links, e.g.
   * `https://ward.example.org/fhir/R4`; unset = derived from each request's scheme and Host.
   */
  declare readonly fhirBaseUrl: string | null;
  /** `API_FHIR_MRN_SYSTEM`: identifier system URI of the hospital's medical record numbers in FHIR Patient. */
  declare readonly fhirMrnSystem: string;
}
