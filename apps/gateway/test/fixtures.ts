import { readingId, type ReadingV1 } from '@openward/contracts';

/** A valid heart-rate reading for journal/publisher tests; `n` varies time, sequence and heart rate. */
export function makeReading(
  n: number,
  { address = 'c0:ff:ee:00:10:01', gatewayId = 'gw-test-1' }: { address?: string; gatewayId?: string } = {},
): ReadingV1 {
  const at = 1_767_225_600_000 + n * 1000;
  const iso = new Date(at).toISOString();
  const hr = 60 + (n % 60);
  return {
    schema: 'openward.reading/1',
    id: readingId(gatewayId, address, '2A37', at),
    gatewayId,
    device: { address, name: 'OW-HRM test' },
    characteristic: '2A37',
    measuredAt: iso,
    receivedAt: iso,
    clockOffsetMs: null,
    sequence: n,
    raw: `00${hr.toString(16).padStart(2, '0')}`,
    measurements: [{ metric: 'heart-rate', value: hr, unit: '/min' }],
    decoded: { heartRate: hr, rrIntervalsMs: [] },
  };
}
