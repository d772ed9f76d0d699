import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  encodeReading,
  parseGatewayTopic,
  parseLivePatientTopic,
  parseReading,
  patientAt,
  readingId,
  topics,
  MAX_READING_BYTES,
  type ReadingV1,
  type RegistrySnapshot,
} from './index.js';

const good: ReadingV1 = {
  schema: 'openward.reading/1',
  id: readingId('gw-demo-home-1', 'c0:ff:ee:00:10:01', '2a37', 1764060000000),
  gatewayId: 'gw-demo-home-1',
  device: { address: 'c0:ff:ee:00:10:01', name: 'OW-HRM 1001' },
  characteristic: '2A37',
  measuredAt: '2026-11-25T08:40:00.000Z',
  receivedAt: '2026-11-25T08:40:00.000Z',
  clockOffsetMs: null,
  sequence: 7,
  raw: '0048',
  measurements: [{ metric: 'heart-rate', value: 72, unit: '/min' }],
  decoded: { heartRate: 72 },
};
const bytes = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));

describe('topics', () => {
  it('builds and parses gateway topics round trip', () => {
    expect(topics.readings('gw-demo-home-1')).toBe('openward/v1/gw/gw-demo-home-1/readings');
    expect(parseGatewayTopic(topics.status('gw-a1'))).toEqual({ gatewayId: 'gw-a1', kind: 'status' });
    expect(parseLivePatientTopic(topics.liveReadings('p-1001'))).toBe('p-1001');
  });
  it('rejects topics outside the scheme, wildcards and bad ids', () => {
    for (const t of [
      'openward/v1/gw/+/readings',
      'openward/v2/gw/gw-a1/readings',
      'openward/v1/gw/GW/readings',
      'openward/v1/gw/gw-a1/readings/x',
      'openward/v1/gw/gw-a1/other',
      '',
      'openward/v1/live/patients/#/readings',
    ]) {
      expect(parseGatewayTopic(t)).toBeNull();
      expect(parseLivePatientTopic(t)).toBeNull();
    }
  });
});

describe('parseReading', () => {
  it('accepts a valid reading and encodeReading round-trips it', () => {
    const r = parseReading(encodeReading(good));
    expect(r).toEqual({ ok: true, value: good });
  });
  it.each([
    ['NOT_UTF8_JSON', new Uint8Array([0xff, 0xfe, 0x00])],
    ['NOT_UTF8_JSON', new TextEncoder().encode('{"schema":')],
    ['SCHEMA', bytes({ ...good, sequence: -1 })],
    ['SCHEMA', bytes({ ...good, measurements: [{ metric: 'heart-rate', value: 72, unit: 'bpm' }] })],
    ['SCHEMA', bytes({ ...good, measurements: [] })],
    ['SCHEMA', bytes({ ...good, extra: true })],
    ['SCHEMA', bytes({ ...good, measuredAt: '2026-11-25 08:40' })],
    ['SCHEMA', bytes({ ...good, raw: 'XYZ' })],
    ['SCHEMA', bytes([good])],
    ['OVERSIZE', new Uint8Array(MAX_READING_BYTES + 1)],
  ])('rejects with code %s', (code, payload) => {
    const r = parseReading(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(parseReading(b).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => typeof parseReading(bytes(v)).ok === 'boolean'),
      { numRuns: 2000 },
    );
  });
});

describe('patientAt', () => {
  const snap: RegistrySnapshot = {
    schema: 'openward.registry/1',
    version: 1,
    generatedAt: '2026-11-25T00:00:00.000Z',
    gateways: [],
    devices: [],
    assignments: [
      {
        deviceAddress: 'c0:ff:ee:00:10:01',
        patientId: 'p-1',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-06-01T00:00:00.000Z',
      },
      { deviceAddress: 'c0:ff:ee:00:10:01', patientId: 'p-2', from: '2026-06-01T00:00:00.000Z', to: null },
    ],
  };
  it('attributes by the assignment in force at measuredAt, end exclusive', () => {
    expect(patientAt(snap, 'c0:ff:ee:00:10:01', Date.parse('2025-12-31T23:59:59.999Z'))).toBeNull();
    expect(patientAt(snap, 'c0:ff:ee:00:10:01', Date.parse('2026-03-01T00:00:00.000Z'))).toBe('p-1');
    expect(patientAt(snap, 'c0:ff:ee:00:10:01', Date.parse('2026-06-01T00:00:00.000Z'))).toBe('p-2');
    expect(patientAt(snap, 'c0:ff:ee:00:10:02', Date.parse('2026-06-01T00:00:00.000Z'))).toBeNull();
  });
});
