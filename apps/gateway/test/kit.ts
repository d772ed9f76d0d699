import { readingId, type Measurement, type ReadingV1 } from '@openward/contracts';
import type { Priority } from '../src/journal/journal-port.js';

/** One device of a full home kit, as the journal/publisher tests and benchmarks simulate it. */
interface KitDevice {
  address: string;
  name: string;
  characteristic: string;
  priority: Priority;
  /** Seconds between readings. */
  everySeconds: number;
  measure: (t: number, n: number) => Measurement[];
  extra?: (n: number) => Partial<ReadingV1>;
}

const wave = (t: number, period: number): number => Math.sin((2 * Math.PI * t) / period);
const DAY = 86_400;

/**
 * A full kit (DESIGN.md §10 "a full kit produces ~2 readings/s"): heart-rate strap and continuous
 * pulse oximeter at 1 Hz, intermediate cuff pressure during four BP measurements, and the spot devices
 * (BP, thermometer, spot SpO2, glucose, scale, body composition) a few times a day.
 */
export const KIT: readonly KitDevice[] = [
  {
    address: 'c0:ff:ee:00:40:01',
    name: 'OW-HRM 4001',
    characteristic: '2A37',
    priority: 'continuous',
    everySeconds: 1,
    measure: (t, n) => {
      const hr = Math.round(68 + 8 * wave(t, DAY) + 3 * wave(t, 600) + (n % 5) - 2);
      return [
        { metric: 'heart-rate', value: hr, unit: '/min' },
        { metric: 'rr-interval', value: Math.round(60_000 / hr), unit: 'ms' },
      ];
    },
  },
  {
    address: 'c0:ff:ee:00:40:02',
    name: 'OW-PLX 4002',
    characteristic: '2A5F',
    priority: 'continuous',
    everySeconds: 1,
    measure: (t, n) => [
      { metric: 'spo2', value: Math.round(96 + 1.5 * wave(t, 7200) + (n % 3) - 1), unit: '%' },
      { metric: 'pulse-rate', value: Math.round(70 + 6 * wave(t, DAY)), unit: '/min' },
      { metric: 'pulse-amplitude-index', value: 4.2, unit: '%' },
    ],
  },
  {
    address: 'c0:ff:ee:00:40:03',
    name: 'OW-BPM 4003',
    characteristic: '2A36',
    priority: 'continuous',
    everySeconds: DAY / (4 * 40), // 40 intermediate cuff pressures per measurement, 4 a day
    measure: (_t, n) => [{ metric: 'cuff-pressure', value: 40 + ((n * 4) % 140), unit: 'mm[Hg]' }],
    extra: () => ({ intermediate: true }),
  },
  {
    address: 'c0:ff:ee:00:40:03',
    name: 'OW-BPM 4003',
    characteristic: '2A35',
    priority: 'spot',
    everySeconds: DAY / 4,
    measure: (t) => [
      { metric: 'bp-systolic', value: Math.round(132 + 10 * wave(t, DAY)), unit: 'mm[Hg]' },
      { metric: 'bp-diastolic', value: Math.round(84 + 6 * wave(t, DAY)), unit: 'mm[Hg]' },
      { metric: 'bp-mean', value: 100, unit: 'mm[Hg]' },
      { metric: 'pulse-rate', value: 72, unit: '/min' },
    ],
  },
  {
    address: 'c0:ff:ee:00:40:04',
    name: 'OW-THERMO 4004',
    characteristic: '2A1C',
    priority: 'spot',
    everySeconds: DAY / 4,
    measure: (t) => [{ metric: 'body-temperature', value: 36.8 + 0.3 * wave(t, DAY), unit: 'Cel' }],
  },
  {
    address: 'c0:ff:ee:00:40:05',
    name: 'OW-GLU 4005',
    characteristic: '2A18',
    priority: 'spot',
    everySeconds: DAY / 4,
    measure: (_t, n) => [{ metric: 'glucose', value: 5.4 + (n % 4) * 0.6, unit: 'mmol/L' }],
    extra: (n) => ({ deviceSequence: n }),
  },
  {
    address: 'c0:ff:ee:00:40:06',
    name: 'OW-SCALE 4006',
    characteristic: '2A9D',
    priority: 'spot',
    everySeconds: DAY,
    measure: () => [
      { metric: 'body-weight', value: 81.4, unit: 'kg' },
      { metric: 'bmi', value: 26.3, unit: 'kg/m2' },
    ],
  },
  {
    address: 'c0:ff:ee:00:40:07',
    name: 'OW-PLX-SPOT 4007',
    characteristic: '2A5E',
    priority: 'spot',
    everySeconds: DAY / 6,
    measure: () => [
      { metric: 'spo2', value: 97, unit: '%' },
      { metric: 'pulse-rate', value: 71, unit: '/min' },
    ],
  },
];

export interface KitReading {
  reading: ReadingV1;
  priority: Priority;
}

/** Series key (DESIGN.md §1.3): device address + characteristic. */
export function seriesOf(r: ReadingV1): string {
  return `${r.device.address}|${r.characteristic}`;
}

/**
 * The readings of a full kit over `seconds` of simulated time starting at `startMs`, in time order
 * (ties in kit order). `seqBase` offsets the per-series sequence (for a second stream after the first).
 */
export function kitReadings(gatewayId: string, startMs: number, seconds: number, seqBase = 0): KitReading[] {
  const out: Array<KitReading & { t: number }> = [];
  for (const d of KIT) {
    const count = Math.floor(seconds / d.everySeconds);
    for (let n = 0; n < count; n++) {
      const t = n * d.everySeconds;
      const at = Math.round(startMs + t * 1000);
      const iso = new Date(at).toISOString();
      const measurements = d.measure(t, n);
      out.push({
        t,
        priority: d.priority,
        reading: {
          schema: 'openward.reading/1',
          id: readingId(gatewayId, d.address, d.characteristic, at),
          gatewayId,
          device: { address: d.address, name: d.name },
          characteristic: d.characteristic,
          measuredAt: iso,
          receivedAt: iso,
          clockOffsetMs: null,
          sequence: seqBase + n,
          raw:
            '00' + (measurements[0]?.value ?? 0).toString(16).replace('.', '').slice(0, 6).padStart(6, '0'),
          measurements,
          decoded: Object.fromEntries(measurements.map((m) => [m.metric, m.value])),
          ...d.extra?.(seqBase + n),
        },
      });
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out.map(({ reading, priority }) => ({ reading, priority }));
}
