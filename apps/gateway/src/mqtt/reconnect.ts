import type { MqttClient, Packet } from 'mqtt';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics.js';
import {
  checkReconnectPolicy,
  DEFAULT_RECONNECT_POLICY,
  ReconnectBackoff,
  type ReconnectPolicy,
} from './reconnect-backoff.js';

/** The metrics the reconnect driver updates. */
export type ReconnectMetrics = Pick<
  GatewayMetrics,
  'mqttReconnects' | 'mqttReconnectDelay' | 'mqttConnectRefused'
>;

/**
 * The policy a publisher runs with: the production default, or `reconnectPeriodMs` as a shorthand for a
 * fixed bound (`baseMs = capMs = n`, no growth: tests and the fleet generator), then any `reconnect`
 * fields on top. Throws a RangeError for an invalid policy.
 */
export function resolveReconnectPolicy(opts: {
  reconnect?: Partial<ReconnectPolicy>;
  reconnectPeriodMs?: number;
}): ReconnectPolicy {
  const fixed = opts.reconnectPeriodMs;
  const base: ReconnectPolicy =
    fixed === undefined ? { ...DEFAULT_RECONNECT_POLICY } : { baseMs: fixed, capMs: fixed, stableMs: 0 };
  return checkReconnectPolicy({ ...base, ...opts.reconnect });
}

/**
 * Drives MQTT.js 5.16's reconnects with a {@link ReconnectBackoff} (DESIGN.md §11). MQTT.js schedules a
 * retry with `setInterval(options.reconnectPeriod)` as soon as a link is lost (stream `close`, CONNACK
 * timeout, refused CONNACK with `reconnectOnConnackError`) and clears it when the retry starts, so each
 * retry waits the period that was set when the link was lost. The driver therefore keeps
 * `client.options.reconnectPeriod` at "the delay if it fails now": a fresh draw on every `reconnect` (an
 * attempt starts), on `connect`, and once the connection has been up `stableMs`. The client must be
 * created with `reconnectOnConnackError: true`, or a refused CONNACK ends reconnecting for good.
 * Returns a function that detaches the driver.
 */
export function driveReconnects(
  client: MqttClient,
  backoff: ReconnectBackoff,
  opts: { stableMs: number; metrics: ReconnectMetrics; logger: Logger },
): () => void {
  const { metrics, logger } = opts;
  let stableTimer: NodeJS.Timeout | null = null;
  const setDelay = (ms: number): void => {
    client.options.reconnectPeriod = ms;
    metrics.mqttReconnectDelay.set(ms / 1000);
  };
  const clearStable = (): void => {
    if (stableTimer) clearTimeout(stableTimer);
    stableTimer = null;
  };
  const onReconnect = (): void => {
    clearStable();
    metrics.mqttReconnects.inc();
    setDelay(backoff.onAttempt());
    logger.debug(
      { attempt: backoff.attempt, nextDelayMs: client.options.reconnectPeriod },
      'mqtt reconnect attempt',
    );
  };
  const onConnect = (): void => {
    clearStable();
    if (opts.stableMs === 0) {
      setDelay(backoff.onStable());
      return;
    }
    setDelay(backoff.onConnected());
    stableTimer = setTimeout(() => {
      stableTimer = null;
      setDelay(backoff.onStable());
    }, opts.stableMs);
    stableTimer.unref();
  };
  const onPacket = (packet: Packet): void => {
    if (packet.cmd !== 'connack') return;
    const code = packet.returnCode ?? packet.reasonCode ?? 0;
    if (code === 0) return;
    // 3 = server unavailable (ingest throttling or starting), 4 = bad credentials, 5 = not authorized.
    metrics.mqttConnectRefused.inc({ code: String(code) });
    logger.warn(
      { code, attempt: backoff.attempt, retryInMs: client.options.reconnectPeriod },
      'mqtt connection refused; retrying with backoff',
    );
  };
  setDelay(client.options.reconnectPeriod ?? backoff.delay());
  client.on('reconnect', onReconnect);
  client.on('connect', onConnect);
  client.on('close', clearStable);
  client.on('packetreceive', onPacket);
  return () => {
    clearStable();
    client.off('reconnect', onReconnect);
    client.off('connect', onConnect);
    client.off('close', clearStable);
    client.off('packetreceive', onPacket);
  };
}
