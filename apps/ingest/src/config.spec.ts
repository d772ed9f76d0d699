import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const base = {
  INGEST_DATA_DIR: '/tmp/ingest',
  INGEST_REGISTRY_FILE: '/tmp/registry.json',
  INGEST_SERVICE_TOKEN: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(base)).toEqual({
      mqttHost: '127.0.0.1',
      mqttPort: 1883,
      httpHost: '127.0.0.1',
      httpPort: 0,
      dataDir: '/tmp/ingest',
      registryFile: '/tmp/registry.json',
      serviceToken: 'x'.repeat(32),
      logLevel: 'info',
      batchMaxWaitMs: 0,
      batchMaxPoints: 1000,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      ...base,
      INGEST_MQTT_HOST: '0.0.0.0',
      INGEST_MQTT_PORT: '0',
      INGEST_HTTP_HOST: 'localhost',
      INGEST_HTTP_PORT: '8081',
      LOG_LEVEL: 'debug',
      INGEST_BATCH_MAX_WAIT_MS: '3',
      INGEST_BATCH_MAX_POINTS: '50',
    });
    expect(c).toMatchObject({
      mqttHost: '0.0.0.0',
      mqttPort: 0,
      httpHost: 'localhost',
      httpPort: 8081,
      logLevel: 'debug',
      batchMaxWaitMs: 3,
      batchMaxPoints: 50,
    });
  });

  it.each([
    [{ INGEST_DATA_DIR: '' }, 'INGEST_DATA_DIR', 'INGEST_DATA_DIR: is required'],
    [
      { INGEST_REGISTRY_FILE: undefined },
      'INGEST_REGISTRY_FILE',
      'INGEST_REGISTRY_FILE: is required (or INGEST_REGISTRY_URL with INGEST_REGISTRY_TOKEN)',
    ],
    [
      { INGEST_SERVICE_TOKEN: 'short' },
      'INGEST_SERVICE_TOKEN',
      'INGEST_SERVICE_TOKEN: must be at least 32 characters',
    ],
    [
      { INGEST_MQTT_PORT: '70000' },
      'INGEST_MQTT_PORT',
      'INGEST_MQTT_PORT: must be between 0 and 65535, got 70000',
    ],
    [{ INGEST_HTTP_PORT: '80a' }, 'INGEST_HTTP_PORT', 'INGEST_HTTP_PORT: must be an integer, got "80a"'],
    [
      { INGEST_MQTT_HOST: 'bad host' },
      'INGEST_MQTT_HOST',
      'INGEST_MQTT_HOST: is not a host name or address: "bad host"',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      { INGEST_BATCH_MAX_POINTS: '0' },
      'INGEST_BATCH_MAX_POINTS',
      'INGEST_BATCH_MAX_POINTS: must be between 1 and 100000, got 0',
    ],
  ])('rejects %o naming %s', (over, variable, message) => {
    let err: unknown;
    try {
      loadConfig({ ...base, ...over });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as ConfigError).message).toBe(message);
  });
});
