import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { parseBrokerMode } from './external-config.js';
import { PUBACK, rejectReasonCode } from './reason-codes.js';
import { sharedReadingsFilter } from './consumer.js';

const base = {
  INGEST_DATA_DIR: '/tmp/x',
  INGEST_REGISTRY_FILE: '/tmp/r.json',
  INGEST_SERVICE_TOKEN: 'x'.repeat(32),
};

describe('broker mode configuration', () => {
  it('defaults to embedded and adds no external settings', () => {
    expect(parseBrokerMode({})).toEqual({ ok: true, mode: 'embedded', external: null });
    expect(loadConfig(base)).not.toHaveProperty('external');
  });

  it('fills external defaults and derives nothing from the process', () => {
    expect(loadConfig({ ...base, INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1' })).toMatchObject({
      mode: 'external',
      external: {
        url: 'mqtt://127.0.0.1:1883',
        username: 'svc.ingest',
        shareGroup: 'ingest',
        replicaId: 'r1',
      },
    });
  });

  it.each([
    [{ INGEST_MODE: 'cluster' }, 'INGEST_MODE'],
    [{ INGEST_MODE: 'external' }, 'INGEST_REPLICA_ID'],
    [{ INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r/1' }, 'INGEST_REPLICA_ID'],
    [
      { INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1', INGEST_BROKER_URL: 'http://x:1' },
      'INGEST_BROKER_URL',
    ],
    [
      { INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1', INGEST_BROKER_USERNAME: 'svc:ingest' },
      'INGEST_BROKER_USERNAME',
    ],
    [{ INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1', INGEST_SHARE_GROUP: 'a/b' }, 'INGEST_SHARE_GROUP'],
  ])('rejects %j naming %s', (env, variable) => {
    let err: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
  });

  it('builds the shared subscription filter', () => {
    expect(sharedReadingsFilter('ingest')).toBe('$share/ingest/openward/v1/gw/+/readings');
  });
});

describe('PUBACK reason codes for dead-lettered readings', () => {
  it.each([
    ['OVERSIZE', PUBACK.PAYLOAD_FORMAT_INVALID],
    ['NOT_UTF8_JSON', 0x99],
    ['SCHEMA', 0x99],
    ['GATEWAY_MISMATCH', 0x87],
    ['UNKNOWN_DEVICE', 0x87],
    ['FUTURE_TIMESTAMP', 0x80],
  ] as const)('%s → %i', (code, rc) => {
    expect(rejectReasonCode(code)).toBe(rc);
  });
});
