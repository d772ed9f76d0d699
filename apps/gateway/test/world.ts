import type { ManagedProcess } from '@openward/testing';
import { startGateway, startSim, type GatewayEnv, type SimHandle } from './stack.js';

/** One SIM_DEVICES entry of the multi-profile firmware-sim (firmware-sim/src/world-config.ts). */
export interface SimDevice {
  address: string;
  kind: string;
  localName: string;
  [field: string]: unknown;
}

/** The seven device kinds, one each, with distinct addresses (a full home kit). */
export function fullKit(prefix = 'c0:ff:ee:07'): SimDevice[] {
  return [
    { address: `${prefix}:00:01`, kind: 'heart-rate-strap', localName: 'OW-HRM', baselineBpm: 70 },
    { address: `${prefix}:00:02`, kind: 'pulse-oximeter', localName: 'OW-PLX' },
    { address: `${prefix}:00:03`, kind: 'blood-pressure-cuff', localName: 'OW-BPM' },
    { address: `${prefix}:00:04`, kind: 'thermometer', localName: 'OW-THERMO' },
    { address: `${prefix}:00:05`, kind: 'glucose-meter', localName: 'OW-GLU', storedRecords: 5 },
    { address: `${prefix}:00:06`, kind: 'weight-scale', localName: 'OW-SCALE' },
    { address: `${prefix}:00:07`, kind: 'body-composition-scale', localName: 'OW-BCS' },
  ];
}

export type WorldSim = SimHandle;

/** Starts firmware-sim with any devices (all kinds) and optional extra environment. */
export function startWorldSim(
  devices: SimDevice[],
  env: Record<string, string> = {},
  ports: { radio?: number; control?: number } = {},
): Promise<WorldSim> {
  return startSim(devices, 1000, ports, env);
}

export type WorldGatewayEnv = GatewayEnv;

/** Starts the built gateway with extra environment (status interval, not-seen time…). */
export function startWorldGateway(
  o: WorldGatewayEnv,
): Promise<{ process: ManagedProcess; httpPort: number }> {
  return startGateway(o);
}
