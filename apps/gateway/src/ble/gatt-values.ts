import { decodeCharacteristic } from '@openward/ble-codecs';
import type { DeviceDateTime } from '../devices/clock.js';

/** Longest Device Information string the status carries (contracts gatewayDeviceStatusSchema). */
const MAX_INFO = 64;

/** Battery Level (0x2A19) 0–100, or null when the bytes do not decode. */
export function decodeBattery(bytes: Uint8Array): number | null {
  const r = decodeCharacteristic('2A19', bytes);
  return r.ok ? r.value.level : null;
}

/** A Device Information string (0x2A29/2A24/2A25/2A26), trimmed and cut to 64 chars; null if empty or bad. */
export function decodeInfoString(uuid: string, bytes: Uint8Array): string | null {
  const r = decodeCharacteristic(uuid, bytes);
  if (!r.ok) return null;
  const text = (r.value as { text?: unknown }).text;
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().slice(0, MAX_INFO);
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * The date and time of a Current Time (0x2A2B) value (Exact Time 256 → Day Date Time → Date Time), or
 * null when it does not decode. The date-time fields are located structurally so that the nesting
 * names of the codec's value do not matter here.
 */
export function decodeCurrentTime(bytes: Uint8Array): DeviceDateTime | null {
  const r = decodeCharacteristic('2A2B', bytes);
  return r.ok ? findDateTime(r.value) : null;
}

/** Depth-first search for the first object holding the six Date Time fields. */
export function findDateTime(value: unknown, depth = 0): DeviceDateTime | null {
  if (typeof value !== 'object' || value === null || depth > 4) return null;
  const v = value as Record<string, unknown>;
  const fields = ['year', 'month', 'day', 'hours', 'minutes', 'seconds'] as const;
  if (fields.every((f) => typeof v[f] === 'number')) {
    return {
      year: v['year'] as number,
      month: v['month'] as number,
      day: v['day'] as number,
      hours: v['hours'] as number,
      minutes: v['minutes'] as number,
      seconds: v['seconds'] as number,
    };
  }
  for (const child of Object.values(v)) {
    const found = findDateTime(child, depth + 1);
    if (found) return found;
  }
  return null;
}
