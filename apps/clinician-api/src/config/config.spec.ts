import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SCRYPT } from '@openward/credentials';
import { formatConfigIssues, parseConfig } from './config.js';

const valid = {
  API_JWT_SECRET: 'j'.repeat(32),
  API_SERVICE_TOKEN: 's'.repeat(32),
  API_INGEST_URL: 'http://127.0.0.1:8081/',
  API_INGEST_MQTT_URL: 'mqtt://127.0.0.1:1883',
  API_DATA_DIR: '/tmp/ow-api',
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
  ])('rejects a bad %s and names it', (variable, patch) => {
    expect(issuesOf({ ...valid, ...patch })).toEqual([variable]);
  });

  it('reports every missing required variable at once, one line each', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.variable).sort()).toEqual(
      ['API_INGEST_MQTT_URL', 'API_INGEST_URL', 'API_JWT_SECRET', 'API_SERVICE_TOKEN'].sort(),
    );
    expect(formatConfigIssues(r.issues).split('\n')).toContain(
      'invalid configuration: API_JWT_SECRET is required',
    );
  });
});
