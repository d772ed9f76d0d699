import { performance } from 'node:perf_hooks';
import { readingId, topics, type LiveReading, type ReadingV1 } from '@openward/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import type { BenchCredential } from './setup.js';

/** `"storedAt":"` in a LiveReading (ISO 8601 with ms: 24 characters follow). */
const STORED_AT = Buffer.from('"storedAt":"');

/** Wall-clock ms with sub-ms resolution (same clock as ingest's `Date.now()` on this machine). */
const wallNow = (): number => performance.timeOrigin + performance.now();

export interface LiveProbeResult {
  /** Probe readings: PUBACK received → the same reading received on the live topic, ms. */
  pubackToLiveMs: number[];
  /** Every live message: its `storedAt` (ingest's batch time, stamped before the commit) → receipt, ms. */
  storedToLiveMs: number[];
  /** Probe readings: publish → PUBACK, ms (one client at a low rate, beside the fleet's load). */
  probePubackMs: number[];
  liveMessages: number;
  probeSent: number;
  /** Probe publishes that got no PUBACK (connection closed). */
  probeFailed: number;
}

/**
 * Live-feed latency (DESIGN.md §14): a service subscriber (`svc:bench`, the service token) on
 * `openward/v1/live/#` at QoS 1, as the clinician API subscribes, and a probe gateway that publishes one
 * reading every `intervalMs` while the fleet's load runs. For each probe reading the subscriber's receipt time
 * is compared with the probe's PUBACK time (both `performance.now()` in this process). On the baseline broker
 * the subscriber takes the readings topics instead: the same hop, with aedes' own PUBACK-then-forward.
 */
export class LiveProbe {
  private readonly ackAt = new Map<string, number>();
  private readonly liveAt = new Map<string, number>();
  private readonly storedToLive: number[] = [];
  private readonly probePuback: number[] = [];
  private liveMessages = 0;
  private sent = 0;
  private failed = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly subscriber: MqttClient,
    private readonly gateway: MqttClient,
    private readonly probe: BenchCredential,
    private readonly deviceAddress: string,
  ) {
    const probeId = Buffer.from(`"gatewayId":"${probe.gatewayId}"`);
    subscriber.on('message', (_topic, payload) => {
      const receivedMs = performance.now();
      const wall = wallNow();
      this.liveMessages++;
      // Only the probe's messages are parsed: the subscriber must keep up with the whole feed.
      const at = payload.indexOf(STORED_AT);
      if (at >= 0) {
        const iso = payload.toString('latin1', at + STORED_AT.length, at + STORED_AT.length + 24);
        this.storedToLive.push(wall - Date.parse(iso));
      }
      if (payload.includes(probeId)) {
        const msg = JSON.parse(payload.toString('utf8')) as LiveReading | ReadingV1;
        // ingest delivers LiveReadings; the baseline broker forwards the gateway's reading itself.
        const reading = msg.schema === 'openward.live-reading/1' ? msg.reading : msg;
        this.liveAt.set(reading.id, receivedMs);
      }
    });
  }

  static async start(opts: {
    url: string;
    token: string;
    probe: BenchCredential;
    deviceAddress: string;
    /** Subscription filter: ingest's live feed (default) or, on the baseline broker, the readings topics. */
    filter?: string;
  }): Promise<LiveProbe> {
    const subscriber = await connectAsync(opts.url, {
      clientId: 'svc-bench-live',
      username: 'svc:bench',
      password: opts.token,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await subscriber.subscribeAsync(opts.filter ?? topics.liveAll, { qos: 1 });
    const gateway = await connectAsync(opts.url, {
      clientId: opts.probe.gatewayId,
      username: opts.probe.gatewayId,
      password: opts.probe.secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    return new LiveProbe(subscriber, gateway, opts.probe, opts.deviceAddress);
  }

  /** Publishes one probe reading every `intervalMs` until {@link stop}. */
  run(intervalMs: number): void {
    this.timer = setInterval(() => this.publishOne(), intervalMs);
  }

  private publishOne(): void {
    const atMs = Date.now();
    const seq = this.sent++;
    const iso = new Date(atMs).toISOString();
    const reading: ReadingV1 = {
      schema: 'openward.reading/1',
      id: readingId(this.probe.gatewayId, this.deviceAddress, '2A37', `${atMs}-${seq}`),
      gatewayId: this.probe.gatewayId,
      device: { address: this.deviceAddress },
      characteristic: '2A37',
      measuredAt: iso,
      receivedAt: iso,
      clockOffsetMs: null,
      sequence: seq,
      raw: '0048',
      measurements: [{ metric: 'heart-rate', value: 72, unit: '/min' }],
      decoded: { heartRate: 72 },
    };
    const t0 = performance.now();
    const p = this.gateway
      .publishAsync(topics.readings(this.probe.gatewayId), JSON.stringify(reading), { qos: 1 })
      .then(() => {
        const t1 = performance.now();
        this.ackAt.set(reading.id, t1);
        this.probePuback.push(t1 - t0);
      })
      .catch(() => {
        this.failed++;
      });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Stops publishing, waits for outstanding PUBACKs and live messages (≤ 5 s), disconnects. */
  async stop(): Promise<LiveProbeResult> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    const deadline = performance.now() + 5_000;
    while (this.liveAt.size < this.ackAt.size && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([this.gateway.endAsync(), this.subscriber.endAsync()]);
    const pubackToLiveMs: number[] = [];
    for (const [id, ack] of this.ackAt) {
      const live = this.liveAt.get(id);
      if (live !== undefined) pubackToLiveMs.push(live - ack);
    }
    return {
      pubackToLiveMs,
      storedToLiveMs: this.storedToLive,
      probePubackMs: this.probePuback,
      liveMessages: this.liveMessages,
      probeSent: this.sent,
      probeFailed: this.failed,
    };
  }
}
