import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SCRYPT } from '@openward/credentials';
import { formatConfigIssues, parseConfig } from './config.js';

const valid = {
  API_JWT_SECRET: 'j'.repeat(32),
  API_SERVICE_TOKEN: 's'.repeat(32),
  API_INGEST_URL: 'http://127.0.0.1:8081/',
  API_INGEST_MQTT_URL: 'mqtt://127.0.0.1:1883',
  API_DATA_DIR: '/tmp/ow-api',
  API_MFA_ENCRYPTION_KEY: 'm'.repeat(32),
};

function issuesOf(env: Record<string, string>): string[] {
  const r = parseConfig(env);
  return r.ok ? [] : r.issues.map((i) => i.variable);
}

describe('parseConfig', () => {
  it('accepts a minimal env and applies defaults (127.0.0.1, port 0, PGlite, DEFAULT_SCRYPT, 15 min tokens)', () => {
    const r = parseConfig(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      dataDir: '/tmp/ow-api',
      databaseUrl: null,
      ingestUrl: 'http://127.0.0.1:8081',
      registryExportFile: '/tmp/ow-api/registry.json',
      registryFeedToken: null,
      demoSeed: false,
      demoGatewaySecret: null,
      dashboardDir: null,
      logLevel: 'info',
      accessTokenTtlSeconds: 900,
      breakGlassMinutes: 60,
      recordsRetentionYears: 10,
    });
    expect(r.config.scrypt).toEqual(DEFAULT_SCRYPT);
  });

  it('reads every optional variable', () => {
    const r = parseConfig({
      ...valid,
      API_HOST: '0.0.0.0',
      API_PORT: '8080',
      API_DATABASE_URL: 'postgres://u@127.0.0.1:5432/ow',
      API_REGISTRY_EXPORT_FILE: '/tmp/reg/registry.json',
      API_REGISTRY_FEED_TOKEN: 'f'.repeat(32),
      API_DEMO_SEED: 'true',
      API_DEMO_GATEWAY_SECRET: 'g'.repeat(20),
      API_DASHBOARD_DIR: '/srv/dashboard',
      LOG_LEVEL: 'warn',
      API_SCRYPT_N: '1024',
      API_SCRYPT_R: '4',
      API_SCRYPT_P: '1',
      API_BREAK_GLASS_MINUTES: '30',
      API_RECORDS_RETENTION_YEARS: '6',
    });
    expect(r.ok && r.config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      databaseUrl: 'postgres://u@127.0.0.1:5432/ow',
      registryExportFile: '/tmp/reg/registry.json',
      registryFeedToken: 'f'.repeat(32),
      demoSeed: true,
      demoGatewaySecret: 'g'.repeat(20),
      dashboardDir: '/srv/dashboard',
      logLevel: 'warn',
      scrypt: { N: 1024, r: 4, p: 1 },
      breakGlassMinutes: 30,
      recordsRetentionYears: 6,
    });
  });

  it.each([
    ['API_JWT_SECRET', { API_JWT_SECRET: 'short' }],
    ['API_JWT_SECRET', { API_JWT_SECRET: '' }],
    ['API_SERVICE_TOKEN', { API_SERVICE_TOKEN: 'x'.repeat(31) }],
    ['API_INGEST_URL', { API_INGEST_URL: 'not a url' }],
    ['API_INGEST_URL', { API_INGEST_URL: 'ftp://127.0.0.1' }],
    ['API_INGEST_MQTT_URL', { API_INGEST_MQTT_URL: 'http://127.0.0.1:1883' }],
    ['API_PORT', { API_PORT: '70000' }],
    ['API_PORT', { API_PORT: '-1' }],
    ['API_PORT', { API_PORT: '80a' }],
    ['API_DATABASE_URL', { API_DATABASE_URL: 'mysql://x' }],
    ['API_DEMO_SEED', { API_DEMO_SEED: 'yes' }],
    ['API_REGISTRY_FEED_TOKEN', { API_REGISTRY_FEED_TOKEN: 'f'.repeat(31) }],
    ['API_REGISTRY_FEED_TOKEN', { API_REGISTRY_FEED_TOKEN: 's'.repeat(32) }],
    ['API_REGISTRY_FEED_TOKEN', { API_REGISTRY_FEED_TOKEN: 'j'.repeat(32) }],
    ['API_DEMO_GATEWAY_SECRET', { API_DEMO_SEED: 'true' }],
    ['API_DEMO_GATEWAY_SECRET', { API_DEMO_GATEWAY_SECRET: 'short' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['API_SCRYPT_N', { API_SCRYPT_N: '1000' }],
    ['API_SESSION_MAX_HOURS', { API_SESSION_MAX_HOURS: '0' }],
    ['API_IDLE_TIMEOUT_MINUTES', { API_IDLE_TIMEOUT_MINUTES: '1441' }],
    ['API_COOKIE_SECURE', { API_COOKIE_SECURE: 'maybe' }],
    ['API_LOGIN_MAX_FAILURES', { API_LOGIN_MAX_FAILURES: '0' }],
    ['API_LOCKOUT_MINUTES', { API_LOCKOUT_MINUTES: 'x' }],
    ['API_LOGIN_RATE_PER_MINUTE', { API_LOGIN_RATE_PER_MINUTE: '0' }],
    ['API_LOGIN_RATE_BURST', { API_LOGIN_RATE_BURST: '-5' }],
    ['API_MFA_ENCRYPTION_KEY', { API_MFA_ENCRYPTION_KEY: 'm'.repeat(31) }],
    ['API_MFA_ENCRYPTION_KEY', { API_MFA_ENCRYPTION_KEY: 'j'.repeat(32) }],
    ['API_MFA_REQUIRED_ROLES', { API_MFA_REQUIRED_ROLES: 'nurse,doctor' }],
    ['API_BREAK_GLASS_MINUTES', { API_BREAK_GLASS_MINUTES: '0' }],
    ['API_BREAK_GLASS_MINUTES', { API_BREAK_GLASS_MINUTES: '1441' }],
    ['API_RECORDS_RETENTION_YEARS', { API_RECORDS_RETENTION_YEARS: '0' }],
    ['API_RECORDS_RETENTION_YEARS', { API_RECORDS_RETENTION_YEARS: 'ten' }],
    ['API_AUDIT_QUEUE_MAX', { API_AUDIT_QUEUE_MAX: '0' }],
    ['API_AUDIT_RETENTION_DAYS', { API_AUDIT_RETENTION_DAYS: 'six years' }],
    ['API_ENROLLMENT_CODE_TTL_MINUTES', { API_ENROLLMENT_CODE_TTL_MINUTES: '0' }],
    ['API_ENROLLMENT_CODE_TTL_MINUTES', { API_ENROLLMENT_CODE_TTL_MINUTES: '10081' }],
    ['API_PUBLIC_MQTT_URL', { API_PUBLIC_MQTT_URL: 'http://broker:1883' }],
    ['API_PUBLIC_MQTT_URL', { API_PUBLIC_MQTT_URL: 'mqtts://user:pw@broker:8883' }],
    ['API_FHIR_BASE_URL', { API_FHIR_BASE_URL: 'ftp://ward.example/fhir/R4' }],
    ['API_FHIR_MRN_SYSTEM', { API_FHIR_MRN_SYSTEM: 'not a uri' }],
  ])('rejects a bad %s and names it', (variable, patch) => {
    expect(issuesOf({ ...valid, ...patch })).toEqual([variable]);
  });

  it('defaults the audit queue to 10,000 entries and retention to 2190 days, and reads both', () => {
    const d = parseConfig(valid);
    expect(d.ok && [d.config.auditQueueMax, d.config.auditRetentionDays]).toEqual([10_000, 2190]);
    const r = parseConfig({ ...valid, API_AUDIT_QUEUE_MAX: '500', API_AUDIT_RETENTION_DAYS: '3650' });
    expect(r.ok && [r.config.auditQueueMax, r.config.auditRetentionDays]).toEqual([500, 3650]);
  });

  it('defaults enrolment codes to 60 minutes and no public broker URL, and reads both', () => {
    const d = parseConfig(valid);
    expect(d.ok && [d.config.enrollmentCodeTtlMinutes, d.config.publicMqttUrl]).toEqual([60, null]);
    const r = parseConfig({
      ...valid,
      API_ENROLLMENT_CODE_TTL_MINUTES: '15',
      API_PUBLIC_MQTT_URL: 'mqtts://ingest.example.org:8883/',
    });
    expect(r.ok && [r.config.enrollmentCodeTtlMinutes, r.config.publicMqttUrl]).toEqual([
      15,
      'mqtts://ingest.example.org:8883',
    ]);
  });

  it('defaults sign-in settings (12 h sessions, 15 min idle, secure cookie, lockout 5/15 min, MFA for staff)', () => {
    const d = parseConfig(valid);
    expect(d.ok && d.config).toMatchObject({
      sessionMaxHours: 12,
      idleTimeoutMinutes: 15,
      cookieSecure: true,
      loginMaxFailures: 5,
      lockoutMinutes: 15,
      loginRatePerMinute: 10,
      loginRateBurst: 20,
      mfaEncryptionKey: 'm'.repeat(32),
      mfaRequiredRoles: ['admin', 'clinician', 'nurse'],
    });
  });

  it('reads every sign-in setting; an empty API_MFA_REQUIRED_ROLES requires MFA of nobody', () => {
    const r = parseConfig({
      ...valid,
      API_SESSION_MAX_HOURS: '8',
      API_IDLE_TIMEOUT_MINUTES: '5',
      API_COOKIE_SECURE: 'false',
      API_LOGIN_MAX_FAILURES: '3',
      API_LOCKOUT_MINUTES: '30',
      API_LOGIN_RATE_PER_MINUTE: '60',
      API_LOGIN_RATE_BURST: '5',
      API_MFA_REQUIRED_ROLES: ' admin , patient ',
    });
    expect(r.ok && r.config).toMatchObject({
      sessionMaxHours: 8,
      idleTimeoutMinutes: 5,
      cookieSecure: false,
      loginMaxFailures: 3,
      lockoutMinutes: 30,
      loginRatePerMinute: 60,
      loginRateBurst: 5,
      mfaRequiredRoles: ['admin', 'patient'],
    });
    const none = parseConfig({ ...valid, API_MFA_REQUIRED_ROLES: '' });
    expect(none.ok && none.config.mfaRequiredRoles).toEqual([]);
  });

  it('reports every missing required variable at once, one line each', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.variable).sort()).toEqual(
      [
        'API_INGEST_MQTT_URL',
        'API_INGEST_URL',
        'API_JWT_SECRET',
        'API_MFA_ENCRYPTION_KEY',
        'API_SERVICE_TOKEN',
      ].sort(),
    );
    expect(formatConfigIssues(r.issues).split('\n')).toContain(
      'invalid configuration: API_JWT_SECRET is required',
    );
  });
});

