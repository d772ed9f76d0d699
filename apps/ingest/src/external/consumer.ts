import { parseGatewayTopic, topics } from '@openward/contracts';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import { liveMessage } from '../pipeline/live.js';
import { validateReading } from '../pipeline/validate.js';
import type { RegistryPort } from '../registry/registry-port.js';
import { BatchWriteError, type BatchWriter } from '../store/batch-writer.js';
import { PUBACK, rejectReasonCode } from './reason-codes.js';

/**
 * How long Mosquitto keeps a replica's session (its shared subscription and the QoS 1 messages queued for
 * it) while the replica is offline: long enough to ride out a restart or a redeploy (DESIGN.md §10.2).
 */
export const SESSION_EXPIRY_S = 24 * 60 * 60;

export interface ExternalConsumerDeps {
  url: string;
  username: string;
  password: string;
  clientId: string;
  shareGroup: string;
  registry: RegistryPort;
  writer: BatchWriter;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
  /** Give up the first connection after this long (default 10 s). Later drops reconnect forever. */
  connectTimeoutMs?: number;
}

/** The ack callback MQTT.js hands to `customHandleAcks`: a reason code sends a PUBACK, an Error withholds it. */
type AckCallback = (error: Error | number, code?: number) => void;

/** Passed to the ack callback to withhold a PUBACK; MQTT.js re-emits it as a client 'error' event. */
export class WithheldAck extends Error {
  constructor(reason: string) {
    super(`PUBACK withheld: ${reason}`);
    this.name = 'WithheldAck';
  }
}

/** `$share/<group>/openward/v1/gw/+/readings` */
export const sharedReadingsFilter = (group: string): string => `$share/${group}/${topics.allReadings}`;

/**
 * External broker mode (DESIGN.md §10): one MQTT 5 session on Mosquitto, subscribed QoS 1 to the shared
 * readings filter. Each reading goes through the same pipeline as in embedded mode; its PUBACK is held back
 * with MQTT.js `customHandleAcks` until the BatchWriter committed it, so Mosquitto drops a message from this
 * replica's session only once it is durable here.
 */
export class ExternalConsumer {
  private client!: MqttClient;
  private draining = false;
  private closed = false;

  private constructor(private readonly deps: ExternalConsumerDeps) {}

  static async start(deps: ExternalConsumerDeps): Promise<ExternalConsumer> {
    const c = new ExternalConsumer(deps);
    await c.connect();
    return c;
  }

  isConnected(): boolean {
    return !this.closed && this.client.connected;
  }

  /** Shutdown step 1: readings arriving from now on are not processed and not acknowledged. */
  stopAccepting(): void {
    this.draining = true;
  }

