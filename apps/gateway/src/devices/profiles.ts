import type { DeviceKind } from '@openward/contracts';

/** How a measurement characteristic delivers values (both arrive as noble `data` with isNotification). */
export type Delivery = 'notify' | 'indicate';

export interface MeasurementCharacteristic {
  /** Lowercase 16-bit UUID as noble reports it. */
  uuid: string;
  delivery: Delivery;
}

/** The GATT layout of one device kind (issue 4 brief, "GATT layout the simulator serves"). */
export interface DeviceProfile {
  kind: DeviceKind;
  /** Primary service that identifies the kind in adverts and discovery. */
  service: string;
  /** Characteristics subscribed on every connection; values are decoded and journaled. */
  measurements: readonly MeasurementCharacteristic[];
  /** Uses the Record Access Control Point (0x2A52) to fetch stored records (glucose). */
  racp: boolean;
}

export const BATTERY_SERVICE = '180f';
export const BATTERY_LEVEL = '2a19';
export const DEVICE_INFORMATION_SERVICE = '180a';
export const CURRENT_TIME_SERVICE = '1805';
export const CURRENT_TIME = '2a2b';
export const RACP = '2a52';
export const GLUCOSE_MEASUREMENT = '2a18';
export const GLUCOSE_CONTEXT = '2a34';

/** Device Information strings read on connect, by status field. */
export const DEVICE_INFORMATION = {
  manufacturer: '2a29',
  model: '2a24',
  serial: '2a25',
  firmware: '2a26',
} as const;

export const DEVICE_PROFILES: Readonly<Record<DeviceKind, DeviceProfile>> = {
  'heart-rate-strap': {
    kind: 'heart-rate-strap',
    service: '180d',
    measurements: [{ uuid: '2a37', delivery: 'notify' }],
    racp: false,
  },
  'pulse-oximeter': {
    kind: 'pulse-oximeter',
    service: '1822',
    measurements: [
      { uuid: '2a5e', delivery: 'indicate' },
      { uuid: '2a5f', delivery: 'notify' },
    ],
    racp: false,
  },
  'blood-pressure-cuff': {
    kind: 'blood-pressure-cuff',
    service: '1810',
    measurements: [
      { uuid: '2a35', delivery: 'indicate' },
      { uuid: '2a36', delivery: 'notify' },
    ],
    racp: false,
  },
  thermometer: {
    kind: 'thermometer',
    service: '1809',
    measurements: [
      { uuid: '2a1c', delivery: 'indicate' },
      { uuid: '2a1e', delivery: 'notify' },
    ],
    racp: false,
  },
  'glucose-meter': {
    kind: 'glucose-meter',
    service: '1808',
    measurements: [
      { uuid: GLUCOSE_MEASUREMENT, delivery: 'notify' },
      { uuid: GLUCOSE_CONTEXT, delivery: 'notify' },
    ],
    racp: true,
  },
  'weight-scale': {
    kind: 'weight-scale',
    service: '181d',
    measurements: [{ uuid: '2a9d', delivery: 'indicate' }],
    racp: false,
  },
  'body-composition-scale': {
    kind: 'body-composition-scale',
    service: '181b',
    measurements: [{ uuid: '2a9c', delivery: 'indicate' }],
    racp: false,
  },
};

/** Every primary service that identifies a health device: the scan filter. */
export const HEALTH_SERVICES: readonly string[] = Object.values(DEVICE_PROFILES).map((p) => p.service);

/**
 * The kind a device advertises, from its service UUIDs (noble lowercase 16-bit form or 128-bit Base UUID).
 * A body composition scale usually also carries the weight scale service; the more specific kind wins.
 */
export function kindFromServices(serviceUuids: readonly string[]): DeviceKind | null {
  const short = new Set(serviceUuids.map(toShortUuid));
  if (short.has('181b')) return 'body-composition-scale';
  for (const p of Object.values(DEVICE_PROFILES)) if (short.has(p.service)) return p.kind;
  return null;
}

/** `0000180d-0000-1000-8000-00805f9b34fb` → `180d`; a 16-bit form is returned lowercased. */
export function toShortUuid(uuid: string): string {
  const u = uuid.toLowerCase().replace(/-/g, '');
  return u.length === 32 && u.startsWith('0000') && u.endsWith('00001000800000805f9b34fb')
    ? u.slice(4, 8)
    : u;
}

/**
 * Clinical priority of a characteristic's readings for the journal's eviction (DESIGN.md): continuous
 * samples (heart rate, PLX continuous, intermediate cuff pressure/temperature) may be evicted before spot
 * measurements (BP, temperature, glucose, weight, body composition, PLX spot-check).
 */
export function priorityOf(uuid16: string): 'continuous' | 'spot' {
  return CONTINUOUS.has(uuid16.toUpperCase()) ? 'continuous' : 'spot';
}
const CONTINUOUS = new Set(['2A37', '2A5F', '2A36', '2A1E']);
