import type { Characteristic, Peripheral } from '@stoprocent/noble';
import type { DeviceKind } from '@openward/contracts';
import type { Logger } from 'pino';
import { estimateFromNow, type ClockEstimate } from '../devices/clock.js';
import {
  BATTERY_LEVEL,
  CURRENT_TIME,
  DEVICE_INFORMATION,
  DEVICE_PROFILES,
  GLUCOSE_CONTEXT,
  GLUCOSE_MEASUREMENT,
  RACP,
  kindFromServices,
} from '../devices/profiles.js';
import type { GlucoseCatchUp } from './glucose-catch-up.js';
import { decodeBattery, decodeCurrentTime, decodeInfoString } from './gatt-values.js';

/** Device Information as reported in the gateway status (max 64 chars each, contracts). */
export interface DeviceInfo {
  manufacturer?: string;
  model?: string;
  serial?: string;
  firmware?: string;
}

/** What a session learnt on connect, for the status. */
export interface SessionFacts {
  kind: DeviceKind;
  info: DeviceInfo;
  batteryLevel: number | null;
  /** Set when the device serves Current Time (0x2A2B) and it was read on connect. */
  clock: ClockEstimate | null;
}

export interface SessionHooks {
  /** A measurement characteristic value; `live` = false for stored glucose records. */
  onMeasurement: (characteristic: string, bytes: Uint8Array, receivedAt: number, live: boolean) => void;
  onBattery: (level: number) => void;
  logger: Logger;
  clock: () => number;
}

/**
 * The GATT part of one connection (issue 4 brief, GATT table): discovers every service, reads Device
 * Information, Battery Level and Current Time, then subscribes (notify or indicate; noble writes the
 * CCCD accordingly) to the measurement characteristics of the device's kind and to battery notifications.
 * A glucose meter's stored records are then fetched over RACP by {@link GlucoseCatchUp}.
 */
export async function openSession(
  p: Peripheral,
  knownKind: DeviceKind | null,
  hooks: SessionHooks,
  isCurrent: () => boolean,
): Promise<{ facts: SessionFacts; chars: Map<string, Characteristic> }> {
  const { services, characteristics } = await p.discoverAllServicesAndCharacteristicsAsync();
  const kind = knownKind ?? kindFromServices(services.map((s) => s.uuid));
  if (!kind) throw new Error('device serves no known health service');
  const profile = DEVICE_PROFILES[kind];
  const chars = new Map<string, Characteristic>();
  for (const c of characteristics) if (!chars.has(c.uuid)) chars.set(c.uuid, c);

  const info: DeviceInfo = {};
  for (const [field, uuid] of Object.entries(DEVICE_INFORMATION) as Array<[keyof DeviceInfo, string]>) {
    const c = chars.get(uuid);
    if (!c) continue;
    const value = decodeInfoString(uuid, await c.readAsync());
    if (value !== null) info[field] = value;
  }
  let batteryLevel: number | null = null;
  const battery = chars.get(BATTERY_LEVEL);
  if (battery) batteryLevel = decodeBattery(await battery.readAsync());
  let clock: ClockEstimate | null = null;
  const currentTime = chars.get(CURRENT_TIME);
  if (currentTime?.properties.includes('read')) {
    const bytes = await currentTime.readAsync();
    clock = estimateFromNow(decodeCurrentTime(bytes), hooks.clock());
  }

  const subscribe = async (
    c: Characteristic,
    onData: (bytes: Uint8Array, at: number) => void,
  ): Promise<void> => {
    c.on('data', (data: Buffer, isNotification: boolean) => {
      if (!isNotification || !isCurrent()) return;
      onData(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), hooks.clock());
    });
    await c.subscribeAsync();
  };
  if (battery && (battery.properties.includes('notify') || battery.properties.includes('indicate'))) {
    await subscribe(battery, (bytes) => {
      const level = decodeBattery(Buffer.from(bytes));
      if (level !== null) hooks.onBattery(level);
    });
  }
  let subscribed = 0;
  for (const m of profile.measurements) {
    const c = chars.get(m.uuid);
    if (!c) continue;
    // Glucose records (and their context) are stored values sent on request, not live measurements.
    const live = m.uuid !== GLUCOSE_MEASUREMENT && m.uuid !== GLUCOSE_CONTEXT;
    await subscribe(c, (bytes, at) => hooks.onMeasurement(m.uuid, bytes, at, live));
    subscribed++;
  }
  if (subscribed === 0) throw new Error(`device serves none of the ${kind} measurement characteristics`);
  return { facts: { kind, info, batteryLevel, clock }, chars };
}

/** The RACP characteristic of a glucose meter session, subscribed for its indications. */
export async function openRacp(
  chars: Map<string, Characteristic>,
  catchUp: GlucoseCatchUp,
  isCurrent: () => boolean,
): Promise<Characteristic | null> {
  const racp = chars.get(RACP);
  if (!racp) return null;
  racp.on('data', (data: Buffer, isNotification: boolean) => {
    if (isNotification && isCurrent()) catchUp.onRacpIndication(new Uint8Array(data));
  });
  await racp.subscribeAsync();
  return racp;
}