  /** Shutdown step 2 (after the writer flushed): disconnect; the session and its queue stay on Mosquitto. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.draining = true;
    await this.client.endAsync(false).catch(() => this.client.end(true));
  }

  private async connect(): Promise<void> {
    const { url, username, password, clientId, logger, metrics } = this.deps;
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId,
      username,
      password,
      // Persistent session: a restarted replica gets back what Mosquitto queued for it while it was away.
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: 100 },
      reconnectPeriod: 1000,
      connectTimeout: this.deps.connectTimeoutMs ?? 10_000,
      keepalive: 30,
      resubscribe: true,
      customHandleAcks: (topic, message, _packet, cb) => this.onPublish(topic, message, cb as AckCallback),
    };
    const client = connect(url, options);
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`no CONNACK from ${url} in time`)),
        options.connectTimeout,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        client.off('connect', ok);
        client.off('error', fail);
      };
      const ok = (): void => {
        cleanup();
        resolve();
      };
      const fail = (err: Error): void => {
        cleanup();
        client.end(true);
        reject(err);
      };
      client.once('connect', ok);
      client.once('error', fail);
    });
    client.on('connect', (connack) => {
      metrics.connectedClients.inc();
      logger.info({ sessionPresent: connack.sessionPresent }, 'external broker reconnected');
    });
    client.on('close', () => metrics.connectedClients.dec());
    client.on('error', (err) => {
      if (err instanceof WithheldAck) return; // already logged where the ack was withheld
      logger.warn({ err: err.message }, 'external broker client error');
    });
    metrics.connectedClients.inc();
    const granted = await client.subscribeAsync(sharedReadingsFilter(this.deps.shareGroup), { qos: 1 });
    const qos = granted[0]?.qos;
    if (qos !== 1 && qos !== 0) {
      await this.close();
      throw new Error(
        `subscription to ${sharedReadingsFilter(this.deps.shareGroup)} refused (reason ${qos})`,
      );
    }
    logger.info(
      { clientId, filter: sharedReadingsFilter(this.deps.shareGroup) },
      'consuming external broker',
    );
  }

  /** DESIGN.md §10.1: validate, write durably, then PUBACK, then publish live. Never throws. */
  private onPublish(topic: string, payload: Buffer, ack: AckCallback): void {
    const { metrics, logger, writer, registry } = this.deps;
    if (this.draining) {
      ack(new WithheldAck('shutting down')); // stays in our session on Mosquitto; redelivered on reconnect
      return;
    }
    const gw = parseGatewayTopic(topic);
    if (!gw || gw.kind !== 'readings') {
      // Unreachable through our subscription filter; acknowledged so it cannot loop, never stored.
      metrics.aclDenied.inc({ action: 'publish' });
      logger.warn({ topic }, 'message on an unexpected topic dropped');
      ack(PUBACK.TOPIC_NAME_INVALID);
      return;
    }
    const started = performance.now();
    const receivedAtMs = this.deps.now();
    metrics.readingsReceived.inc();
    // The gateway identity is the topic's: Mosquitto's ACL lets a gateway write only under its own id.
    const result = validateReading(payload, {
      topicGatewayId: gw.gatewayId,
      clientGatewayId: gw.gatewayId,
      registry,
      nowMs: receivedAtMs,
    });
    const refuse = (e: unknown): void => {
      const kind = e instanceof BatchWriteError ? e.kind : 'transient';
      logger.error(
        { gatewayId: gw.gatewayId, kind, err: e instanceof BatchWriteError ? e.cause : e },
        'write failed; PUBACK withheld',
      );
      ack(new WithheldAck('store unavailable'));
      this.forceRedelivery();
    };
    if (!result.ok) {
      writer
        .submit({
          deadLetter: {
            receivedAtMs,
            clientId: gw.gatewayId,
            topic,
            code: result.code,
            message: result.message,
            payload,
          },
        })
        .then(() => {
          metrics.rejected.inc({ code: result.code });
          logger.warn(
            { gatewayId: gw.gatewayId, code: result.code, detail: result.message },
            'reading dead-lettered',
          );
          ack(rejectReasonCode(result.code));
        }, refuse);
      return;
    }
    writer.submit({ points: result.points }).then(({ storedAtMs }) => {
      metrics.readingsAccepted.inc();
      metrics.ackLatency.observe((performance.now() - started) / 1000);
      ack(PUBACK.SUCCESS);
      this.publishLive(liveMessage(result.reading, result.patientId, storedAtMs), result.patientId !== null);
    }, refuse);
  }

  /**
   * MQTT 5 forbids resending an unacknowledged PUBLISH on a live connection ([MQTT-4.4.0-1]): Mosquitto
   * redelivers it only when the session resumes. Dropping the socket makes MQTT.js reconnect (clean: false)
   * after `reconnectPeriod`, and Mosquitto then resends every unacknowledged message of the session.
   */
  private forceRedelivery(): void {
    if (this.closed) return;
    this.client.stream?.destroy();
  }

  private publishLive(msg: { topic: string; payload: Buffer }, attributed: boolean): void {
    if (this.closed) return;
    this.client.publish(msg.topic, msg.payload, { qos: 1 }, (err) => {
      if (err) this.deps.logger.warn({ err: err.message }, 'live publish failed');
      else this.deps.metrics.livePublishes.inc({ attribution: attributed ? 'patient' : 'unassigned' });
    });
  }
}
