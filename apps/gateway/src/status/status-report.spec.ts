import { describe, it, expect } from '@jest/globals';
import { gatewayStatusSchema } from '@openward/contracts';
import { offlineStatus, onlineStatus } from './status-report.js';

describe('gateway status payloads', () => {
  it('builds an online heartbeat that validates against openward.gateway-status/1', () => {
    const status = onlineStatus({
      gatewayId: 'gw-test-1',
      version: '0.1.0',
      startedAtMs: Date.UTC(2026, 10, 25, 9, 0, 0),
      nowMs: Date.UTC(2026, 10, 25, 9, 1, 30, 500),
      queue: { queueDepth: 12, oldestUnsentAgeSeconds: 3.25, evicted: 4 },
      configVersion: 3,
      devices: [
        {
          address: 'c0:ff:ee:00:10:01',
          kind: 'thermometer',
          connected: true,
          lastSeenAt: '2026-11-25T09:01:30.000Z',
          missing: false,
          batteryLevel: 88,
          clock: 'ok',
          clockOffsetMs: -1200,
          info: { manufacturer: 'OpenWard Sim', model: 'OW-THERMO', serial: 'T-1', firmware: '1.0.0' },
        },
        {
          address: 'c0:ff:ee:00:10:02',
          kind: null,
          connected: false,
          lastSeenAt: null,
          missing: true,
          batteryLevel: null,
          clock: 'none',
          clockOffsetMs: null,
          info: {},
        },
      ],
    });
    expect(gatewayStatusSchema.safeParse(status).success).toBe(true);
    expect(status).toMatchObject({ state: 'online', uptimeSeconds: 90, at: '2026-11-25T09:01:30.500Z' });
  });

  it('builds the last will without a time and the shutdown status with one', () => {
    expect(offlineStatus('gw-test-1')).toEqual({
      schema: 'openward.gateway-status/1',
      state: 'offline',
      gatewayId: 'gw-test-1',
    });
    const bye = offlineStatus('gw-test-1', 0);
    expect(gatewayStatusSchema.safeParse(bye).success).toBe(true);
    expect(bye).toMatchObject({ at: '1970-01-01T00:00:00.000Z' });
  });
});
