import { startNode, type ManagedProcess } from '@openward/testing';
import { GATEWAY_MAIN, SIM_MAIN, readyFields } from './stack.js';

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

export interface WorldSim {
  process: ManagedProcess;
  radioPort: number;
  controlPort: number;
}

/** Starts firmware-sim with any devices (all kinds) and optional extra environment. */
export async function startWorldSim(
  devices: SimDevice[],
  env: Record<string, string> = {},
  ports: { radio?: number; control?: number } = {},
): Promise<WorldSim> {
  const process = startNode('firmware-sim', SIM_MAIN, [], {
    env: {
      SIM_HOST: '127.0.0.1',
      SIM_RADIO_PORT: String(ports.radio ?? 0),
      SIM_CONTROL_PORT: String(ports.control ?? 0),
      SIM_DEVICES: JSON.stringify(devices),
      SIM_NOTIFY_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const ready = await readyFields(process, /"msg":"ready"/);
  return { process, radioPort: Number(ready['radioPort']), controlPort: Number(ready['controlPort']) };
}

export interface WorldGatewayEnv {
  gatewayId: string;
  secret: string;
  mqttPort: number;
  radioPort: number;
  dataDir: string;
  allowed?: string;
  env?: Record<string, string>;
}

/** Starts the built gateway with extra environment (status interval, not-seen time…). */
export async function startWorldGateway(
  o: WorldGatewayEnv,
): Promise<{ process: ManagedProcess; httpPort: number }> {
  const process = startNode('gateway', GATEWAY_MAIN, [], {
    env: {
      GATEWAY_ID: o.gatewayId,
      GATEWAY_SECRET: o.secret,
      GATEWAY_MQTT_URL: `mqtt://127.0.0.1:${o.mqttPort}`,
      GATEWAY_BLE_BINDING: 'sim',
      GATEWAY_SIM_RADIO: `127.0.0.1:${o.radioPort}`,
      GATEWAY_DATA_DIR: o.dataDir,
      GATEWAY_HTTP_PORT: '0',
      GATEWAY_ALLOWED_DEVICES: o.allowed ?? '',
      LOG_LEVEL: 'info',
      ...o.env,
    },
  });
  const ready = await readyFields(process, /"msg":"ready"/);
  return { process, httpPort: Number(ready['httpPort']) };
}
