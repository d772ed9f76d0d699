import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError, loadConfig } from '../config.js';
import { DEFAULT_EXTERNAL_SESSIONS, MAX_EXTERNAL_SESSIONS, parseBrokerMode } from './external-config.js';
import { PUBACK, rejectReasonCode } from './reason-codes.js';
import { sessionClientId, sharedReadingsFilter } from './consumer.js';

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
        sessions: DEFAULT_EXTERNAL_SESSIONS,
      },
    });
    expect(DEFAULT_EXTERNAL_SESSIONS).toBe(16);
  });

  it.each([
    ['1', 1],
    ['4', 4],
    ['16', 16],
    [String(MAX_EXTERNAL_SESSIONS), MAX_EXTERNAL_SESSIONS],
    ['', DEFAULT_EXTERNAL_SESSIONS],
  ])('INGEST_EXTERNAL_SESSIONS=%j gives %i sessions', (raw, sessions) => {
    const env = { ...base, INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1', INGEST_EXTERNAL_SESSIONS: raw };
    expect(loadConfig(env).external?.sessions).toBe(sessions);
  });

  it('INGEST_EXTERNAL_SESSIONS: any string gives a session count in range or a problem naming it (property)', () => {
    const raw = fc.oneof(
      fc.string(),
      fc.integer({ min: -10, max: 1000 }).map(String),
      fc.constantFrom('0', '00', '016', ' 1', '1\n', '+4', '0x10'),
    );
    fc.assert(
      fc.property(raw, (v) => {
        const r = parseBrokerMode({
          INGEST_MODE: 'external',
          INGEST_REPLICA_ID: 'r1',
          INGEST_EXTERNAL_SESSIONS: v,
        });
        if (r.ok) {
          const n = r.external?.sessions ?? -1;
          expect(Number.isInteger(n) && n >= 1 && n <= MAX_EXTERNAL_SESSIONS).toBe(true);
          expect(v === '' ? DEFAULT_EXTERNAL_SESSIONS : Number(v)).toBe(n);
          expect(/^\d*$/.test(v)).toBe(true);
        } else {
          expect(r.variable).toBe('INGEST_EXTERNAL_SESSIONS');
        }
      }),
    );
  });

  it('ignores INGEST_EXTERNAL_SESSIONS in embedded mode', () => {
    expect(loadConfig({ ...base, INGEST_EXTERNAL_SESSIONS: 'lots' })).not.toHaveProperty('external');
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
    ...['0', '257', '-1', '1.5', '16 ', 'sixteen', '1e3', '99999999999999999999'].map(
      (v) =>
        [
          { INGEST_MODE: 'external', INGEST_REPLICA_ID: 'r1', INGEST_EXTERNAL_SESSIONS: v },
          'INGEST_EXTERNAL_SESSIONS',
        ] as const,
    ),
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

  it('names the sessions of a replica -s1 … -sN, stable and distinct from every other replica id', () => {
    expect(sessionClientId('ingest-r1', 1)).toBe('ingest-r1-s1');
    expect(sessionClientId('ingest-r1', 16)).toBe('ingest-r1-s16');
    // Replica "r1-s1" cannot take a session of replica "r1": the suffix after the last -s is an integer.
    const ids = (replica: string) =>
      Array.from({ length: 16 }, (_, i) => sessionClientId(`ingest-${replica}`, i + 1));
    const a = new Set(ids('r1'));
    expect(ids('r1-s1').filter((id) => a.has(id))).toEqual([]);
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
    ['OUT_OF_RANGE', 0x99],
  ] as const)('%s → %i', (code, rc) => {
    expect(rejectReasonCode(code)).toBe(rc);
  });
});
