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
 * How long Mosquitto keeps a session (its shared subscription and the QoS 1 messages queued for it) while
 * the replica is offline: long enough to ride out a restart or a redeploy (DESIGN.md §10, §10.4).
 */
export const SESSION_EXPIRY_S = 24 * 60 * 60;

/**
 * MQTT 5 Receive Maximum each session announces: how many unacknowledged QoS 1 messages Mosquitto may send
 * it. MQTT.js still hands them to ingest one at a time (DESIGN.md §10.5); the rest wait parsed in the client,
 * so the next one is ready the moment the previous commit is acknowledged.
 */
export const SESSION_RECEIVE_MAXIMUM = 100;

/** Longest a graceful DISCONNECT may wait for the live publishes in flight before the socket is dropped. */
const CLOSE_TIMEOUT_MS = 5000;

/** `$share/<group>/openward/v1/gw/+/readings` */
export const sharedReadingsFilter = (group: string): string => `$share/${group}/${topics.allReadings}`;

/** Everything one session needs; shared by all sessions of a replica (one writer, one registry). */
export interface SessionDeps {
  url: string;
  username: string;
  password: string;
  shareGroup: string;
  registry: RegistryPort;
  writer: BatchWriter;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
  /** Give up the first connection after this long (default 10 s). Later drops reconnect forever. */
  connectTimeoutMs?: number;
  /** Called whenever this session connects or loses its connection (the replica recounts its gauge). */
  onStateChange: () => void;
}

/**
 * `member`: subscribed to the share, reconnects forever. `retiring`: a surplus session being drained and
 * deleted (DESIGN.md §10.5): never subscribes, never reconnects (a lost connection keeps the session).
 */
export type SessionRole = 'member' | 'retiring';

/** The ack callback MQTT.js hands to `customHandleAcks`: a reason code sends a PUBACK, an Error withholds it. */
type AckCallback = (error: Error | number, code?: number) => void;

/** Passed to the ack callback to withhold a PUBACK; MQTT.js re-emits it as a client 'error' event. */
export class WithheldAck extends Error {
  constructor(reason: string) {
    super(`PUBACK withheld: ${reason}`);
    this.name = 'WithheldAck';
  }
}

/**
 * One persistent MQTT 5 session on Mosquitto, member of the readings share group (DESIGN.md §10). Each
 * reading goes through the same pipeline as in embedded mode; its PUBACK is held back with MQTT.js
 * `customHandleAcks` until the BatchWriter committed it, so Mosquitto drops a message from this session only
 * once it is durable here (§10.1). A replica runs several of these (§10.5).
 */
export class ConsumerSession {
  private client!: MqttClient;
  private draining = false;
  private closed = false;
  /** True between a CONNACK and the next close; the first one counts only once the SUBACK granted QoS 1. */
  private up = false;
  /** Readings handed to us by MQTT.js so far (each is acknowledged or withheld before the next one). */
  private handled = 0;
  /** Set once a PUBACK was withheld: a retiring session cannot prove it is empty any more. */
  private withheldAny = false;
  /** From the first CONNACK: Mosquitto still held a session under this client id. */
  sessionPresent = false;

  private constructor(
    readonly clientId: string,
    private readonly deps: SessionDeps,
    readonly role: SessionRole,
  ) {}

  /**
   * Connects (and, as a member, subscribes); rejects (with the client ended) if either fails.
   */
  static async start(
    clientId: string,
    deps: SessionDeps,
    role: SessionRole = 'member',
  ): Promise<ConsumerSession> {
    const s = new ConsumerSession(clientId, deps, role);
    await s.connect();
    return s;
  }

  /** Connected to Mosquitto and (at least once) subscribed; false while reconnecting and after close. */
  isConnected(): boolean {
    return !this.closed && this.up && this.client.connected;
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
    // Connected: DISCONNECT once the live publishes in flight are acknowledged. Not connected: MQTT.js would
    // wait for them forever (it keeps them for a reconnect that `end` cancels), so drop the socket.
    if (!this.client.connected || !(await this.endGracefully({}))) this.dropSocket();
    this.setUp(false);
  }

  /** Forced end; also after a graceful `end` that timed out (MQTT.js then ignores a second `end`). */
  private dropSocket(): void {
    this.client.end(true);
    this.client.stream?.destroy();
  }

