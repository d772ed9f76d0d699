import { encodeReading, topics } from '@openward/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { JournalEntry, JournalPort } from '../journal/journal-port.js';
import type { GatewayMetrics } from '../metrics.js';

export interface PublisherOptions {
  url: string;
  gatewayId: string;
  secret: string;
  journal: JournalPort;
  metrics: GatewayMetrics;
  logger: Logger;
  version: string;
  startedAt: string;
  /** Most reading publishes awaiting PUBACK at once (DESIGN.md §1.4). */
  window?: number;
  keepaliveSeconds?: number;
  reconnectPeriodMs?: number;
}

/** Retained status payloads on `openward/v1/gw/{id}/status`. */
export type GatewayStatus =
  { state: 'online'; version: string; startedAt: string; queueDepth: number } | { state: 'offline' };

/**
 * Publishes journaled readings with QoS 1 and removes each from the journal only after its PUBACK
 * (DESIGN.md §7). The journal is read in key order behind a cursor, with at most `window` publishes in
 * flight; live readings go through the same path, so a backlog always drains first and order holds.
 */
export class ReadingPublisher {
  private client: MqttClient | null = null;
  private readonly inFlight = new Set<number>();
  private cursor = 0;
  private readonly window: number;
  private readonly topic: string;
  private readonly statusTopic: string;
  private idleWaiters: Array<() => void> = [];
  private pumping = false;

  constructor(private readonly opts: PublisherOptions) {
    this.window = opts.window ?? 100;
    this.topic = topics.readings(opts.gatewayId);
    this.statusTopic = topics.status(opts.gatewayId);
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    const offline: GatewayStatus = { state: 'offline' };
    const client = mqtt.connect(this.opts.url, {
      clientId: this.opts.gatewayId,
      username: this.opts.gatewayId,
      password: this.opts.secret,
      protocolVersion: 4, // MQTT 3.1.1: what aedes speaks
      clean: true, // DESIGN.md §7: the journal, not the broker session, carries durability
      keepalive: this.opts.keepaliveSeconds ?? 30,
      reconnectPeriod: this.opts.reconnectPeriodMs ?? 2_000,
      connectTimeout: 10_000,
      will: { topic: this.statusTopic, payload: Buffer.from(JSON.stringify(offline)), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      this.opts.metrics.mqttConnected.set(1);
      this.opts.logger.info(
        { inFlight: this.inFlight.size, queueDepth: this.opts.journal.size() },
        'mqtt connected',
      );
      this.publishStatus({
        state: 'online',
        version: this.opts.version,
        startedAt: this.opts.startedAt,
        queueDepth: this.opts.journal.size(),
      });
      // Re-read the whole journal: in-flight keys are resent by MQTT.js itself and skipped here.
      this.cursor = 0;
      this.pump();
    });
    client.on('reconnect', () => this.opts.metrics.mqttReconnects.inc());
    client.on('close', () => this.opts.metrics.mqttConnected.set(0));
    client.on('offline', () => this.opts.logger.warn('mqtt offline; readings stay journaled'));
    client.on('error', (e) => this.opts.logger.warn({ err: e.message }, 'mqtt error'));
  }

  /** Call after an append: publishes whatever fits in the window. */
  pump(): void {
    const client = this.client;
    if (!client || !client.connected || this.pumping) return;
    this.pumping = true;
    try {
      while (this.inFlight.size < this.window) {
        const batch = this.opts.journal.pending(this.window - this.inFlight.size, this.cursor);
        if (batch.length === 0) break;
        for (const entry of batch) {
          this.cursor = entry.key;
          if (!this.inFlight.has(entry.key)) this.publish(client, entry);
        }
      }
    } finally {
      this.pumping = false;
    }
    this.updateGauges();
  }

  private publish(client: MqttClient, entry: JournalEntry): void {
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
    this.inFlight.add(entry.key);
    this.opts.metrics.readingsPublished.inc();
    client.publish(this.topic, Buffer.from(payload), { qos: 1 }, (err) => {
      if (err) {
        // Transient (connection closed while ending): the entry stays journaled for the next run/connect.
        this.inFlight.delete(entry.key);
        this.opts.logger.debug({ id: entry.id, err: err.message }, 'publish not acknowledged');
        this.settled();
        return;
      }
      // PUBACK received: only now may the reading leave the journal (DESIGN.md §3).
      this.opts.metrics.readingsAcked.inc();
      this.opts.journal.remove(entry.id).then(
        () => {
          this.inFlight.delete(entry.key);
          this.settled();
          this.pump();
        },
        (e: unknown) => {
          this.inFlight.delete(entry.key);
          this.opts.metrics.journalErrors.inc({ op: 'remove' });
          this.opts.logger.error({ id: entry.id, err: String(e) }, 'journal remove failed');
          this.settled();
        },
      );
    });
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

  private publishStatus(status: GatewayStatus): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    return new Promise((resolve) => {
      client.publish(this.statusTopic, JSON.stringify(status), { qos: 1, retain: true }, (err) => {
        if (err) this.opts.logger.warn({ err: err.message }, 'status publish failed');
        resolve();
      });
    });
  }

  /**
   * Graceful stop (DESIGN.md §8): wait up to `graceMs` for in-flight PUBACKs, publish the retained
   * offline status (a clean DISCONNECT suppresses the will), then disconnect.
   */
  async stop(graceMs = 3_000): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (client.connected && this.inFlight.size > 0) {
      await Promise.race([
        new Promise<void>((r) => this.idleWaiters.push(r)),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    if (client.connected) {
      await Promise.race([
        this.publishStatus({ state: 'offline' }),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    await client.endAsync(!client.connected);
    this.opts.metrics.mqttConnected.set(0);
    this.client = null;
  }
}
