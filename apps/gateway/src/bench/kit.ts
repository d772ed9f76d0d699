import { readingId, type ReadingV1 } from '@openward/contracts';

/**
 * Readings for the benchmarks: a heart-rate strap (1 Hz, RR interval) and a continuous pulse oximeter
 * (1 Hz), alternating — the two continuous streams that make up ~99.9 % of a full kit's 24 h volume.
 * ~0.5 kB each, as on the wire.
 */
export function benchReadings(gatewayId: string, count: number, startMs = 1_767_225_600_000): ReadingV1[] {
  const out: ReadingV1[] = [];
  for (let n = 0; n < count; n++) {
    const strap = n % 2 === 0;
    const address = strap ? 'c0:ff:ee:00:60:01' : 'c0:ff:ee:00:60:02';
    const characteristic = strap ? '2A37' : '2A5F';
    const at = startMs + Math.floor(n / 2) * 1000;
    const iso = new Date(at).toISOString();
    const hr = 62 + (n % 23);
    out.push({
      schema: 'openward.reading/1',
      id: readingId(gatewayId, address, characteristic, at),
      gatewayId,
      device: { address, name: strap ? 'OW-HRM 6001' : 'OW-PLX 6002' },
      characteristic,
      measuredAt: iso,
      receivedAt: iso,
      clockOffsetMs: null,
      sequence: Math.floor(n / 2),
      raw: strap ? `10${hr.toString(16)}0003` : `00${(950 + (n % 40)).toString(16)}0048`,
      measurements: strap
        ? [
            { metric: 'heart-rate', value: hr, unit: '/min' },
            { metric: 'rr-interval', value: Math.round(60_000 / hr), unit: 'ms' },
          ]
        : [
            { metric: 'spo2', value: 95 + (n % 4), unit: '%' },
            { metric: 'pulse-rate', value: hr, unit: '/min' },
          ],
      decoded: strap
        ? { heartRate: hr, rrIntervalsMs: [Math.round(60_000 / hr)] }
        : { spo2: 95 + (n % 4), pulseRate: hr },
    });
  }
  return out;
}

/** Where the benchmark report lives (repo root docs/), from dist/bench/*.js. */
export const BENCH_FILE = new URL('../../../../docs/benchmarks.md', import.meta.url).pathname;