  /** `end(false)` bounded by {@link CLOSE_TIMEOUT_MS}; false if it failed or timed out. */
  private async endGracefully(disconnect: Parameters<MqttClient['endAsync']>[1]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
    });
    const ended = this.client.endAsync(false, disconnect).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([ended, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Retiring sessions (DESIGN.md §10.5): sends UNSUBSCRIBE for the share filter and resolves, on the UNSUBACK,
   * with the number of readings MQTT.js handed us since the previous round's UNSUBACK (or the CONNACK). MQTT.js
   * handles packets strictly in order and acknowledges each reading before it looks at the next packet, so at
   * that moment every reading that came before the UNSUBACK is committed and acknowledged. Rejects if the
   * connection is lost or a PUBACK was withheld.
   */
  unsubscribeRound(previous: number): Promise<{ received: number; total: number }> {
    return new Promise((resolve, reject) => {
      // Offline, MQTT.js would queue the UNSUBSCRIBE for a reconnect that a retiring session never makes.
      if (this.closed || !this.client.connected) {
        reject(new Error(`${this.clientId}: not connected`));
        return;
      }
      this.client.unsubscribe(sharedReadingsFilter(this.deps.shareGroup), (err) => {
        // Runs inside MQTT.js' handling of the UNSUBACK: read the count before any later packet is handled.
        const total = this.handled;
        if (err) reject(err);
        else if (this.withheldAny) reject(new Error(`${this.clientId}: a PUBACK was withheld`));
        else resolve({ received: total - previous, total });
      });
    });
  }

  /**
   * Ends a drained retiring session for good: DISCONNECT with Session Expiry Interval 0 (MQTT 5 §3.14.2.2.2),
   * so Mosquitto deletes the session and its (empty) queue.
   */
  async endAndDelete(): Promise<void> {
    if (this.closed) throw new Error(`${this.clientId}: already closed`);
    this.closed = true;
    this.draining = true;
    const connected = this.client.connected;
    const ended =
      connected && (await this.endGracefully({ reasonCode: 0, properties: { sessionExpiryInterval: 0 } }));
    this.setUp(false);
    if (!ended) {
      this.dropSocket();
      throw new Error(`${this.clientId}: ${connected ? 'DISCONNECT did not complete' : 'not connected'}`);
    }
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.deps.onStateChange();
  }

  private async connect(): Promise<void> {
    const { url, username, password, logger, shareGroup } = this.deps;
    const clientId = this.clientId;
    const member = this.role === 'member';
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId,
      username,
      password,
      // Persistent session: a restarted replica gets back what Mosquitto queued for it while it was away.
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: SESSION_RECEIVE_MAXIMUM },
      // A retiring session never reconnects: a lost connection ends the retirement, the session stays.
      reconnectPeriod: member ? 1000 : 0,
      connectTimeout: this.deps.connectTimeoutMs ?? 10_000,
      keepalive: 30,
      resubscribe: member,
      customHandleAcks: (topic, message, _packet, cb) => this.onPublish(topic, message, cb as AckCallback),
    };
    const client = connect(url, options);
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`${clientId}: no CONNACK from ${url} in time`)),
        options.connectTimeout,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        client.off('connect', ok);
        client.off('error', fail);
      };
      const ok = (connack: { sessionPresent: boolean }): void => {
        cleanup();
        this.sessionPresent = connack.sessionPresent;
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
      this.setUp(true);
      logger.info({ clientId, sessionPresent: connack.sessionPresent }, 'external broker reconnected');
    });
    client.on('close', () => this.setUp(false));
    client.on('error', (err) => {
      if (err instanceof WithheldAck) return; // already logged where the ack was withheld
      logger.warn({ clientId, err: err.message }, 'external broker client error');
    });
    if (!member) {
      logger.info({ clientId, sessionPresent: this.sessionPresent }, 'surplus external session connected');
      return;
    }
    const filter = sharedReadingsFilter(shareGroup);
    const granted = await client.subscribeAsync(filter, { qos: 1 }).catch(async (e: unknown) => {
      await this.close();
      throw e;
    });
    const qos = granted[0]?.qos;
    if (qos !== 1 && qos !== 0) {
      await this.close();
      throw new Error(`${clientId}: subscription to ${filter} refused (reason ${qos})`);
    }
    this.setUp(client.connected);
    logger.info({ clientId, filter }, 'consuming external broker');
  }

  /** DESIGN.md §10.1: validate, write durably, then PUBACK, then publish live. Never throws. */
  private onPublish(topic: string, payload: Buffer, ack: AckCallback): void {
    const { metrics, logger, writer, registry } = this.deps;
    this.handled++;
    if (this.draining) {
      this.withheldAny = true;
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
      this.withheldAny = true;
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

  /**
   * The live feed goes out on the session that consumed the reading (DESIGN.md §10.5): QoS 1 from a
   * persistent session, so a live message survives a reconnect of that session in MQTT.js' outgoing store.
   */
  private publishLive(msg: { topic: string; payload: Buffer }, attributed: boolean): void {
    if (this.closed) return;
    this.client.publish(msg.topic, msg.payload, { qos: 1 }, (err) => {
      if (err) this.deps.logger.warn({ err: err.message }, 'live publish failed');
      else this.deps.metrics.livePublishes.inc({ attribution: attributed ? 'patient' : 'unassigned' });
    });
  }
}
