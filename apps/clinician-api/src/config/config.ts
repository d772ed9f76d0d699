import { join, resolve } from 'node:path';
import { USER_ROLES, type UserRole } from '@openward/contracts';
import { DEFAULT_SCRYPT } from '@openward/credentials';
import { LOG_LEVELS, type AppConfig, type LogLevel } from './app-config.js';

/** Roles that must use TOTP when API_MFA_REQUIRED_ROLES is unset: every staff role. */
const MFA_REQUIRED_ROLES_DEFAULT: readonly UserRole[] = ['admin', 'clinician', 'nurse'];

/** A comma list of roles; unset → `fallback`, set but empty → none. */
function roleList(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: readonly UserRole[],
  fail: (variable: string, message: string) => void,
): readonly UserRole[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const items = raw
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const bad = items.filter((r) => !(USER_ROLES as readonly string[]).includes(r));
  if (bad.length > 0) {
    fail(name, `must be a comma list of ${USER_ROLES.join(', ')}`);
    return fallback;
  }
  return [...new Set(items)] as UserRole[];
}

/** One rejected environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; issues: ConfigIssue[] };

/** PGlite data directory when API_DATA_DIR is unset (relative to the working directory). */
export const DEFAULT_DATA_DIR = '.openward-data/clinician-api';

/** Exit code of the process when the configuration is invalid (distinct from a crash, 1). */
export const CONFIG_EXIT_CODE = 2;

const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the API's environment once, at boot. Pure: reads only `env`. Every problem is reported (not just
 * the first) so an operator fixes them in one go.
 */
