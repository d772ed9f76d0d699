import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readingId, type ReadingV1 } from '@openward/contracts';
import type { Logger } from 'pino';
import type { JournalPort } from '../journal/journal-port.js';
import { LmdbJournal } from '../journal/lmdb-journal.js';
import { MemoryJournal } from '../journal/memory-journal.js';
import { GatewayMetrics } from '../metrics.js';
import { ReadingPublisher } from '../mqtt/publisher.js';
import { fleetDeviceAddress, type FleetCredential } from './credentials.js';

export const FLEET_JOURNALS = ['memory', 'lmdb'] as const;
export type FleetJournalKind = (typeof FLEET_JOURNALS)[number];

export interface FleetOptions {
  url: string;
  credentials: readonly FleetCredential[];
  /** Total readings per second across the fleet. */
  ratePerSecond: number;
  durationSeconds: number;
  journal: FleetJournalKind;
  /** Required for `lmdb`: one journal directory per gateway under it. */
  dataDir?: string;
  /** In-flight window per gateway (the gateway's default is 100). */
  window?: number;
  /** How long to wait for every connection before the load starts (default 60 s). */
  connectTimeoutMs?: number;
  /**
   * After the load, how long to keep going until every journal is empty (default 30 s). Meanwhile each
   * gateway keeps reconnecting (every 1 s) and replaying its journal through broker outages, as a real
   * gateway does.
   */
  drainTimeoutMs?: number;
  /**
   * Ends the load early when aborted (the CLI aborts on SIGTERM/SIGINT): no more readings are appended,
   * and the drain phase starts at once. For tests that drive a scenario by events rather than by time.
   */
  stopLoad?: AbortSignal;
  /** Told the id of each reading whose PUBACK arrived (`--acked-file`), before it leaves the journal. */
  onAckedId?: (readingId: string) => void;
  /** Told when a phase ends: all connected (or timed out), load done, drained (or timed out). */
  onPhase?: (phase: FleetPhase) => void;
  logger: Logger;
}

/** Progress events of {@link runFleet}, in order. */
export type FleetPhase =
  | { phase: 'connected'; connected: number; gateways: number }
  | { phase: 'load-done'; appended: number; acked: number; stoppedEarly: boolean }
  | { phase: 'drained' | 'drain-timeout'; unacked: number; drainMs: number };

export interface FleetResult {
  gateways: number;
  connected: number;
  connectMs: number;
  targetRatePerSecond: number;
  appended: number;
  acked: number;
  /** Acked readings ÷ time from the first append to the last PUBACK. */
  achievedRatePerSecond: number;
  /** PUBACK latency: publish handed to MQTT.js → PUBACK, ms. */
  latencyMs: number[];
  unackedAtEnd: number;
  appendErrors: number;
  /** True when `stopLoad` ended the load before `durationSeconds`. */
  stoppedEarly: boolean;
  /** MQTT reconnect attempts summed over the fleet (broker outages show up here). */
  reconnects: number;
  /** Time from the end of the load until the journals were empty (or the drain timed out), ms. */
  drainMs: number;
}

interface SimGateway {
  index: number;
  credential: FleetCredential;
  journal: JournalPort;
  publisher: ReadingPublisher;
  sequence: number;
}

function reading(g: SimGateway, atMs: number): ReadingV1 {
  const address = fleetDeviceAddress(g.index);
  const hr = 60 + (g.sequence % 40);
  const iso = new Date(atMs).toISOString();
  return {
    schema: 'openward.reading/1',
    // Sequence in the id keeps ids unique when one gateway sends several readings in the same ms.
    id: readingId(g.credential.gatewayId, address, '2A37', `${atMs}-${g.sequence}`),
    gatewayId: g.credential.gatewayId,
    device: { address, name: `OW-FLEET ${g.index}` },
    characteristic: '2A37',
    measuredAt: iso,
    receivedAt: iso,
    clockOffsetMs: null,
    sequence: g.sequence++,
    raw: `00${hr.toString(16).padStart(2, '0')}`,
    measurements: [{ metric: 'heart-rate', value: hr, unit: '/min' }],
    decoded: { heartRate: hr, rrIntervalsMs: [] },
  };
}

/**
 * Simulates a fleet of gateways with the gateway's own journal and publisher code (issue 4 item 5):
 * one MQTT connection per gateway with its own credentials, a total reading rate spread round-robin,
 * PUBACK-before-delete exactly as in production. Measures the achieved rate and PUBACK latency.
 *
 * Broker outages (an ingest SIGKILLed by a crash test) are ridden out the production way: appends go on
 * into the journals, each publisher reconnects every second and replays its journal live-first; after the
 * load, the drain phase waits (up to `drainTimeoutMs`) until every journal is empty. With lmdb journals
 * and `onAckedId`, the caller learns exactly which readings the broker acknowledged.
 */
