import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';

const base = {
  INGEST_DATA_DIR: '/tmp/ingest',
  INGEST_REGISTRY_FILE: '/tmp/registry.json',
  INGEST_SERVICE_TOKEN: 'x'.repeat(32),
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ ...base, ...env });
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: store selection (INGEST_STORE, INGEST_INFLUX_*)', () => {
  it('defaults to DuckDB and adds nothing to the config', () => {
    const c = loadConfig(base);
    expect(c.store).toBeUndefined();
    expect(c.influx).toBeUndefined();
    expect(loadConfig({ ...base, INGEST_STORE: 'duckdb' })).toEqual(c);
  });

  it('selects InfluxDB with the documented defaults', () => {
    expect(loadConfig({ ...base, INGEST_STORE: 'influx' })).toMatchObject({
      store: 'influx',
      influx: { url: 'http://127.0.0.1:8086', database: 'openward' },
    });
  });

  it('reads the InfluxDB URL and database', () => {
    expect(
      loadConfig({
        ...base,
        INGEST_STORE: 'influx',
        INGEST_INFLUX_URL: 'https://influx.example:8181/',
        INGEST_INFLUX_DB: 'ward_7',
      }),
    ).toMatchObject({ influx: { url: 'https://influx.example:8181', database: 'ward_7' } });
  });

  it('reads InfluxDB credentials given together', () => {
    const c = loadConfig({
      ...base,
      INGEST_STORE: 'influx',
      INGEST_INFLUX_USERNAME: 'openward_ingest',
      INGEST_INFLUX_PASSWORD: 'p:w d',
    });
    expect(c.influx).toEqual({
      url: 'http://127.0.0.1:8086',
      database: 'openward',
      username: 'openward_ingest',
      password: 'p:w d',
    });
  });

  it.each([
    [{ INGEST_STORE: 'influx', INGEST_INFLUX_USERNAME: 'u' }, 'INGEST_INFLUX_PASSWORD'],
    [{ INGEST_STORE: 'influx', INGEST_INFLUX_PASSWORD: 'p' }, 'INGEST_INFLUX_USERNAME'],
    [
      { INGEST_STORE: 'influx', INGEST_INFLUX_USERNAME: 'a:b', INGEST_INFLUX_PASSWORD: 'p' },
      'INGEST_INFLUX_USERNAME',
    ],
  ])('rejects incomplete or unusable credentials %o naming %s', (over, variable) => {
    expect(errorOf(over).variable).toBe(variable);
  });

  it.each([
    [{ INGEST_STORE: 'sqlite' }, 'INGEST_STORE', 'INGEST_STORE: must be one of duckdb, influx'],
    [
      { INGEST_STORE: 'influx', INGEST_INFLUX_URL: 'not a url' },
      'INGEST_INFLUX_URL',
      'INGEST_INFLUX_URL: is not a URL: "not a url"',
    ],
    [
      { INGEST_STORE: 'influx', INGEST_INFLUX_URL: 'ftp://h:1' },
      'INGEST_INFLUX_URL',
      'INGEST_INFLUX_URL: must be an http:// or https:// URL',
    ],
    [
      { INGEST_STORE: 'influx', INGEST_INFLUX_URL: 'http://u:p@h:8086' },
      'INGEST_INFLUX_URL',
      'INGEST_INFLUX_URL: must not carry credentials, a query or a fragment',
    ],
    [
      { INGEST_STORE: 'influx', INGEST_INFLUX_DB: 'a"; DROP DATABASE x' },
      'INGEST_INFLUX_DB',
      'INGEST_INFLUX_DB: must be 1-64 letters, digits, "_" or "-", got "a"; DROP DATABASE x"',
    ],
  ])('rejects %o naming %s', (over, variable, message) => {
    const err = errorOf(over);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.variable).toBe(variable);
    expect(err.message).toBe(message);
  });
});
