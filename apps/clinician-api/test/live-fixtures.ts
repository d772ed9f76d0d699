import { readingId, type LiveReading } from '@openward/contracts';

/** A LiveReading as ingest publishes it after storing a heart-rate notification. */
export function liveReadingFactory(
  patientId: string,
  bpm: number,
  at = '2026-11-25T08:40:00.000Z',
): LiveReading {
  const ms = Date.parse(at);
  return {
    schema: 'openward.live-reading/1',
    patientId,
    storedAt: new Date(ms + 40).toISOString(),
    reading: {
      schema: 'openward.reading/1',
      id: readingId('gw-demo-home-1', 'c0:ff:ee:00:10:01', '2A37', ms),
      gatewayId: 'gw-demo-home-1',
      device: { address: 'c0:ff:ee:00:10:01', name: 'OW-HRM 1001' },
      characteristic: '2A37',
      measuredAt: at,
      receivedAt: at,
      clockOffsetMs: null,
      sequence: 7,
      raw: '10' + bpm.toString(16).padStart(2, '0') + '0004',
      measurements: [
        { metric: 'heart-rate', value: bpm, unit: '/min' },
        { metric: 'rr-interval', value: 1000, unit: 'ms' },
      ],
      decoded: { heartRate: bpm, rrIntervals: [1024] },
    },
  };
}

export const encodeJson = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
