import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { parseReading, topics } from '@openward/contracts';
import { freePort, waitFor } from '@openward/testing';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { pino } from 'pino';
import { MemoryJournal } from '../journal/memory-journal.js';
import { GatewayMetrics } from '../metrics.js';
import { ReadingPublisher } from './publisher.js';
import type { ReconnectPolicy } from './reconnect-backoff.js';
import { kitReadings } from '../../test/kit.js';

const gatewayId = 'gw-it-reconnect-1';
const secret = 'reconnect-secret';
const START = 1_767_225_600_000;

/** What the broker answers to each CONNECT, in order: a CONNACK return code, or accept and then drop. */
type Answer = 0 | 3 | 4 | 5 | 'accept-then-drop';

/**
 * A real aedes broker that answers the gateway's successive CONNECTs from a script (then accepts), records
 * accepted reading publishes, and notes the gateway's `gateway_mqtt_reconnect_delay_seconds` at each CONNECT:
 * the delay the gateway will wait should that attempt fail (the backoff state after it started).
 */
class ScriptedBroker {
  readonly readingIds: string[] = [];
  readonly connects: Array<{ answer: Answer; delayMs: number; credentialsOk: boolean }> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
  ) {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(port: number, script: Answer[], metrics: GatewayMetrics): Promise<ScriptedBroker> {
    const dropping = new Set<Client>();
    let self: ScriptedBroker | null = null;
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const answer = script.shift() ?? 0;
        const credentialsOk =
          username === gatewayId && password?.toString() === secret && client.id === gatewayId;
        void metrics.mqttReconnectDelay.get().then((g) => {
          const delayMs = Math.round((g.values[0]?.value ?? NaN) * 1000);
          self?.connects.push({ answer, delayMs, credentialsOk });
          if (credentialsOk && (answer === 0 || answer === 'accept-then-drop')) {
            if (answer === 'accept-then-drop') dropping.add(client);
            done(null, true);
            return;
          }
          const returnCode = answer === 0 || answer === 'accept-then-drop' ? 4 : answer;
          const err = Object.assign(new Error(`scripted refusal ${returnCode}`), { returnCode });
          done(err as AuthenticateError, false);
        });
      },
      authorizePublish: (_client, packet, callback) => {
        if (packet.topic === topics.readings(gatewayId)) {
          const r = parseReading(packet.payload as Buffer);
          if (r.ok) self?.readingIds.push(r.value.id);
        }
        callback(null);
      },
    });
    // Accepted, CONNACK sent, then the connection is cut: a broker that flaps.
    broker.on('clientReady', (client) => {
      if (dropping.delete(client)) client.close();
    });
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    self = new ScriptedBroker(broker, server);
    return self;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.broker.close(() => r()));
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('gateway MQTT reconnect: forever, with backoff, through refused CONNACKs', () => {
  let broker: ScriptedBroker | null = null;
  let publisher: ReadingPublisher | null = null;

  afterEach(async () => {
    await publisher?.stop(100);
    publisher = null;
    await broker?.close();
    broker = null;
  });

  async function run(script: Answer[], reconnect: ReconnectPolicy) {
    const port = await freePort();
    const metrics = new GatewayMetrics();
    const b = await ScriptedBroker.start(port, script, metrics);
    broker = b;
    const journal = new MemoryJournal();
    const backlog = kitReadings(gatewayId, START, 600);
    for (const k of backlog) await journal.append(k.reading, { priority: k.priority });
    const p = new ReadingPublisher({
      url: `mqtt://127.0.0.1:${port}`,
      gatewayId,
      secret,
      journal,
      metrics,
      logger: pino({ level: 'silent' }),
      version: 'reconnect-test',
      startedAt: new Date().toISOString(),
      reconnect,
      random: () => 0.5,
      connectTimeoutMs: 5_000,
      replayRatePerSecond: Infinity,
    });
    publisher = p;
    p.start();
    return { b, p, journal, metrics, backlog };
  }

  const refusedByCode = async (m: GatewayMetrics): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await m.mqttConnectRefused.get()).values.map((v) => [String(v.labels.code), v.value]),
    );
  const reconnects = async (m: GatewayMetrics): Promise<number> =>
    (await m.mqttReconnects.get()).values[0]?.value ?? 0;

  it('keeps retrying after CONNACK 3, 4 and 5 with growing delays, then delivers its whole journal', async () => {
    const script: Answer[] = [3, 3, 4, 5, 3, 0];
    const { b, p, journal, metrics, backlog } = await run([...script], {
      baseMs: 20,
      capMs: 200,
      stableMs: 0,
    });

    await waitFor(() => p.connected && journal.size() === 0 && p.inFlightCount === 0, {
      what: 'connected after the refusals and the journal drained',
    });
    expect(b.connects.map((c) => c.answer)).toEqual(script);
    expect(b.connects.every((c) => c.credentialsOk)).toBe(true);
    // random = 0.5: attempt n waits half of min(cap, base × 2^n): 10, 20, 40, 80, 100 ms. Seen at each
    // CONNECT is the wait should it fail, one step ahead.
    expect(b.connects.map((c) => c.delayMs)).toEqual([10, 20, 40, 80, 100, 100]);
    expect(await refusedByCode(metrics)).toEqual({ '3': 3, '4': 1, '5': 1 });
    expect(await reconnects(metrics)).toBe(5);
    expect(new Set(b.readingIds)).toEqual(new Set(backlog.map((k) => k.reading.id)));
    // Connected: the backoff started over; a drop now retries after half the base delay.
    expect((await metrics.mqttReconnectDelay.get()).values[0]?.value).toBe(0.01);
  });

  it('starts over after a successful connection: the next outage begins at the base delay', async () => {
    const { b, p, journal, metrics, backlog } = await run([3, 3, 3, 'accept-then-drop', 0], {
      baseMs: 20,
      capMs: 10_000,
      stableMs: 0,
    });
    await waitFor(() => b.connects.length === 5 && p.connected && journal.size() === 0, {
      what: 'reconnected after the drop and drained',
    });
    // 3 refusals grow the backoff (10, 20, 40, 80 ms); the accepted connection resets it, so the retry after
    // the drop is attempt 1 again (20 ms should it fail), not attempt 4 (160 ms).
    expect(b.connects.map((c) => c.delayMs)).toEqual([10, 20, 40, 80, 20]);
    expect(await reconnects(metrics)).toBe(4);
    expect(new Set(b.readingIds)).toEqual(new Set(backlog.map((k) => k.reading.id)));
  });

  it('keeps backing off while a broker accepts and drops at once (the connection never became stable)', async () => {
    const flaps: Answer[] = ['accept-then-drop', 'accept-then-drop', 'accept-then-drop', 'accept-then-drop'];
    const { b, p, journal, backlog } = await run([...flaps, 0], {
      baseMs: 20,
      capMs: 10_000,
      stableMs: 60_000,
    });
    await waitFor(() => b.connects.length === 5 && p.connected && journal.size() === 0, {
      what: 'connected for good after the flaps and drained',
    });
    // Each CONNACK was a success, yet none lasted stableMs: the backoff grows as if they had been refused.
    expect(b.connects.map((c) => c.delayMs)).toEqual([10, 20, 40, 80, 160]);
    expect(new Set(b.readingIds)).toEqual(new Set(backlog.map((k) => k.reading.id)));
  });
});
