import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { DEFAULT_AUTH_THROTTLE } from './auth-throttle.js';
import { parseMqttLimits, parseMqttTls } from './broker-config.js';
import { DEFAULT_CLIENT_RATE } from './publish-limiter.js';

const TLS = {
  INGEST_MQTT_TLS_PORT: '8883',
  INGEST_MQTT_TLS_CERT_FILE: '/etc/openward/mqtt.crt',
  INGEST_MQTT_TLS_KEY_FILE: '/etc/openward/mqtt.key',
};
const base = {
  INGEST_DATA_DIR: '/tmp/ingest',
  INGEST_REGISTRY_FILE: '/tmp/registry.json',
  INGEST_SERVICE_TOKEN: 'x'.repeat(32),
};

describe('parseMqttTls', () => {
  it('is off when no TLS variable is set', () => {
    expect(parseMqttTls({})).toEqual({ ok: true, tls: null });
  });

  it('reads the three variables, the host defaulting to INGEST_MQTT_HOST', () => {
    expect(parseMqttTls({ ...TLS, INGEST_MQTT_HOST: '0.0.0.0' })).toEqual({
      ok: true,
      tls: {
        host: '0.0.0.0',
        port: 8883,
        certFile: TLS.INGEST_MQTT_TLS_CERT_FILE,
        keyFile: TLS.INGEST_MQTT_TLS_KEY_FILE,
      },
    });
    expect(parseMqttTls({ ...TLS, INGEST_MQTT_TLS_HOST: '192.0.2.1' })).toMatchObject({
      tls: { host: '192.0.2.1' },
    });
  });

  it.each([
    [{ INGEST_MQTT_TLS_PORT: '8883' }, 'INGEST_MQTT_TLS_CERT_FILE'],
    [{ INGEST_MQTT_TLS_CERT_FILE: '/c', INGEST_MQTT_TLS_KEY_FILE: '/k' }, 'INGEST_MQTT_TLS_PORT'],
    [{ ...TLS, INGEST_MQTT_TLS_KEY_FILE: '' }, 'INGEST_MQTT_TLS_KEY_FILE'],
    [{ ...TLS, INGEST_MQTT_TLS_PORT: '99999' }, 'INGEST_MQTT_TLS_PORT'],
    [{ ...TLS, INGEST_MQTT_PORT: '8883' }, 'INGEST_MQTT_TLS_PORT'],
    [{ ...TLS, INGEST_MQTT_TLS_HOST: 'bad host' }, 'INGEST_MQTT_TLS_HOST'],
    [{ INGEST_MQTT_PORT: 'off' }, 'INGEST_MQTT_PORT'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(parseMqttTls(env)).toMatchObject({ ok: false, variable });
  });
});

describe('parseMqttLimits', () => {
  it('is null (the defaults) when nothing is set', () => {
    expect(parseMqttLimits({})).toEqual({ ok: true, limits: null });
  });

  it('fills unset values from the defaults; burst defaults to two seconds of rate', () => {
    expect(parseMqttLimits({ INGEST_CLIENT_RATE_PER_SECOND: '300' })).toEqual({
      ok: true,
      limits: {
        clientRate: { ratePerSecond: 300, burst: 600, maxDelayMs: DEFAULT_CLIENT_RATE.maxDelayMs },
        authThrottle: DEFAULT_AUTH_THROTTLE,
      },
    });
  });

  it('reads every variable', () => {
    const r = parseMqttLimits({
      INGEST_CLIENT_RATE_PER_SECOND: '50',
      INGEST_CLIENT_RATE_BURST: '7',
      INGEST_CLIENT_MAX_DELAY_MS: '3000',
      INGEST_AUTH_FAILURE_DELAY_MS: '100',
      INGEST_AUTH_MAX_DELAY_MS: '2000',
      INGEST_AUTH_WINDOW_SECONDS: '60',
      INGEST_AUTH_BLOCK_AFTER: '4',
      INGEST_AUTH_ADDRESS_BLOCK_AFTER: '40',
      INGEST_AUTH_BLOCK_SECONDS: '120',
    });
    expect(r).toEqual({
      ok: true,
      limits: {
        clientRate: { ratePerSecond: 50, burst: 7, maxDelayMs: 3000 },
        authThrottle: {
          baseDelayMs: 100,
          maxDelayMs: 2000,
          windowMs: 60_000,
          blockMs: 120_000,
          usernameBlockAfter: 4,
          addressBlockAfter: 40,
          maxEntries: DEFAULT_AUTH_THROTTLE.maxEntries,
        },
      },
    });
  });

  it('turns the publish rate limit off with "off"', () => {
    expect(parseMqttLimits({ INGEST_CLIENT_RATE_PER_SECOND: 'off' })).toMatchObject({
      ok: true,
      limits: { clientRate: null },
    });
  });

  it.each([
    [{ INGEST_CLIENT_RATE_PER_SECOND: '0' }, 'INGEST_CLIENT_RATE_PER_SECOND'],
    [{ INGEST_CLIENT_RATE_PER_SECOND: 'fast' }, 'INGEST_CLIENT_RATE_PER_SECOND'],
    [{ INGEST_CLIENT_RATE_BURST: '0' }, 'INGEST_CLIENT_RATE_BURST'],
    [{ INGEST_CLIENT_MAX_DELAY_MS: '60000' }, 'INGEST_CLIENT_MAX_DELAY_MS'],
    [{ INGEST_AUTH_FAILURE_DELAY_MS: '500', INGEST_AUTH_MAX_DELAY_MS: '100' }, 'INGEST_AUTH_MAX_DELAY_MS'],
    [{ INGEST_AUTH_BLOCK_AFTER: '0' }, 'INGEST_AUTH_BLOCK_AFTER'],
    [{ INGEST_AUTH_BLOCK_SECONDS: '0' }, 'INGEST_AUTH_BLOCK_SECONDS'],
    [{ INGEST_AUTH_WINDOW_SECONDS: '-1' }, 'INGEST_AUTH_WINDOW_SECONDS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(parseMqttLimits(env)).toMatchObject({ ok: false, variable });
  });
});

describe('loadConfig with the hardening variables', () => {
  it('adds nothing when none is set', () => {
    const c = loadConfig(base);
    expect(c.mqttTls).toBeUndefined();
    expect(c.mqttLimits).toBeUndefined();
    expect(c.mqttPort).toBe(1883);
  });

  it('accepts INGEST_MQTT_PORT=off with a TLS listener', () => {
    const c = loadConfig({ ...base, ...TLS, INGEST_MQTT_PORT: 'off' });
    expect(c.mqttPort).toBe('off');
    expect(c.mqttTls?.port).toBe(8883);
  });

  it('stops on INGEST_MQTT_PORT=off without TLS, naming the variable', () => {
    expect(() => loadConfig({ ...base, INGEST_MQTT_PORT: 'off' })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, INGEST_MQTT_PORT: 'off' });
    } catch (e) {
      expect((e as ConfigError).variable).toBe('INGEST_MQTT_PORT');
    }
  });
});
