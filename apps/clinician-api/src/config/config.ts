import { join, resolve } from 'node:path';
import { DEFAULT_SCRYPT } from '@openward/credentials';
import { LOG_LEVELS, type AppConfig, type LogLevel } from './app-config.js';

/** One rejected environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; issues: ConfigIssue[] };

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
  const dataDir = resolve(str('API_DATA_DIR') ?? '.openward-data/clinician-api');
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
    },
  };
}

/** One line per issue, each naming its variable (printed to stderr before exiting with code 2). */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `invalid configuration: ${i.variable} ${i.message}`).join('\n');
}
