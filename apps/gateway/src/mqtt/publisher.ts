import { performance } from 'node:perf_hooks';
import { encodeReading, topics } from '@openward/contracts';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { JournalEntry } from '../journal/journal-port.js';
import type {
  DefaultStatus,
  Lane,
  PublisherOptions,
  PublisherStats,
  StatusPayloads,
} from './publisher-types.js';
import { driveReconnects, resolveReconnectPolicy } from './reconnect.js';
import { ReconnectBackoff, type ReconnectPolicy } from './reconnect-backoff.js';
import { TokenBucket } from './token-bucket.js';

export type {
  DefaultStatus,
  Lane,
  PublisherMetrics,
  PublisherOptions,
  PublisherStats,
  PublisherTls,
  StatusPayloads,
} from './publisher-types.js';

/** Default replay rate after an outage, readings/s (DESIGN.md §10). */
export const DEFAULT_REPLAY_RATE = 200;

/**
 * Publishes journaled readings with QoS 1 and removes each from the journal only after its PUBACK
 * (DESIGN.md §7). Two lanes share a window of `window` in-flight publishes (DESIGN.md §10): live
 * readings (appended since this connection came up) go first and unthrottled; the backlog (everything
 * older) drains behind them at `replayRatePerSecond`, in key order, never taking the live reserve.
 */
