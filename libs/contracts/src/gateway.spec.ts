import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  gatewayConfigSchema,
  gatewayStatusSchema,
  isUnitOf,
  parseJsonWith,
  parseReading,
  type ReadingV1,
} from './index.js';

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));

describe('gateway status and config', () => {
  const online = {
    schema: 'openward.gateway-status/1',
    state: 'online',
    gatewayId: 'gw-demo-home-1',
    version: '0.1.0',
    startedAt: '2026-11-25T08:00:00.000Z',
    at: '2026-11-25T09:00:00.000Z',
    uptimeSeconds: 3600,
    queueDepth: 0,
    oldestUnsentAgeSeconds: 0,
    evicted: 0,
    configVersion: 3,
    devices: [
      {
        address: 'c0:ff:ee:00:10:01',
        kind: 'heart-rate-strap',
        connected: true,
        lastSeenAt: '2026-11-25T08:59:59.000Z',
        missing: false,
        batteryLevel: 87,
        clock: 'none',
        clockOffsetMs: null,
        info: { manufacturer: 'OpenWard Sim', model: 'HRM-1' },
      },
    ],
  };
  it('accepts an online heartbeat and a minimal offline last will', () => {
    expect(parseJsonWith(gatewayStatusSchema, enc(online)).ok).toBe(true);
    expect(
      parseJsonWith(
        gatewayStatusSchema,
        enc({ schema: 'openward.gateway-status/1', state: 'offline', gatewayId: 'gw-demo-home-1' }),
      ).ok,
    ).toBe(true);
  });
  it('rejects a battery level above 100 % and unknown fields', () => {
    const bad = { ...online, devices: [{ ...online.devices[0], batteryLevel: 101 }] };
    expect(parseJsonWith(gatewayStatusSchema, enc(bad)).ok).toBe(false);
    expect(parseJsonWith(gatewayStatusSchema, enc({ ...online, extra: 1 })).ok).toBe(false);
  });
  it('validates a config allow-list and its bounds', () => {
    const cfg = {
      schema: 'openward.gateway-config/1',
      version: 4,
      gatewayId: 'gw-demo-home-1',
      devices: [{ address: 'c0:ff:ee:00:20:01', kind: 'glucose-meter', pollIntervalSeconds: 900 }],
      replayRatePerSecond: 200,
    };
    expect(parseJsonWith(gatewayConfigSchema, enc(cfg))).toEqual({ ok: true, value: cfg });
    expect(parseJsonWith(gatewayConfigSchema, enc({ ...cfg, replayRatePerSecond: 0 })).ok).toBe(false);
    expect(
      parseJsonWith(
        gatewayConfigSchema,
        enc({ ...cfg, devices: [{ address: 'nope', kind: 'glucose-meter' }] }),
      ).ok,
    ).toBe(false);
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(parseJsonWith(gatewayConfigSchema, b).ok).toBe(false);
        expect(parseJsonWith(gatewayStatusSchema, b).ok).toBe(false);
      }),
    );
  });
});

describe('units', () => {
  it('accepts the alternative UCUM units a device may report and nothing else', () => {
    expect(isUnitOf('bp-systolic', 'kPa')).toBe(true);
    expect(isUnitOf('body-temperature', '[degF]')).toBe(true);
    expect(isUnitOf('glucose', 'mg/dL')).toBe(true);
    expect(isUnitOf('body-weight', '[lb_av]')).toBe(true);
    expect(isUnitOf('heart-rate', 'bpm')).toBe(false);
    expect(isUnitOf('glucose', 'mg/dl')).toBe(false); // UCUM is case-sensitive
  });
  it('carries device clock, record sequence and intermediate flags on a reading', () => {
    const r: ReadingV1 = {
      schema: 'openward.reading/1',
      id: 'gw-demo-home-1:c0:ff:ee:00:20:01:2A18:seq-42',
      gatewayId: 'gw-demo-home-1',
      device: { address: 'c0:ff:ee:00:20:01' },
      characteristic: '2A18',
      measuredAt: '2026-11-25T07:00:00.000Z',
      receivedAt: '2026-11-25T09:00:00.000Z',
      clockOffsetMs: -1200,
      clock: { source: 'device', status: 'ok' },
      deviceSequence: 42,
      sequence: 3,
      raw: '00',
      measurements: [{ metric: 'glucose', value: 112, unit: 'mg/dL' }],
      decoded: {},
    };
    expect(parseReading(enc(r))).toEqual({ ok: true, value: r });
  });
});
