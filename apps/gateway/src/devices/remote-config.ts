import { gatewayConfigSchema, parseJsonWith, type GatewayConfig as RemoteConfig } from '@openward/contracts';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics.js';
import { applyRemoteConfig, type DevicePolicy } from './allow-list.js';

export interface RemoteConfigOptions {
  gatewayId: string;
  envAddresses: readonly string[];
  current: () => DevicePolicy;
  /** Applies the new device policy (connect added devices, disconnect removed ones). */
  applyPolicy: (policy: DevicePolicy) => void;
  /** Applies the backlog replay rate when the config sets one. */
  applyReplayRate: (ratePerSecond: number) => void;
  /** After a change (e.g. republish the status with the new config version). */
  onApplied: () => void;
  metrics: GatewayMetrics;
  logger: Logger;
}

/**
 * Handles the retained `openward/v1/gw/{id}/config` message: validates it against
 * `openward.gateway-config/1` and applies it without a restart (issue 4). Invalid, foreign or
 * not-newer configs are logged, counted and ignored.
 */
export function handleConfigMessage(payload: Uint8Array, o: RemoteConfigOptions): void {
  const parsed = parseJsonWith<RemoteConfig>(gatewayConfigSchema, payload);
  if (!parsed.ok) {
    o.metrics.configApplied.inc({ outcome: 'invalid' });
    o.logger.warn({ reason: parsed.message }, 'gateway config rejected');
    return;
  }
  const decision = applyRemoteConfig(o.current(), parsed.value, o.gatewayId, o.envAddresses);
  if (!decision.applied) {
    o.metrics.configApplied.inc({ outcome: decision.reason });
    o.logger.info({ version: parsed.value.version, reason: decision.reason }, 'gateway config ignored');
    return;
  }
  o.applyPolicy(decision.policy);
  if (parsed.value.replayRatePerSecond !== undefined) o.applyReplayRate(parsed.value.replayRatePerSecond);
  o.metrics.configApplied.inc({ outcome: 'applied' });
  o.logger.info(
    {
      version: parsed.value.version,
      devices: decision.policy.devices.size,
      added: decision.added,
      removed: decision.removed,
      changed: decision.changed,
      notSeenAfterSeconds: decision.policy.notSeenAfterSeconds,
    },
    'gateway config applied',
  );
  o.onApplied();
}
