import { topics, type GatewayDeviceStatus, type GatewayStatus } from '@openward/contracts';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics.js';

/** Store-and-forward facts the status carries (from the publisher/journal owner). */
export interface QueueFacts {
  queueDepth: number;
  oldestUnsentAgeSeconds: number;
  evicted: number;
}

export interface OnlineStatusInput {
  gatewayId: string;
  version: string;
  startedAtMs: number;
  nowMs: number;
  queue: QueueFacts;
  configVersion: number | null;
  devices: GatewayDeviceStatus[];
}

/** The retained online heartbeat (`openward.gateway-status/1`). Pure. */
export function onlineStatus(i: OnlineStatusInput): GatewayStatus {
  return {
    schema: 'openward.gateway-status/1',
    state: 'online',
    gatewayId: i.gatewayId,
    version: i.version.slice(0, 40),
    startedAt: new Date(i.startedAtMs).toISOString(),
    at: new Date(i.nowMs).toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((i.nowMs - i.startedAtMs) / 1000)),
    queueDepth: i.queue.queueDepth,
    oldestUnsentAgeSeconds: Math.max(0, i.queue.oldestUnsentAgeSeconds),
    evicted: i.queue.evicted,
    configVersion: i.configVersion,
    devices: i.devices,
  };
}

/** The offline status: the last will (no `at`: the broker sends it later) or a graceful shutdown. */
export function offlineStatus(gatewayId: string, nowMs?: number): GatewayStatus {
  return nowMs === undefined
    ? { schema: 'openward.gateway-status/1', state: 'offline', gatewayId }
    : { schema: 'openward.gateway-status/1', state: 'offline', gatewayId, at: new Date(nowMs).toISOString() };
}

export interface HeartbeatOptions {
  gatewayId: string;
  intervalMs: number;
  build: () => GatewayStatus;
  publishRetained: (topic: string, payload: string) => Promise<void>;
  isConnected: () => boolean;
  metrics: GatewayMetrics;
  logger: Logger;
}

/**
 * Republishes the retained online status every `intervalMs` (issue 4: heartbeat every 60 s) and on
 * demand ({@link publishNow}, e.g. after a config change or a device connecting). Skipped while the
 * broker is unreachable: MQTT.js would queue stale heartbeats; the publisher sends a fresh one on connect.
 */
export class StatusHeartbeat {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: HeartbeatOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.publishNow(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async publishNow(): Promise<void> {
    if (!this.opts.isConnected()) return;
    const status = this.opts.build();
    this.opts.metrics.statusPublished.inc();
    await this.opts.publishRetained(topics.status(this.opts.gatewayId), JSON.stringify(status));
  }
}
