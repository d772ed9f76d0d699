/** Stored points for the FHIR and export integration tests, as ingest's readings API returns them. */
import type { ExportPoint, Metric } from '@openward/contracts';
import { DEMO_GATEWAY_ID } from '@openward/testing';

export const DAY_MS = 24 * 3600_000;
/** 2026-01-10T08:00:00Z, a fixed day in the past. */
export const T0 = Date.parse('2026-01-10T08:00:00.000Z');

const UNITS: Partial<Record<Metric, string>> = { 'pulse-rate': '/min', 'heart-rate': '/min', spo2: '%' };

/** One reading (a BLE notification) of `metrics`, measured at `atMs` by the device at `address`. */
export function reading(
  address: string,
  characteristic: string,
  atMs: number,
  values: readonly [Metric, number][],
): ExportPoint[] {
  const at = new Date(atMs).toISOString();
  const id = `${DEMO_GATEWAY_ID}:${address}:${characteristic}:${atMs}`;
  return values.map(([metric, value], idx) => ({
    readingId: id,
    idx,
    metric,
    value,
    unit: UNITS[metric] ?? (metric.startsWith('bp-') ? 'mm[Hg]' : metric === 'battery-level' ? '%' : '/min'),
    measuredAt: at,
    receivedAt: at,
    storedAt: new Date(atMs + 50).toISOString(),
    gatewayId: DEMO_GATEWAY_ID,
    deviceAddress: address,
    characteristic,
  }));
}

/**
 * Ada (p-1001) over two days: a blood-pressure reading (systolic, diastolic, mean, pulse) every 6 hours, a
 * heart-rate reading every hour, and one battery level of her strap. 8 BP readings → 16 Observations, 48
 * heart-rate Observations, 1 device-status Observation.
 */
export function adaHistory(): ExportPoint[] {
  const out: ExportPoint[] = [];
  for (let h = 0; h < 48; h++) {
    const t = T0 + h * 3600_000;
    out.push(...reading('c0:ff:ee:00:10:01', '2A37', t + 1000, [['heart-rate', 60 + (h % 20)]]));
    if (h % 6 === 0) {
      out.push(
        ...reading('c0:ff:ee:00:10:05', '2A35', t, [
          ['bp-systolic', 120 + h],
          ['bp-diastolic', 80],
          ['bp-mean', 93],
          ['pulse-rate', 70],
        ]),
      );
    }
  }
  out.push(...reading('c0:ff:ee:00:10:01', '2A19', T0 + 5 * 60_000, [['battery-level', 88]]));
  return out;
}