describe('parseConfig: HTTP hardening (API_CORS_ORIGINS, API_RATE_LIMIT_PER_MINUTE, API_HSTS)', () => {
  it('defaults to same-origin only, 600 requests per minute and no HSTS', () => {
    const r = parseConfig(valid);
    expect(r.ok && r.config).toMatchObject({ corsOrigins: [], rateLimitPerMinute: 600, hsts: false });
  });

  it('reads a comma-separated origin list (trailing slashes dropped), a limit (0 = off) and HSTS', () => {
    const r = parseConfig({
      ...valid,
      API_CORS_ORIGINS: 'https://ward.example.org/, http://localhost:5173',
      API_RATE_LIMIT_PER_MINUTE: '0',
      API_HSTS: 'true',
    });
    expect(r.ok && r.config).toMatchObject({
      corsOrigins: ['https://ward.example.org', 'http://localhost:5173'],
      rateLimitPerMinute: 0,
      hsts: true,
    });
  });

  it.each([
    ['API_CORS_ORIGINS', 'ward.example.org'],
    ['API_CORS_ORIGINS', 'https://ward.example.org/app'],
    ['API_CORS_ORIGINS', 'ftp://ward.example.org'],
    ['API_CORS_ORIGINS', '*'],
    ['API_RATE_LIMIT_PER_MINUTE', '-5'],
    ['API_RATE_LIMIT_PER_MINUTE', 'lots'],
    ['API_HSTS', 'maybe'],
  ])('rejects %s=%s and names it', (variable, value) => {
    expect(issuesOf({ ...valid, [variable]: value })).toEqual([variable]);
  });
});

describe('parseConfig: FHIR (API_FHIR_BASE_URL, API_FHIR_MRN_SYSTEM)', () => {
  it('defaults to links from the request and the OpenWard MRN system, and reads both', () => {
    const d = parseConfig(valid);
    expect(d.ok && d.config).toMatchObject({
      fhirBaseUrl: null,
      fhirMrnSystem: 'https://openward.dev/fhir/NamingSystem/mrn',
    });
    const r = parseConfig({
      ...valid,
      API_FHIR_BASE_URL: 'https://ward.example.org/fhir/R4/',
      API_FHIR_MRN_SYSTEM: 'urn:oid:1.2.826.0.1.3680043.2.1',
    });
    expect(r.ok && r.config).toMatchObject({
      fhirBaseUrl: 'https://ward.example.org/fhir/R4',
      fhirMrnSystem: 'urn:oid:1.2.826.0.1.3680043.2.1',
    });
  });
});
