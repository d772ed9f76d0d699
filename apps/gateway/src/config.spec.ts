import { describe, it, expect } from '@jest/globals';
import { parseConfig } from './config.js';

const base = {
  GATEWAY_ID: 'gw-demo-home-1',
  GATEWAY_SECRET: 's3cret',
  GATEWAY_SIM_RADIO: '127.0.0.1:4100',
  GATEWAY_DATA_DIR: '/tmp/gw',
};

function failure(env: Record<string, string | undefined>): { variable: string; message: string } {
  const r = parseConfig(env);
  if (r.ok) throw new Error('expected a config error');
  return r;
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const r = parseConfig(base);
    expect(r).toEqual({
      ok: true,
      config: {
        gatewayId: 'gw-demo-home-1',
        gatewaySecret: 's3cret',
        mqttUrl: 'mqtt://127.0.0.1:1883',
        bleBinding: 'sim',
        simRadio: { host: '127.0.0.1', port: 4100 },
        dataDir: '/tmp/gw',
        httpHost: '127.0.0.1',
        httpPort: 0,
        allowedDevices: [],
        logLevel: 'info',
        notSeenAfterSeconds: 600,
        statusIntervalSeconds: 60,
        bleMaxAttempts: 6,
        bleCooldownSeconds: 300,
        journalMaxBytes: 512 * 1024 * 1024,
        replayRatePerSecond: 200,
        mqttTls: {},
      },
    });
  });

  it('parses supervision, status and journal settings', () => {
    const r = parseConfig({
      ...base,
      GATEWAY_NOT_SEEN_AFTER_SECONDS: '30',
      GATEWAY_STATUS_INTERVAL_SECONDS: '5',
      GATEWAY_BLE_MAX_ATTEMPTS: '3',
      GATEWAY_BLE_COOLDOWN_SECONDS: '120',
      GATEWAY_JOURNAL_MAX_BYTES: '1048576',
      GATEWAY_REPLAY_RATE: '50',
      GATEWAY_MQTT_CA_FILE: '/etc/openward/ca.pem',
    });
    expect(r.ok && r.config).toMatchObject({
      notSeenAfterSeconds: 30,
      statusIntervalSeconds: 5,
      bleMaxAttempts: 3,
      bleCooldownSeconds: 120,
      journalMaxBytes: 1048576,
      replayRatePerSecond: 50,
      mqttTls: { caFile: '/etc/openward/ca.pem' },
    });
  });

  it('names the variable of an out-of-range integer or a lone TLS cert', () => {
    expect(failure({ ...base, GATEWAY_NOT_SEEN_AFTER_SECONDS: '0' }).variable).toBe(
      'GATEWAY_NOT_SEEN_AFTER_SECONDS',
    );
    expect(failure({ ...base, GATEWAY_STATUS_INTERVAL_SECONDS: 'often' }).variable).toBe(
      'GATEWAY_STATUS_INTERVAL_SECONDS',
    );
    expect(failure({ ...base, GATEWAY_MQTT_CERT_FILE: '/c.pem' }).variable).toBe('GATEWAY_MQTT_KEY_FILE');
  });

  it('parses the allow-list, lowercased and de-duplicated', () => {
    const r = parseConfig({
      ...base,
      GATEWAY_ALLOWED_DEVICES: 'C0:FF:EE:00:10:01, c0:ff:ee:00:10:02,c0:ff:ee:00:10:01',
    });
    expect(r.ok && r.config.allowedDevices).toEqual(['c0:ff:ee:00:10:01', 'c0:ff:ee:00:10:02']);
  });

  it('does not need GATEWAY_SIM_RADIO for the hci binding', () => {
    const r = parseConfig({ ...base, GATEWAY_SIM_RADIO: undefined, GATEWAY_BLE_BINDING: 'hci' });
    expect(r.ok && r.config.simRadio).toBeNull();
    expect(r.ok && r.config.bleBinding).toBe('hci');
  });

  it.each([
    [{ GATEWAY_ID: undefined }, 'GATEWAY_ID'],
    [{ GATEWAY_ID: 'GW_Upper' }, 'GATEWAY_ID'],
    [{ GATEWAY_ID: 'gw/evil/#' }, 'GATEWAY_ID'],
    [{ GATEWAY_SECRET: '' }, 'GATEWAY_SECRET'],
    [{ GATEWAY_MQTT_URL: 'not a url' }, 'GATEWAY_MQTT_URL'],
    [{ GATEWAY_MQTT_URL: 'http://127.0.0.1:1883' }, 'GATEWAY_MQTT_URL'],
    [{ GATEWAY_MQTT_URL: 'mqtt://gw:pw@127.0.0.1:1883' }, 'GATEWAY_MQTT_URL'],
    [{ GATEWAY_BLE_BINDING: 'usb' }, 'GATEWAY_BLE_BINDING'],
    [{ GATEWAY_SIM_RADIO: undefined }, 'GATEWAY_SIM_RADIO'],
    [{ GATEWAY_SIM_RADIO: '127.0.0.1' }, 'GATEWAY_SIM_RADIO'],
    [{ GATEWAY_SIM_RADIO: '127.0.0.1:0' }, 'GATEWAY_SIM_RADIO'],
    [{ GATEWAY_DATA_DIR: '  ' }, 'GATEWAY_DATA_DIR'],
    [{ GATEWAY_HTTP_PORT: '70000' }, 'GATEWAY_HTTP_PORT'],
    [{ GATEWAY_HTTP_PORT: '-1' }, 'GATEWAY_HTTP_PORT'],
    [{ GATEWAY_ALLOWED_DEVICES: 'c0:ff:ee:00:10' }, 'GATEWAY_ALLOWED_DEVICES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %j naming %s', (override, variable) => {
    const f = failure({ ...base, ...override });
    expect(f.variable).toBe(variable);
    expect(f.message.length).toBeGreaterThan(0);
  });
});