export async function runFleet(opts: FleetOptions): Promise<FleetResult> {
  const metrics = new GatewayMetrics(); // shared: counters sum over the fleet
  const latencies: number[] = [];
  let lastAckAt = 0;
  const gateways: SimGateway[] = opts.credentials.map((credential, i) => {
    const index = i + 1;
    const journal: JournalPort =
      opts.journal === 'lmdb'
        ? LmdbJournal.open(join(requireDir(opts.dataDir), credential.gatewayId))
        : new MemoryJournal();
    const sentAt = new Map<number, number>();
    const publisher = new ReadingPublisher({
      url: opts.url,
      gatewayId: credential.gatewayId,
      secret: credential.secret,
      journal,
      metrics,
      logger: opts.logger.child({ gatewayId: credential.gatewayId }),
      version: 'fleet',
      startedAt: new Date().toISOString(),
      window: opts.window ?? 100,
      reconnectPeriodMs: 1_000,
      keepaliveSeconds: 60,
      onPublished: (e) => sentAt.set(e.key, performance.now()),
      onAcked: (e) => {
        opts.onAckedId?.(e.id);
        const t = sentAt.get(e.key);
        lastAckAt = performance.now();
        if (t !== undefined) latencies.push(lastAckAt - t);
        sentAt.delete(e.key);
      },
    });
    return { index, credential, journal, publisher, sequence: 0 };
  });

  const connectStart = performance.now();
  // Connect in slices so a thousand SYNs do not overflow the broker's accept backlog at once.
  for (let i = 0; i < gateways.length; i += 50) {
    for (const g of gateways.slice(i, i + 50)) g.publisher.start();
    await new Promise((r) => setTimeout(r, 20));
  }
  const connectDeadline = performance.now() + (opts.connectTimeoutMs ?? 60_000);
  while (gateways.some((g) => !g.publisher.connected) && performance.now() < connectDeadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const connectMs = performance.now() - connectStart;
  const connected = gateways.filter((g) => g.publisher.connected).length;
  opts.logger.info(
    { gateways: gateways.length, connected, connectMs: Math.round(connectMs) },
    'fleet connected',
  );
  opts.onPhase?.({ phase: 'connected', connected, gateways: gateways.length });

  let appended = 0;
  let appendErrors = 0;
  let settled = 0;
  const startedAt = performance.now();
  const endAt = startedAt + opts.durationSeconds * 1000;
  let next = 0; // round-robin cursor
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      if (opts.stopLoad?.aborted) {
        resolve();
        return;
      }
      const total = Math.round(opts.ratePerSecond * opts.durationSeconds);
      const due =
        now >= endAt
          ? total - appended
          : Math.floor(((now - startedAt) / 1000) * opts.ratePerSecond) - appended;
      for (let k = 0; k < due; k++) {
        const g = gateways[next] as SimGateway;
        next = (next + 1) % gateways.length;
        appended++;
        g.journal.append(reading(g, Date.now()), { priority: 'continuous' }).then(
          () => {
            settled++;
            g.publisher.pump();
          },
          () => {
            settled++;
            appendErrors++;
          },
        );
      }
      if (now >= endAt) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });

  const stoppedEarly = opts.stopLoad?.aborted ?? false;
  opts.onPhase?.({ phase: 'load-done', appended, acked: latencies.length, stoppedEarly });

  const pending = (): number => gateways.reduce((n, g) => n + g.journal.size(), 0);
  const drainStart = performance.now();
  const drainDeadline = drainStart + (opts.drainTimeoutMs ?? 30_000);
  while ((settled < appended || pending() > 0) && performance.now() < drainDeadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const drainMs = performance.now() - drainStart;
  const acked = latencies.length;
  const unackedAtEnd = pending();
  opts.onPhase?.({
    phase: unackedAtEnd === 0 && settled === appended ? 'drained' : 'drain-timeout',
    unacked: unackedAtEnd,
    drainMs: Math.round(drainMs),
  });
  const reconnects = (await metrics.mqttReconnects.get()).values.reduce((n, v) => n + v.value, 0);
  await Promise.all(gateways.map((g) => g.publisher.stop(1_000)));
  await Promise.all(gateways.map((g) => g.journal.close()));
  return {
    gateways: gateways.length,
    connected,
    connectMs,
    targetRatePerSecond: opts.ratePerSecond,
    appended,
    acked,
    achievedRatePerSecond: acked === 0 ? 0 : acked / ((lastAckAt - startedAt) / 1000),
    latencyMs: latencies,
    unackedAtEnd,
    appendErrors,
    stoppedEarly,
    reconnects,
    drainMs,
  };
}

function requireDir(dir: string | undefined): string {
  if (!dir) throw new Error('dataDir is required for the lmdb journal');
  return dir;
}
