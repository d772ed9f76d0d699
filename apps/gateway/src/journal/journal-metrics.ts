import { Counter, Gauge, type Registry } from 'prom-client';
import { PRIORITIES } from './journal-port.js';
import type { PublisherStats } from '../mqtt/publisher.js';

/**
 * Registers the store-and-forward metrics on `registry` (DESIGN.md §9, §10), sampled from `stats` at
 * scrape time so they can never disagree with the journal: evictions (persisted lifetime counts, by
 * priority), journal bytes and bound, replay state and rate. main.ts calls this once with the
 * publisher's `stats`.
 */
export function registerStoreForwardMetrics(registry: Registry, stats: () => PublisherStats): void {
  new Counter({
    name: 'gateway_journal_evicted_total',
    help: 'Readings evicted (or refused) because the journal was full, by clinical priority; lifetime',
    labelNames: ['priority'] as const,
    registers: [registry],
    collect() {
      const s = stats();
      this.reset();
      for (const p of PRIORITIES) this.inc({ priority: p }, s.evicted[p]);
    },
  });
  new Gauge({
    name: 'gateway_journal_bytes',
    help: 'Accounted bytes of journaled, unacknowledged readings',
    registers: [registry],
    collect() {
      this.set(stats().journalBytes);
    },
  });
  new Gauge({
    name: 'gateway_journal_max_bytes',
    help: 'Journal size bound in force (lowered after a disk-full error)',
    registers: [registry],
    collect() {
      this.set(stats().journalMaxBytes);
    },
  });
  new Gauge({
    name: 'gateway_replay_active',
    help: '1 while a backlog is being replayed after an outage',
    registers: [registry],
    collect() {
      this.set(stats().replaying ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gateway_replay_rate_per_second',
    help: 'Configured backlog replay rate, readings/s',
    registers: [registry],
    collect() {
      this.set(stats().replayRatePerSecond);
    },
  });
}
