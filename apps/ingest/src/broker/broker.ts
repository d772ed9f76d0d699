import type { Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import { liveMessage } from '../pipeline/live.js';
import { validateReading } from '../pipeline/validate.js';
import type { RegistryPort } from '../registry/registry-port.js';
import { BatchWriteError, type BatchWriter } from '../store/batch-writer.js';
import { decidePublish, decideSubscribe, type Identity, type PublishDecision } from './acl.js';
import { AuthGate } from './auth-gate.js';
import { AuthThrottle } from './auth-throttle.js';
import { AUTH_FAILURES, type Authenticator } from './authenticator.js';
import { DEFAULT_MQTT_LIMITS, type MqttLimits } from './broker-config.js';
import { FrameGuard } from './frame-guard.js';
import { MqttListeners } from './listeners.js';
import { PublishLimiter } from './publish-limiter.js';
import { ReleaseQueue } from './release-queue.js';
import type { TlsMaterial } from './tls-material.js';

/** aedes `concurrency` (see listen()). */
const MQ_CONCURRENCY = 10_000;
export interface BrokerDeps {
  host: string;
  /** Plain-TCP port; `'off'` = TLS only (DESIGN.md §13.1). */
  port: number | 'off';
  /** The TLS listener, when configured (DESIGN.md §13.1). */
  tls?: { host: string; port: number; material: TlsMaterial } | null;
  /** Failed-CONNECT throttle and per-client publish rate (DESIGN.md §13.2–13.3); default the defaults. */
  limits?: MqttLimits;
  /** Monotonic clock (ms) for the throttles; default `performance.now`. */
  monotonic?: () => number;
  registry: RegistryPort;
  authenticator: Authenticator;
  writer: BatchWriter;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
}

type Callback = (error?: Error | null) => void;

/**
 * The embedded MQTT broker: aedes on a plain TCP and/or a TLS listener, with ingest's authentication (behind
 * the failed-CONNECT throttle), ACL, per-client publish rate and the write-before-PUBACK publish path
 * (DESIGN.md §3, §5, §13).
 */
export class IngestBroker {
  private readonly identities = new WeakMap<Client, Identity>();
  private readonly gateways = new Set<Client>();
  /** Payloads of dead-lettered messages: acknowledged but never forwarded (DESIGN.md §3). */
  private readonly rejectedPayloads = new WeakSet<Buffer>();
  private readonly sockets = new Set<Socket>();
  /** Clients already disconnected for an over-limit backlog: their remaining packets are refused quietly. */
  private readonly overLimit = new WeakSet<Client>();
  private draining = false;
  private listening = false;
  private readonly monotonic: () => number;
  private readonly gate: AuthGate;
  private readonly limiter: PublishLimiter | null;
  private readonly releases: ReleaseQueue;

  /** Created by {@link IngestBroker.start}. */
  aedes!: Aedes;
  private listeners!: MqttListeners;

  private constructor(private readonly deps: BrokerDeps) {
    const limits = deps.limits ?? DEFAULT_MQTT_LIMITS;
    this.monotonic = deps.monotonic ?? (() => performance.now());
    this.gate = new AuthGate({
      authenticator: deps.authenticator,
      throttle: new AuthThrottle(limits.authThrottle),
      monotonic: this.monotonic,
      metrics: deps.metrics,
      logger: deps.logger,
    });
    this.limiter = limits.clientRate ? new PublishLimiter(limits.clientRate) : null;
    this.releases = new ReleaseQueue(this.monotonic);
    deps.registry.onChange(() => this.enforceRegistry());
  }

  static async start(deps: BrokerDeps): Promise<IngestBroker> {
    const broker = new IngestBroker(deps);
    await broker.listen();
    return broker;
  }

  private async listen(): Promise<void> {
    const { metrics, logger } = this.deps;
    this.aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => this.authorizePublish(client, packet, done),
      authorizeSubscribe: (client, sub, done) => this.authorizeSubscribe(client, sub, done),
      authorizeForward: (_client, packet) =>
        this.rejectedPayloads.has(packet.payload as Buffer) ? null : packet,
      // Gateways pipeline up to their window; aedes parks packets received before CONNACK in this queue.
      queueLimit: 1000,
      // Deliveries in flight in aedes' mqemitter (default 100). Beyond it, messages wait in an array that is
      // drained with Array#shift, O(queue length) per message: with the live feed's QoS 1 subscriber at
      // 10,000 readings/s that queue reached tens of thousands and shift() took 47 % of ingest's CPU
      // (profiled, DESIGN.md §15). Memory stays bounded by the gateways' in-flight windows either way.
      concurrency: MQ_CONCURRENCY,
    });
    this.aedes.on('clientReady', (c) => {
      metrics.connectedClients.inc();
      if (this.identities.get(c)?.kind === 'gateway') this.gateways.add(c);
    });
    this.aedes.on('clientDisconnect', (c) => {
      metrics.connectedClients.dec();
      this.gateways.delete(c);
    });
    this.aedes.on('clientError', (c, err) =>
      logger.debug({ clientId: c.id, err: err.message }, 'client error'),
    );
    try {
      this.listeners = await MqttListeners.open({
        plain: this.deps.port === 'off' ? null : { host: this.deps.host, port: this.deps.port },
        tls: this.deps.tls ?? null,
        onSocket: (socket) => this.accept(socket),
        metrics,
        logger,
      });
    } catch (e) {
      await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
      throw e;
    }
    this.listening = true;
  }

  /** Port of the plain listener; 0 when it is off. */
  get port(): number {
    return this.listeners.plainPort;
  }

  /** Port of the TLS listener; 0 when none is configured. */
  get tlsPort(): number {
    return this.listeners.tlsPort;
  }

  /** Publishes of a gateway held back by its rate limit right now (DESIGN.md §13.3). */
  heldPublishes(gatewayId: string): number {
    return this.limiter?.pendingOf(gatewayId) ?? 0;
  }

  isListening(): boolean {
    return this.listening;
  }

  /** Shutdown step 1: no new connections; publishes still in flight finish, new ones are refused. */
  stopAccepting(): void {
    this.draining = true;
    this.listening = false;
    this.listeners.close();
    this.releases.runAll(); // held publishes are refused now (draining): their gateways redeliver later
  }

  /** Shutdown step 2 (after the writer flushed): disconnect every client and stop aedes. */
  async close(): Promise<void> {
    if (!this.draining) this.stopAccepting();
    this.gate.close();
    this.releases.runAll();
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.setNoDelay(true);
    this.aedes.handle(socket);
    // Added after aedes' 'readable' listener, so 'data' fires for each chunk aedes reads (paused mode)
    // without switching the socket to flowing mode.
    const guard = new FrameGuard();
    socket.on('data', (chunk: Buffer) => {
      const v = guard.feed(chunk);
      if (!v.ok) {
        this.deps.metrics.aclDenied.inc({ action: 'oversize_packet' });
        this.deps.logger.warn(
          { remote: socket.remoteAddress, reason: v.reason, length: v.length },
          'packet refused',
        );
        socket.destroy();
      }
    });
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const remote = (client.conn as { remoteAddress?: string }).remoteAddress;
    this.gate.authenticate(client.id, username, password, remote).then(
      (r) => {
        if (r.ok) {
          this.identities.set(client, r.identity);
          this.deps.logger.info({ clientId: client.id, kind: r.identity.kind }, 'mqtt client authenticated');
          return done(null, true);
        }
        this.deps.metrics.authFailures.inc({ reason: r.reason });
        // Refusals while blocked are counted, not logged one by one (a retry loop would flood the log).
        this.deps.logger[r.reason === 'throttled' ? 'debug' : 'warn'](
          { clientId: client.id, username, reason: r.reason },
          'mqtt connection refused',
        );
        const err = new Error(`connection refused: ${r.reason}`) as AuthenticateError;
        err.returnCode = AUTH_FAILURES[r.reason] as AuthenticateError['returnCode'];
        done(err, false);
      },
      (e: unknown) => {
        this.deps.logger.error({ clientId: client.id, err: e }, 'authentication error');
        const err = new Error('authentication error') as AuthenticateError;
        err.returnCode = 3 as AuthenticateError['returnCode'];
        done(err, false);
      },
    );
  }

  private authorizeSubscribe(
    client: Client,
    sub: Subscription,
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void {
    const identity = this.identities.get(client);
    if (identity && decideSubscribe(identity, sub.topic)) return done(null, sub);
    this.deps.metrics.aclDenied.inc({ action: 'subscribe' });
    this.deps.logger.warn({ clientId: client.id, filter: sub.topic }, 'subscription refused');
    done(null, null); // SUBACK 0x80 for this filter; the connection stays up
  }

  private authorizePublish(client: Client | null, packet: PublishPacket, done: Callback): void {
    const identity = client ? this.identities.get(client) : undefined;
    if (!client || !identity) return done(new Error('unauthenticated publish'));
    if (this.overLimit.has(client)) return done(new Error('publish backlog over limit'));
    const decision = decidePublish(identity, packet.topic);
    if (!decision.allow) {
      this.deps.metrics.aclDenied.inc({ action: 'publish' });
      this.deps.logger.warn(
        { clientId: client.id, topic: packet.topic, reason: decision.reason },
        'publish refused',
      );
      return done(new Error(`publish not authorized: ${decision.reason}`)); // closes the connection, no PUBACK
    }
    if (identity.kind !== 'gateway' || !this.limiter)
      return this.processPublish(client, identity, decision, packet, done);
    // DESIGN.md §13.3: hold the callback (back-pressure) rather than drop; too long a wait disconnects.
    const key = identity.gatewayId;
    const r = this.limiter.reserve(key, this.monotonic());
    if (r.action === 'now') return this.processPublish(client, identity, decision, packet, done);
    if (r.action === 'refuse') {
      this.overLimit.add(client);
      this.deps.metrics.publishThrottled.inc({ outcome: 'disconnected' });
      this.deps.logger.warn(
        { clientId: client.id, waitMs: Math.round(r.waitMs) },
        'publish backlog over limit; disconnecting',
      );
      return done(new Error('publish backlog over limit')); // no PUBACK: the gateway redelivers later
    }
    this.deps.metrics.publishThrottled.inc({ outcome: 'delayed' });
    this.releases.at(r.releaseAtMs, () => {
      this.limiter?.released(key);
      this.processPublish(client, identity, decision, packet, done);
    });
  }

  private processPublish(
    client: Client,
    identity: Identity,
    decision: Extract<PublishDecision, { allow: true }>,
    packet: PublishPacket,
    done: Callback,
  ): void {
    if (decision.kind !== 'reading') return done(null);
    if (identity.kind !== 'gateway' || this.deps.registry.gateway(identity.gatewayId)?.status !== 'active') {
      return done(new Error('gateway not active'));
    }
    if (this.draining) return done(new Error('shutting down')); // no PUBACK: the gateway redelivers later
    // The frame guard destroys the socket of an over-limit packet, but aedes may already hold the whole
    // packet from the same read chunk: never process it.
    if (client.conn.destroyed) return done(new Error('connection closed'));
    packet.retain = false; // readings are never retained (DESIGN.md §3)
    this.handleReading(client, identity.gatewayId, decision.gatewayId, packet, done);
  }

  /** DESIGN.md §3: validate, write durably, then call back (PUBACK), then publish live. */
  private handleReading(
    client: Client,
    clientGw: string,
    topicGw: string,
    packet: PublishPacket,
    done: Callback,
  ): void {
    const { metrics, logger, writer, registry } = this.deps;
    const started = performance.now();
    const receivedAtMs = this.deps.now();
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    metrics.readingsReceived.inc();
    const result = validateReading(payload, {
      topicGatewayId: topicGw,
      clientGatewayId: clientGw,
      registry,
      nowMs: receivedAtMs,
    });
    const refuse = (e: unknown): void => {
      const kind = e instanceof BatchWriteError ? e.kind : 'transient';
      logger.error(
        { clientId: client.id, kind, err: e instanceof BatchWriteError ? e.cause : e },
        'write failed; publish refused',
      );
      done(new Error('store unavailable'));
    };
    if (!result.ok) {
      writer
        .submit({
          deadLetter: {
            receivedAtMs,
            clientId: client.id,
            topic: packet.topic,
            code: result.code,
            message: result.message,
            payload,
          },
        })
        .then(() => {
          this.rejectedPayloads.add(payload);
          packet.payload = payload;
          metrics.rejected.inc({ code: result.code });
          logger.warn(
            { clientId: client.id, code: result.code, detail: result.message },
            'reading dead-lettered',
          );
          done(null);
        }, refuse);
      return;
    }
    writer.submit({ points: result.points }).then(({ storedAtMs }) => {
      metrics.readingsAccepted.inc();
      metrics.ackLatency.observe((performance.now() - started) / 1000);
      done(null);
      this.publishLive(liveMessage(result.reading, result.patientId, storedAtMs), result.patientId !== null);
    }, refuse);
  }

  private publishLive(msg: { topic: string; payload: Buffer }, attributed: boolean): void {
    if (this.aedes.closed) return;
    this.aedes.publish(
      { cmd: 'publish', topic: msg.topic, payload: msg.payload, qos: 1, retain: false, dup: false },
      (err) => {
        if (err) this.deps.logger.warn({ err: err.message }, 'live publish failed');
        else this.deps.metrics.livePublishes.inc({ attribution: attributed ? 'patient' : 'unassigned' });
      },
    );
  }

  /** On a registry change, disconnect gateways that are no longer active (DESIGN.md §8). */
  private enforceRegistry(): void {
    for (const c of this.gateways) {
      const id = this.identities.get(c);
      if (id?.kind !== 'gateway') continue;
      if (this.deps.registry.gateway(id.gatewayId)?.status !== 'active') {
        this.deps.logger.warn({ clientId: c.id }, 'gateway revoked or removed; disconnecting');
        c.close();
      }
    }
  }
}
