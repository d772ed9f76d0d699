import type { DeviceKind, GatewayConfig as RemoteConfig } from '@openward/contracts';

/** One device the gateway may connect. `kind` null = inferred from its adverts. */
export interface AllowedDevice {
  address: string;
  kind: DeviceKind | null;
  pollIntervalSeconds: number | null;
}

/** The effective device policy: env allow-list merged with the server's retained config. */
export interface DevicePolicy {
  /** Version of the applied server config, null until one arrives. */
  configVersion: number | null;
  /** Allow-listed devices by lowercase address; empty with `openScan` = any health device. */
  devices: ReadonlyMap<string, AllowedDevice>;
  /** True when nothing restricts the scan (no env list and no server config): connect any health device. */
  openScan: boolean;
  notSeenAfterSeconds: number;
}

export const DEFAULT_NOT_SEEN_AFTER_SECONDS = 600;

/** The policy at boot, from GATEWAY_ALLOWED_DEVICES only. */
export function initialPolicy(envAddresses: readonly string[], notSeenAfterSeconds: number): DevicePolicy {
  const devices = new Map<string, AllowedDevice>();
  for (const a of envAddresses) {
    devices.set(a.toLowerCase(), { address: a.toLowerCase(), kind: null, pollIntervalSeconds: null });
  }
  return { configVersion: null, devices, openScan: devices.size === 0, notSeenAfterSeconds };
}

export type ConfigDecision =
  | { applied: false; reason: 'wrong-gateway' | 'stale-version' }
  | { applied: true; policy: DevicePolicy; added: string[]; removed: string[]; changed: string[] };

/**
 * Applies a retained `openward.gateway-config/1` (issue 4: "applied without restart"). Pure.
 * - A config for another gateway, or with a version not above the applied one, is ignored (a retained
 *   message is redelivered on every reconnect; an older one must never roll the list back).
 * - The new allow-list is the config's devices plus the env list (the env list is the local operator's
 *   floor); the server's kind and poll interval override the env entry of the same address.
 * - `added`/`removed` drive connecting and disconnecting; `changed` devices changed kind or interval.
 */
export function applyRemoteConfig(
  current: DevicePolicy,
  config: RemoteConfig,
  gatewayId: string,
  envAddresses: readonly string[],
): ConfigDecision {
  if (config.gatewayId !== gatewayId) return { applied: false, reason: 'wrong-gateway' };
  if (current.configVersion !== null && config.version <= current.configVersion) {
    return { applied: false, reason: 'stale-version' };
  }
  const next = initialPolicy(envAddresses, config.notSeenAfterSeconds ?? current.notSeenAfterSeconds);
  const devices = new Map(next.devices);
  for (const d of config.devices) {
    const address = d.address.toLowerCase();
    devices.set(address, { address, kind: d.kind, pollIntervalSeconds: d.pollIntervalSeconds ?? null });
  }
  const added = [...devices.keys()].filter((a) => !current.devices.has(a));
  const removed = [...current.devices.keys()].filter((a) => !devices.has(a));
  const changed = [...devices.values()]
    .filter((d) => {
      const before = current.devices.get(d.address);
      return (
        before !== undefined &&
        (before.kind !== d.kind || before.pollIntervalSeconds !== d.pollIntervalSeconds)
      );
    })
    .map((d) => d.address);
  return {
    applied: true,
    policy: {
      configVersion: config.version,
      devices,
      openScan: false,
      notSeenAfterSeconds: next.notSeenAfterSeconds,
    },
    added,
    removed,
    changed,
  };
}

/** Whether the policy lets the gateway connect `address`. */
export function isAllowed(policy: DevicePolicy, address: string): boolean {
  return policy.openScan || policy.devices.has(address.toLowerCase());
}
