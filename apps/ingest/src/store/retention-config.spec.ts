import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { parseRetentionConfig } from './retention-config.js';

const base = {
  INGEST_SERVICE_TOKEN: 's'.repeat(32),
  INGEST_DATA_DIR: '/tmp/x',
  INGEST_REGISTRY_FILE: '/tmp/x/registry.json',
};

describe('retention and maintenance configuration', () => {
  it('adds nothing to the config when no variable is set (defaults apply in app.ts)', () => {
    expect(parseRetentionConfig({})).toEqual({ ok: true, retention: null, maintenanceIntervalMs: null });
    const c = loadConfig(base);
    expect(c.retention).toBeUndefined();
    expect(c.maintenanceIntervalMs).toBeUndefined();
  });

  it('fills unset tiers with the defaults (raw 90, 1m 400, 1h forever)', () => {
    expect(
      loadConfig({ ...base, INGEST_RETENTION_RAW_DAYS: '30', INGEST_MAINTENANCE_INTERVAL_MS: '500' }),
    ).toMatchObject({
      retention: { rawDays: 30, minuteDays: 400, hourDays: 0 },
      maintenanceIntervalMs: 500,
    });
    expect(loadConfig({ ...base, INGEST_RETENTION_1H_DAYS: '3650' }).retention).toEqual({
      rawDays: 90,
      minuteDays: 400,
      hourDays: 3650,
    });
  });

  it.each([
    [{ INGEST_RETENTION_RAW_DAYS: 'ninety' }, 'INGEST_RETENTION_RAW_DAYS'],
    [{ INGEST_RETENTION_1M_DAYS: '-1' }, 'INGEST_RETENTION_1M_DAYS'],
    [{ INGEST_RETENTION_1H_DAYS: '36501' }, 'INGEST_RETENTION_1H_DAYS'],
    [{ INGEST_RETENTION_RAW_DAYS: '500' }, 'INGEST_RETENTION_1M_DAYS'],
    [{ INGEST_RETENTION_RAW_DAYS: '0' }, 'INGEST_RETENTION_1M_DAYS'],
    [{ INGEST_RETENTION_1H_DAYS: '100' }, 'INGEST_RETENTION_1H_DAYS'],
    [{ INGEST_MAINTENANCE_INTERVAL_MS: '99' }, 'INGEST_MAINTENANCE_INTERVAL_MS'],
    [{ INGEST_MAINTENANCE_INTERVAL_MS: '1e4' }, 'INGEST_MAINTENANCE_INTERVAL_MS'],
  ])('refuses %j naming %s', (env, variable) => {
    let err: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
  });
});