export function parseConfig(env: Env): ConfigResult {
  const issues: ConfigIssue[] = [];
  const fail = (variable: string, message: string): void => {
    issues.push({ variable, message });
  };
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const required = (name: string): string => {
    const v = str(name);
    if (v === undefined) fail(name, 'is required');
    return v ?? '';
  };
  const secret = (name: string, min: number): string => {
    const v = env[name];
    if (v === undefined || v === '') fail(name, 'is required');
    else if (v.length < min) fail(name, `must be at least ${min} characters`);
    return v ?? '';
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = str(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      fail(name, `must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return Number(v);
  };
  const url = (name: string, protocols: readonly string[]): string => {
    const v = required(name);
    if (v === '') return v;
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      fail(name, 'must be a URL');
      return v;
    }
    if (!protocols.includes(parsed.protocol)) fail(name, `must use ${protocols.join(' or ')}`);
    return v.replace(/\/+$/, '');
  };
  const bool = (name: string): boolean => {
    const v = str(name);
    if (v === undefined || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '1') return true;
    fail(name, 'must be true or false');
    return false;
  };

  const host = str('API_HOST') ?? '127.0.0.1';
  const port = int('API_PORT', 0, 0, 65535);
  const dataDir = resolve(str('API_DATA_DIR') ?? DEFAULT_DATA_DIR);
  let databaseUrl: string | null = null;
  if (str('API_DATABASE_URL') !== undefined)
    databaseUrl = url('API_DATABASE_URL', ['postgres:', 'postgresql:']);
  const jwtSecret = secret('API_JWT_SECRET', 32);
  const ingestUrl = url('API_INGEST_URL', ['http:', 'https:']);
  const ingestMqttUrl = url('API_INGEST_MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']);
  const serviceToken = secret('API_SERVICE_TOKEN', 32);
  const registryExportFile = resolve(str('API_REGISTRY_EXPORT_FILE') ?? join(dataDir, 'registry.json'));
  // Optional: without it the feed is off and ingest can only use the exported file.
  const registryFeedToken = env['API_REGISTRY_FEED_TOKEN'] ? env['API_REGISTRY_FEED_TOKEN'] : null;
  if (registryFeedToken !== null) {
    if (registryFeedToken.length < 32) fail('API_REGISTRY_FEED_TOKEN', 'must be at least 32 characters');
    else if (registryFeedToken === serviceToken || registryFeedToken === jwtSecret)
      fail('API_REGISTRY_FEED_TOKEN', 'must differ from API_SERVICE_TOKEN and API_JWT_SECRET');
  }
  const demoSeed = bool('API_DEMO_SEED');
  const demoGatewaySecret = env['API_DEMO_GATEWAY_SECRET'] ? env['API_DEMO_GATEWAY_SECRET'] : null;
  if (demoSeed && demoGatewaySecret === null)
    fail('API_DEMO_GATEWAY_SECRET', 'is required when API_DEMO_SEED=true');
  else if (demoGatewaySecret !== null && demoGatewaySecret.length < 16)
    fail('API_DEMO_GATEWAY_SECRET', 'must be at least 16 characters');
  const dashboardDirRaw = str('API_DASHBOARD_DIR');
  const logLevel = (str('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  // Lower scrypt costs exist for tests and the seed only; production keeps the library default.
  const scryptN = int('API_SCRYPT_N', DEFAULT_SCRYPT.N, 2, 2 ** 20);
  if ((scryptN & (scryptN - 1)) !== 0) fail('API_SCRYPT_N', 'must be a power of two');
  const scrypt = {
    N: scryptN,
    r: int('API_SCRYPT_R', DEFAULT_SCRYPT.r, 1, 32),
    p: int('API_SCRYPT_P', DEFAULT_SCRYPT.p, 1, 16),
  };

  // Audit trail (src/audit/DESIGN.md): group-commit queue bound; retention default 6 years (HIPAA 164.316(b)(2)).
  const auditQueueMax = int('API_AUDIT_QUEUE_MAX', 10_000, 1, 1_000_000);
  const auditRetentionDays = int('API_AUDIT_RETENTION_DAYS', 2190, 1, 36_500);

  // Break-glass validity and records retention (docs/security.md "GDPR erasure").
  const breakGlassMinutes = int('API_BREAK_GLASS_MINUTES', 60, 1, 24 * 60);
  const recordsRetentionYears = int('API_RECORDS_RETENTION_YEARS', 10, 1, 100);

  // Gateway enrolment (src/registry): one-time code lifetime, and the broker URL handed to enrolling gateways.
  const enrollmentCodeTtlMinutes = int('API_ENROLLMENT_CODE_TTL_MINUTES', 60, 1, 7 * 24 * 60);
  let publicMqttUrl: string | null = null;
  if (str('API_PUBLIC_MQTT_URL') !== undefined) {
    publicMqttUrl = url('API_PUBLIC_MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']);
    if (/^[a-z]+:\/\/[^/]*@/i.test(publicMqttUrl))
      fail('API_PUBLIC_MQTT_URL', 'must not contain credentials');
  }

  // Sign-in and sessions (src/auth): lifetimes, lockout, per-address login rate, MFA (docs/security.md).
  const sessionMaxHours = int('API_SESSION_MAX_HOURS', 12, 1, 24 * 30);
  const idleTimeoutMinutes = int('API_IDLE_TIMEOUT_MINUTES', 15, 1, 24 * 60);
  // Secure by default; only plain-http loopback demos turn it off.
  const cookieSecure = str('API_COOKIE_SECURE') === undefined ? true : bool('API_COOKIE_SECURE');
  const loginMaxFailures = int('API_LOGIN_MAX_FAILURES', 5, 1, 100);
  const lockoutMinutes = int('API_LOCKOUT_MINUTES', 15, 1, 24 * 60);
  const loginRatePerMinute = int('API_LOGIN_RATE_PER_MINUTE', 10, 1, 100_000);
  const loginRateBurst = int('API_LOGIN_RATE_BURST', 20, 1, 100_000);
  const mfaEncryptionKey = secret('API_MFA_ENCRYPTION_KEY', 32);
  if (mfaEncryptionKey.length >= 32 && mfaEncryptionKey === jwtSecret)
    fail('API_MFA_ENCRYPTION_KEY', 'must differ from API_JWT_SECRET');
  const mfaRequiredRoles = roleList(env, 'API_MFA_REQUIRED_ROLES', MFA_REQUIRED_ROLES_DEFAULT, fail);

  // HTTP hardening (src/common): dashboard origins allowed by CORS, global rate limit, HSTS behind TLS.
  const corsOrigins = originList(env, 'API_CORS_ORIGINS', fail);
  const rateLimitPerMinute = int('API_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000);
  const hsts = bool('API_HSTS');

  // FHIR (src/fhir, docs/fhir.md): the public base URL of links (else taken from each request's Host), and the
  // identifier system of the hospital's medical record numbers.
  let fhirBaseUrl: string | null = null;
  if (str('API_FHIR_BASE_URL') !== undefined) fhirBaseUrl = url('API_FHIR_BASE_URL', ['http:', 'https:']);
  const fhirMrnSystem = str('API_FHIR_MRN_SYSTEM') ?? 'https://openward.dev/fhir/NamingSystem/mrn';
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(fhirMrnSystem)) fail('API_FHIR_MRN_SYSTEM', 'must be an absolute URI');

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: {
      host,
      port,
      dataDir,
      databaseUrl,
      jwtSecret,
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
      ingestUrl,
      ingestMqttUrl,
      serviceToken,
      registryExportFile,
      registryFeedToken,
      demoSeed,
      demoGatewaySecret,
      dashboardDir: dashboardDirRaw === undefined ? null : resolve(dashboardDirRaw),
      logLevel,
      scrypt,
      sessionMaxHours,
      idleTimeoutMinutes,
      cookieSecure,
      loginMaxFailures,
      lockoutMinutes,
      loginRatePerMinute,
      loginRateBurst,
      mfaEncryptionKey,
      mfaRequiredRoles,
      enrollmentCodeTtlMinutes,
      publicMqttUrl,
      breakGlassMinutes,
      recordsRetentionYears,
      auditQueueMax,
      auditRetentionDays,
      corsOrigins,
      rateLimitPerMinute,
      hsts,
      fhirBaseUrl,
      fhirMrnSystem,
    },
  };
}

/** One line per issue, each naming its variable (printed to stderr before exiting with code 2). */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `invalid configuration: ${i.variable} ${i.message}`).join('\n');
}

/** `API_CORS_ORIGINS`: comma-separated origins (`https://host[:port]`, no path); empty = same origin only. */
function originList(
  env: Env,
  name: string,
  fail: (variable: string, message: string) => void,
): readonly string[] {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return [];
  const origins = raw.split(',').map((o) => o.trim().replace(/\/+$/, ''));
  for (const o of origins) {
    let parsed: URL | null;
    try {
      parsed = new URL(o);
    } catch {
      parsed = null;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== o) {
      fail(name, 'must be a comma-separated list of origins like https://ward.example.org');
      return [];
    }
  }
  return origins;
}
