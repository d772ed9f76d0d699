import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, type ManagedProcess } from '@openward/testing';

const here = dirname(fileURLToPath(import.meta.url));
export const GATEWAY_MAIN = join(here, '../dist/main.js');
export const SIM_MAIN = join(here, '../../../firmware-sim/dist/main.js');

export function requireBuilt(): void {
  if (!existsSync(GATEWAY_MAIN)) throw new Error('build the gateway first: npx tsc -p tsconfig.build.json');
  if (!existsSync(SIM_MAIN)) {
    throw new Error('build firmware-sim first: cd firmware-sim && npx tsc -p tsconfig.build.json');
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The JSON object of a process's first log line matching `test`. */
export async function readyFields(
  p: ManagedProcess,
  test: RegExp,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  return JSON.parse(await p.waitForLine(test, timeoutMs)) as Record<string, unknown>;
}

export interface SimHandle {
  process: ManagedProcess;
  radioPort: number;
  controlPort: number;
}

/** Starts the built firmware-sim with `devices` (SIM_DEVICES entries) and optional extra environment. */
export async function startSim(
  devices: ReadonlyArray<{ address: string; localName: string; [field: string]: unknown }>,
  notifyIntervalMs = 1000,
  ports: { radio?: number; control?: number } = {},
  extraEnv: Record<string, string> = {},
): Promise<SimHandle> {
  const process = startNode('firmware-sim', SIM_MAIN, [], {
    env: {
      SIM_HOST: '127.0.0.1',
      SIM_RADIO_PORT: String(ports.radio ?? 0),
      SIM_CONTROL_PORT: String(ports.control ?? 0),
      SIM_DEVICES: JSON.stringify(devices),
      SIM_NOTIFY_INTERVAL_MS: String(notifyIntervalMs),
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
  });
  const ready = await readyFields(process, /"msg":"ready"/);
  return { process, radioPort: Number(ready['radioPort']), controlPort: Number(ready['controlPort']) };
}

export interface GatewayEnv {
  gatewayId: string;
  secret: string;
  mqttPort: number;
  radioPort: number;
  dataDir: string;
  allowed?: string;
  /** Extra environment (status interval, not-seen time…). */
  env?: Record<string, string>;
}

/** Starts the built gateway with the sim binding. */
export async function startGateway(env: GatewayEnv): Promise<{ process: ManagedProcess; httpPort: number }> {
  const process = startNode('gateway', GATEWAY_MAIN, [], {
    env: {
      GATEWAY_ID: env.gatewayId,
      GATEWAY_SECRET: env.secret,
      GATEWAY_MQTT_URL: `mqtt://127.0.0.1:${env.mqttPort}`,
      GATEWAY_BLE_BINDING: 'sim',
      GATEWAY_SIM_RADIO: `127.0.0.1:${env.radioPort}`,
      GATEWAY_DATA_DIR: env.dataDir,
      GATEWAY_HTTP_PORT: '0',
      GATEWAY_ALLOWED_DEVICES: env.allowed ?? '',
      LOG_LEVEL: 'info',
      ...env.env,
    },
  });
  const ready = await readyFields(process, /"msg":"ready"/);
  return { process, httpPort: Number(ready['httpPort']) };
}

export async function getJson<T>(port: number, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T>(port: number, path: string, body: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
