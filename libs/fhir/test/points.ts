/** Test data: stored measurements (ingest export points) of every metric, as the simulator's kit produces. */
import { METRIC_NAMES, METRICS, type ExportPoint, type Metric } from '@openward/contracts';

export const GATEWAY = 'gw-demo-home-1';
export const PATIENT = 'p-1001';

/** The GATT characteristic each metric comes from. */
export const CHARACTERISTIC: Readonly<Record<Metric, string>> = {
  'heart-rate': '2A37',
  'rr-interval': '2A37',
  'energy-expended': '2A37',
  spo2: '2A5E',
  'pulse-rate': '2A5E',
  'pulse-amplitude-index': '2A5E',
  'body-temperature': '2A1C',
  'bp-systolic': '2A35',
  'bp-diastolic': '2A35',
  'bp-mean': '2A35',
  'cuff-pressure': '2A36',
  glucose: '2A18',
  'body-weight': '2A9D',
  bmi: '2A9D',
  'body-height': '2A9D',
  'body-fat': '2A9C',
  'basal-metabolism': '2A9C',
  'muscle-percentage': '2A9C',
  'muscle-mass': '2A9C',
  'fat-free-mass': '2A9C',
  'soft-lean-mass': '2A9C',
  'body-water-mass': '2A9C',
  impedance: '2A9C',
  'battery-level': '2A19',
};

/** A plausible value in the metric's canonical unit. */
export const VALUE: Readonly<Record<Metric, number>> = {
  'heart-rate': 72,
  'rr-interval': 833.98,
  'energy-expended': 120,
  spo2: 97,
  'pulse-rate': 71,
  'pulse-amplitude-index': 4.5,
  'body-temperature': 37.2,
  'bp-systolic': 128,
  'bp-diastolic': 82,
  'bp-mean': 97,
  'cuff-pressure': 140,
  glucose: 6.1,
  'body-weight': 81.4,
  bmi: 26.6,
  'body-height': 1.75,
  'body-fat': 24.3,
  'basal-metabolism': 7200,
  'muscle-percentage': 41.2,
  'muscle-mass': 33.5,
  'fat-free-mass': 61.6,
  'soft-lean-mass': 58.1,
  'body-water-mass': 44.9,
  impedance: 512,
  'battery-level': 88,
};

const ADDRESS: Readonly<Record<string, string>> = {
  '2A37': 'c0:ff:ee:00:10:01',
  '2A5E': 'c0:ff:ee:00:10:04',
  '2A35': 'c0:ff:ee:00:10:05',
  '2A36': 'c0:ff:ee:00:10:05',
  '2A1C': 'c0:ff:ee:00:10:06',
  '2A18': 'c0:ff:ee:00:10:07',
  '2A9D': 'c0:ff:ee:00:10:08',
  '2A9C': 'c0:ff:ee:00:10:09',
  '2A19': 'c0:ff:ee:00:10:01',
};

export const T0 = Date.parse('2026-01-10T08:00:00.000Z');

/** One point; `at` and `idx` place it in a reading. */
export function point(metric: Metric, overrides: Partial<ExportPoint> = {}): ExportPoint {
  const characteristic = overrides.characteristic ?? CHARACTERISTIC[metric];
  const address = overrides.deviceAddress ?? ADDRESS[characteristic] ?? 'c0:ff:ee:00:10:01';
  const measuredAt = overrides.measuredAt ?? new Date(T0).toISOString();
  return {
    readingId: `${GATEWAY}:${address}:${characteristic}:${Date.parse(measuredAt)}`,
    idx: 0,
    metric,
    value: VALUE[metric],
    unit: METRICS[metric].unit,
    measuredAt,
    receivedAt: measuredAt,
    storedAt: new Date(Date.parse(measuredAt) + 40).toISOString(),
    gatewayId: GATEWAY,
    deviceAddress: address,
    characteristic,
    ...overrides,
  };
}

/** A whole reading: the points of one notification share id, time and device; idx counts from 0. */
export function reading(metrics: readonly Metric[], atMs = T0, units: Partial<Record<Metric, string>> = {}) {
  const measuredAt = new Date(atMs).toISOString();
  const first = point(metrics[0]!, { measuredAt });
  return metrics.map((m, idx) =>
    point(m, {
      idx,
      measuredAt,
      readingId: first.readingId,
      deviceAddress: first.deviceAddress,
      characteristic: first.characteristic,
      ...(units[m] ? { unit: units[m] } : {}),
    }),
  );
}

/** One reading per metric (blood pressure as one reading of three), a minute apart. */
export function everyMetric(): ExportPoint[][] {
  const bp: Metric[] = ['bp-systolic', 'bp-diastolic', 'bp-mean'];
  const singles = METRIC_NAMES.filter((m) => !bp.includes(m));
  return [reading(bp, T0), ...singles.map((m, i) => reading([m], T0 + (i + 1) * 60_000))];
}
