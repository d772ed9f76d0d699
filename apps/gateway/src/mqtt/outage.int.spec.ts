import { describe, it, expect, afterAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseReading, topics, type ReadingV1 } from '@openward/contracts';
import { freePort, waitFor } from '@openward/testing';
import { pino } from 'pino';
import { LmdbJournal } from '../journal/lmdb-journal.js';
import { GatewayMetrics } from '../metrics.js';
import { ReadingPublisher } from './publisher.js';
import { TestBroker } from '../../test/broker.js';
import { kitReadings, seriesOf } from '../../test/kit.js';
import { tempDir } from '../../test/stack.js';

const gatewayId = 'gw-it-outage-1';
const secret = 'outage-secret';
const DAY_MS = 86_400_000;
const START = 1_767_225_600_000;
const RATE = 5_000; // replay rate under test, readings/s
const WINDOW = 100;

/**
 * Done-when "outage test" (DESIGN.md §10): the broker is down for a simulated 24 h of a full kit
 * (≥ 170k readings journaled at full speed, real lmdb), then back while the kit keeps streaming live.
 */
describe('replay after a 24 h broker outage', () => {
  const dir = tempDir('ow-gw-outage-');
  let broker: TestBroker | null = null;
  let journal: LmdbJournal | null = null;
  let publisher: ReadingPublisher | null = null;

  afterAll(async () => {
    await publisher?.stop(100);
    await journal?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers everything, keeps per-series order, serves live readings first, respects the rate', async () => {
    const port = await freePort();
    const j = LmdbJournal.open(dir);
    journal = j;
    const backlogPublishedAt: number[] = [];
    let backlogAcked = 0;
    const liveAppendedAtBacklogAcks = new Map<string, number>();
    const liveWaitedBehind: number[] = [];
    const p = new ReadingPublisher({
      url: `mqtt://127.0.0.1:${port}`,
      gatewayId,
      secret,
      journal: j,
      metrics: new GatewayMetrics(),
      logger: pino({ level: 'error' }),
      version: 'outage-test',
      startedAt: new Date().toISOString(),
      window: WINDOW,
      reconnectPeriodMs: 100,
      connectTimeoutMs: 1_000,
      replayRatePerSecond: RATE,
      onPublished: (_e, lane) => {
        if (lane === 'backlog') backlogPublishedAt.push(performance.now());
      },
      onAcked: (e, lane) => {
        if (lane === 'backlog') backlogAcked++;
        const before = liveAppendedAtBacklogAcks.get(e.id);
        if (lane === 'live' && before !== undefined) liveWaitedBehind.push(backlogAcked - before);
      },
    });
    publisher = p;
    p.start(); // nothing listens on the port: the outage

    // 1. 24 h of a full kit, appended at full speed with durable commits.
    const day = kitReadings(gatewayId, START, 86_400);
    expect(day.length).toBeGreaterThanOrEqual(170_000);
    const t0 = performance.now();
    for (let i = 0; i < day.length; i += 2_000) {
      await Promise.all(day.slice(i, i + 2_000).map((k) => j.append(k.reading, { priority: k.priority })));
    }
    const appendMs = performance.now() - t0;
    expect(j.size()).toBe(day.length);
    expect(p.connected).toBe(false);

    // 2. The broker comes back; the kit keeps streaming (live) while the backlog replays.
    broker = await TestBroker.start(port, { [gatewayId]: secret });
    await waitFor(() => p.connected, { what: 'publisher reconnected' });
    const live = kitReadings(gatewayId, START + DAY_MS, 60, 86_400); // the next minute of the kit
    for (const k of live.slice(0, 100)) {
      // Recorded before the append: the publisher may publish and ack the entry before `append` resolves here.
      liveAppendedAtBacklogAcks.set(k.reading.id, backlogAcked);
      await j.append(k.reading, { priority: k.priority });
      p.pump();
      await new Promise((r) => setImmediate(r));
    }
    expect(p.stats().replaying).toBe(true); // the live readings above were all appended mid-replay
    await waitFor(() => j.size() === 0 && p.inFlightCount === 0, {
      timeoutMs: 300_000, // ~35 s idle; CI runs two suites at once on 2 cores
      what: 'the backlog drained',
    });

    // All delivered, none twice (no reconnect happened during the drain).
    const b = broker;
    const delivered: ReadingV1[] = b.received
      .filter((m) => m.topic === topics.readings(gatewayId))
      .map((m) => {
        const r = parseReading(m.payload);
        if (!r.ok) throw new Error(r.message);
        return r.value;
      });
    const liveIds = new Set(live.slice(0, 100).map((k) => k.reading.id));
    const expectedIds = new Set([...day.map((k) => k.reading.id), ...liveIds]);
    expect(new Set(delivered.map((r) => r.id))).toEqual(expectedIds);
    expect(delivered.length).toBe(expectedIds.size);

    // Per-series order within the backlog and within the live stream (DESIGN.md §10 "Order").
    const ordered = (rs: ReadingV1[]): boolean => {
      const last = new Map<string, number>();
      for (const r of rs) {
        if ((last.get(seriesOf(r)) ?? -1) >= r.sequence) return false;
        last.set(seriesOf(r), r.sequence);
      }
      return true;
    };
    const backlog = delivered.filter((r) => !liveIds.has(r.id));
    expect(ordered(backlog)).toBe(true);
    expect(ordered(delivered.filter((r) => liveIds.has(r.id)))).toBe(true);
    expect(backlog.length).toBe(day.length);

    // Live first: every live reading arrived before the backlog finished, and waited behind at most
    // one window of backlog publishes (those already in flight when it was appended).
    const lastBacklogIndex = delivered.findLastIndex((r) => !liveIds.has(r.id));
    const liveIndexes = delivered.flatMap((r, i) => (liveIds.has(r.id) ? [i] : []));
    expect(Math.max(...liveIndexes)).toBeLessThan(lastBacklogIndex);
    expect(liveWaitedBehind.length).toBe(100);
    expect(Math.max(...liveWaitedBehind)).toBeLessThanOrEqual(WINDOW);

    // Replay rate: never faster than the configured rate (plus one burst of rate/10).
    const first = backlogPublishedAt[0] ?? 0;
    const drainMs = (backlogPublishedAt.at(-1) ?? 0) - first;
    const measured = ((backlogPublishedAt.length - RATE / 10) / drainMs) * 1000;
    expect(backlogPublishedAt.length).toBe(day.length);
    expect(measured).toBeLessThanOrEqual(RATE * 1.02);
    process.stdout.write(
      `outage test: ${day.length} readings appended in ${(appendMs / 1000).toFixed(1)} s ` +
        `(${Math.round(day.length / (appendMs / 1000))}/s durable); replay at ${RATE}/s configured: ` +
        `${Math.round((backlogPublishedAt.length / drainMs) * 1000)}/s measured over ${(drainMs / 1000).toFixed(1)} s; ` +
        `live waited behind ≤ ${Math.max(...liveWaitedBehind)} backlog acks\n`,
    );
  }, 420_000);

  it('drains at the configured rate and applies a new rate at once (config topic replayRatePerSecond)', async () => {
    const dir2 = tempDir('ow-gw-rate-');
    const port = await freePort();
    const j = LmdbJournal.open(dir2);
    const publishedAt: number[] = [];
    const p = new ReadingPublisher({
      url: `mqtt://127.0.0.1:${port}`,
      gatewayId,
      secret,
      journal: j,
      metrics: new GatewayMetrics(),
      logger: pino({ level: 'error' }),
      version: 'rate-test',
      startedAt: new Date().toISOString(),
      reconnectPeriodMs: 100,
      connectTimeoutMs: 1_000,
      // Rates far below what this machine drains even when CI loads both cores (≈1,600/s measured), so the
      // limiter, not the machine, decides the measured rates.
      replayRatePerSecond: 250,
      onPublished: (_e, lane) => {
        if (lane === 'backlog') publishedAt.push(performance.now());
        if (publishedAt.length === 1_000) p.setReplayRate(1_000);
      },
    });
    p.start();
    const backlog = kitReadings(gatewayId, START, 2_400); // 2 × 2400 continuous + a few spot
    await Promise.all(backlog.map((k) => j.append(k.reading, { priority: k.priority })));
    const b = await TestBroker.start(port, { [gatewayId]: secret });
    try {
      await waitFor(() => j.size() === 0, { timeoutMs: 30_000, what: 'rate-limited drain' });
      const seconds = (from: number, to: number): number =>
        ((publishedAt[to] ?? 0) - (publishedAt[from] ?? 0)) / 1000;
      const rate = (from: number, to: number): number => (to - from) / seconds(from, to);
      // A token bucket may release one stored burst (rate/10) on top of the rate in any interval.
      const ceiling = (r: number, from: number, to: number): number => r + r / 10 / seconds(from, to);
      const last = publishedAt.length - 1;
      const slow = rate(100, 999); // after the initial burst
      const fast = rate(1_200, last);
      process.stdout.write(
        `replay rate: configured 250/s → measured ${Math.round(slow)}/s; then 1000/s → ${Math.round(fast)}/s\n`,
      );
      expect(slow).toBeLessThanOrEqual(ceiling(250, 100, 999));
      expect(slow).toBeGreaterThan(250 * 0.7); // the limiter binds
      expect(fast).toBeLessThanOrEqual(ceiling(1_000, 1_200, last));
      expect(fast).toBeGreaterThan(slow * 2); // the new rate applies at once
      expect(p.stats().replayRatePerSecond).toBe(1_000);
    } finally {
      await p.stop(200);
      await j.close();
      await b.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);
});