export class ReadingPublisher {
  private client: MqttClient | null = null;
  private readonly inFlight = new Map<number, Lane>();
  private backlogInFlight = 0;
  private liveFrom = 0;
  private liveCursor = 0;
  private backlogCursor = 0;
  private replayStartedAt = 0;
  private replayed = 0;
  private readonly window: number;
  private readonly liveReserve: number;
  private readonly topic: string;
  private readonly statusTopic: string;
  private readonly bucket: TokenBucket;
  private readonly clock: () => number;
  private readonly monotonic: () => number;
  private readonly subscriptions = new Map<string, (payload: Buffer, topic: string) => void>();
  private replayTimer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];
  private pumping = false;
  private readonly reconnectPolicy: ReconnectPolicy;
  private detachReconnects: (() => void) | null = null;

  constructor(private readonly opts: PublisherOptions) {
    this.reconnectPolicy = resolveReconnectPolicy(opts);
    this.window = opts.window ?? 100;
    this.liveReserve = Math.max(1, Math.floor(this.window / 4));
    this.topic = topics.readings(opts.gatewayId);
    this.statusTopic = topics.status(opts.gatewayId);
    this.clock = opts.clock ?? Date.now;
    this.monotonic = opts.monotonic ?? (() => performance.now());
    this.bucket = new TokenBucket(opts.replayRatePerSecond ?? DEFAULT_REPLAY_RATE, this.monotonic());
    // DESIGN.md §9: an entry at the broker may already be delivered; evicting it would miscount a loss.
    opts.journal.setEvictionGuard((key) => this.inFlight.has(key));
    // One warning per eviction batch, ids only (no PHI): an operator must see every loss.
    opts.journal.onEvicted((list) => {
      const byPriority = { continuous: 0, spot: 0 };
      for (const e of list) byPriority[e.priority]++;
      opts.logger.warn(
        { ...byPriority, firstId: list[0]?.id, lastId: list.at(-1)?.id, total: opts.journal.usage().evicted },
        'journal full: readings evicted',
      );
    });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Changes the backlog replay rate at once (config topic `replayRatePerSecond`). */
  setReplayRate(ratePerSecond: number): void {
    if (!(ratePerSecond > 0)) throw new RangeError(`replay rate must be > 0, got ${ratePerSecond}`);
    this.bucket.setRate(ratePerSecond, this.monotonic());
    this.opts.logger.info({ replayRatePerSecond: ratePerSecond }, 'replay rate set');
    this.pump();
  }

  stats(): PublisherStats {
    const usage = this.opts.journal.usage();
    const oldest = this.opts.journal.oldestAppendedAt();
    return {
      connected: this.connected,
      queueDepth: this.opts.journal.size(),
      oldestUnsentAgeSeconds: oldest === null ? 0 : Math.max(0, (this.clock() - oldest) / 1000),
      inFlight: this.inFlight.size,
      replaying: this.backlogCursor < this.liveFrom,
      replayRatePerSecond: this.bucket.ratePerSecond,
      journalBytes: usage.bytes,
      journalMaxBytes: usage.effectiveMaxBytes,
      evicted: { ...usage.evicted, total: usage.evicted.continuous + usage.evicted.spot },
    };
  }

  start(): void {
    const status = this.opts.status ?? this.defaultStatus();
    const backoff = new ReconnectBackoff(this.reconnectPolicy, this.opts.random);
    const options: IClientOptions = {
      clientId: this.opts.gatewayId,
      username: this.opts.gatewayId,
      password: this.opts.secret,
      protocolVersion: 4, // MQTT 3.1.1: what aedes speaks
      clean: true, // DESIGN.md §7: the journal, not the broker session, carries durability
      keepalive: this.opts.keepaliveSeconds ?? 30,
      // DESIGN.md §11: retry forever, also after a refused CONNACK (ingest throttling answers 3, 4 or 5);
      // the period is the first backoff delay, then reconnect.ts updates it before every retry.
      reconnectOnConnackError: true,
      reconnectPeriod: backoff.delay(),
      connectTimeout: this.opts.connectTimeoutMs ?? 10_000,
      will: {
        topic: this.statusTopic,
        payload: Buffer.from(JSON.stringify(status.offline())),
        qos: 1,
        retain: true,
      },
      ...this.opts.tls,
    };
    const client = mqtt.connect(this.opts.url, options);
    this.client = client;
    this.detachReconnects = driveReconnects(client, backoff, {
      stableMs: this.reconnectPolicy.stableMs,
      metrics: this.opts.metrics,
      logger: this.opts.logger,
    });
    client.on('connect', () => this.onConnect(status));
    client.on('close', () => this.opts.metrics.mqttConnected.set(0));
    client.on('offline', () => this.opts.logger.warn('mqtt offline; readings stay journaled'));
    client.on('error', (e) => this.opts.logger.warn({ err: e.message }, 'mqtt error'));
    client.on('message', (topic, payload) => {
      const handler = this.subscriptions.get(topic);
      if (!handler) return;
      try {
        handler(payload, topic);
      } catch (e) {
        this.opts.logger.error({ topic, err: String(e) }, 'subscription handler failed');
      }
    });
    for (const topic of this.subscriptions.keys()) client.subscribe(topic, { qos: 1 });
  }

  private onConnect(status: StatusPayloads): void {
    this.opts.metrics.mqttConnected.set(1);
    // DESIGN.md §10: whatever is journaled now is the backlog; later appends are live.
    this.liveFrom = this.opts.journal.lastKey();
    this.liveCursor = this.liveFrom;
    this.backlogCursor = 0;
    this.replayed = 0;
    this.replayStartedAt = this.monotonic();
    this.opts.logger.info(
      {
        inFlight: this.inFlight.size,
        queueDepth: this.opts.journal.size(),
        replayRatePerSecond: this.bucket.ratePerSecond,
      },
      'mqtt connected',
    );
    void this.publishRetained(this.statusTopic, JSON.stringify(status.online()));
    this.pump();
  }

  private defaultStatus(): StatusPayloads {
    return {
      online: (): DefaultStatus => ({
        state: 'online',
        version: this.opts.version,
        startedAt: this.opts.startedAt,
        queueDepth: this.opts.journal.size(),
      }),
      offline: (): DefaultStatus => ({ state: 'offline' }),
    };
  }

  /** Call after an append: publishes whatever the window and the replay rate allow, live first. */
  pump(): void {
    const client = this.client;
    if (!client || !client.connected || this.pumping) return;
    this.pumping = true;
    try {
      this.pumpLive(client);
      this.pumpBacklog(client);
    } finally {
      this.pumping = false;
    }
    this.updateGauges();
  }

  private pumpLive(client: MqttClient): void {
    while (this.inFlight.size < this.window) {
      const batch = this.opts.journal.pending(this.window - this.inFlight.size, this.liveCursor);
      if (batch.length === 0) return;
      for (const entry of batch) {
        this.liveCursor = entry.key;
        if (!this.inFlight.has(entry.key)) this.publish(client, entry, 'live');
      }
    }
  }

  private pumpBacklog(client: MqttClient): void {
    while (this.backlogCursor < this.liveFrom) {
      const room = Math.min(
        this.window - this.liveReserve - this.backlogInFlight,
        this.window - this.inFlight.size,
      );
      if (room <= 0) return; // an ack will pump again
      const batch = this.opts.journal.pending(room, this.backlogCursor, this.liveFrom);
      if (batch.length === 0) {
        this.backlogCursor = this.liveFrom;
        const ms = this.monotonic() - this.replayStartedAt;
        if (this.replayed > 0) this.opts.logger.info({ replayed: this.replayed, ms }, 'replay done');
        this.opts.onReplayDone?.({ replayed: this.replayed, ms });
        return;
      }
      const fresh = batch.filter((e) => !this.inFlight.has(e.key));
      const granted = this.bucket.take(fresh.length, this.monotonic());
      // Advance past in-flight entries (MQTT.js resends them) and the entries granted a token.
      let published = 0;
      for (const entry of batch) {
        if (this.inFlight.has(entry.key)) {
          this.backlogCursor = entry.key;
          continue;
        }
        if (published >= granted) break;
        this.backlogCursor = entry.key;
        this.publish(client, entry, 'backlog');
        published++;
        this.replayed++;
      }
      if (published < fresh.length) {
        this.scheduleReplay();
        return;
      }
    }
  }

  private scheduleReplay(): void {
    if (this.replayTimer) return;
    const wait = Math.max(1, this.bucket.waitMs(this.monotonic()));
    this.replayTimer = setTimeout(() => {
      this.replayTimer = null;
      this.pump();
    }, wait);
  }

  private publish(client: MqttClient, entry: JournalEntry, lane: Lane): void {
    let payload: Uint8Array;
    try {
      payload = encodeReading(entry.reading);
    } catch (e) {
      // Permanent: a reading that fails its schema will never be accepted. Drop it, loudly.
      this.opts.logger.error({ id: entry.id, err: String(e) }, 'journaled reading is invalid; removed');
      this.opts.metrics.journalErrors.inc({ op: 'invalid' });
      void this.opts.journal.remove(entry.id);
      return;
    }
    this.inFlight.set(entry.key, lane);
    if (lane === 'backlog') this.backlogInFlight++;
    this.opts.metrics.readingsPublished.inc();
    this.opts.onPublished?.(entry, lane);
    client.publish(this.topic, Buffer.from(payload), { qos: 1 }, (err) => {
      if (err) {
        // Transient (connection closed while ending): the entry stays journaled for the next run/connect.
        this.release(entry.key);
        this.opts.logger.debug({ id: entry.id, err: err.message }, 'publish not acknowledged');
        this.settled();
        return;
      }
      // PUBACK received: only now may the reading leave the journal (DESIGN.md §3).
      this.opts.metrics.readingsAcked.inc();
      this.opts.onAcked?.(entry, lane);
      this.opts.journal.remove(entry.id).then(
        () => {
          this.release(entry.key);
          this.settled();
          this.pump();
        },
        (e: unknown) => {
          this.release(entry.key);
          this.opts.metrics.journalErrors.inc({ op: 'remove' });
          this.opts.logger.error({ id: entry.id, err: String(e) }, 'journal remove failed');
          this.settled();
        },
      );
    });
  }

  private release(key: number): void {
    if (this.inFlight.get(key) === 'backlog') this.backlogInFlight--;
    this.inFlight.delete(key);
  }

  private settled(): void {
    this.updateGauges();
    if (this.inFlight.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private updateGauges(): void {
    this.opts.metrics.inFlight.set(this.inFlight.size);
  }

  /**
   * Publishes a retained QoS 1 message (status, heartbeat). Resolves when acknowledged, or at once with a
   * warning logged if the publish failed; while offline MQTT.js queues it until the next connect.
   */
  publishRetained(topic: string, payload: string | Uint8Array): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    return new Promise((resolve) => {
      client.publish(topic, Buffer.from(payload), { qos: 1, retain: true }, (err) => {
        if (err) this.opts.logger.warn({ topic, err: err.message }, 'retained publish failed');
        resolve();
      });
    });
  }

  /**
   * Subscribes (QoS 1) to an exact topic, e.g. the retained config topic. Re-subscribed by MQTT.js on
   * every reconnect; the handler receives each message (including the retained one on subscribe).
   */
  subscribe(topic: string, handler: (payload: Buffer, topic: string) => void): void {
    this.subscriptions.set(topic, handler);
    this.client?.subscribe(topic, { qos: 1 });
  }

  /**
   * Graceful stop (DESIGN.md §8): wait up to `graceMs` for in-flight PUBACKs, publish the retained
   * offline status (a clean DISCONNECT suppresses the will), then disconnect.
   */
  async stop(graceMs = 3_000): Promise<void> {
    const client = this.client;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = null;
    if (!client) return;
    if (client.connected && this.inFlight.size > 0) {
      await Promise.race([
        new Promise<void>((r) => this.idleWaiters.push(r)),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    if (client.connected) {
      const status = this.opts.status ?? this.defaultStatus();
      await Promise.race([
        this.publishRetained(this.statusTopic, JSON.stringify(status.offline())),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    await client.endAsync(!client.connected);
    this.detachReconnects?.();
    this.detachReconnects = null;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = null;
    this.opts.metrics.mqttConnected.set(0);
    this.client = null;
  }
}
