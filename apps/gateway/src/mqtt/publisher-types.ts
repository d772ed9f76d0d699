import type { Logger } from 'pino';
import type { JournalEntry, JournalPort } from '../journal/journal-port.js';
import type { GatewayMetrics } from '../metrics.js';
import type { ReconnectPolicy } from './reconnect-backoff.js';

/** The metrics the publisher updates (a subset of {@link GatewayMetrics}, so a fleet can share one). */
export type PublisherMetrics = Pick<
  GatewayMetrics,
  | 'readingsPublished'
  | 'readingsAcked'
  | 'journalErrors'
  | 'inFlight'
  | 'mqttConnected'
  | 'mqttReconnects'
  | 'mqttReconnectDelay'
  | 'mqttConnectRefused'
>;

/** TLS material for `mqtts://` (PEM contents, not paths). */
export interface PublisherTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

/** Builds the retained status payloads (the status component owns their content). */
export interface StatusPayloads {
  online: () => unknown;
  /** Used both as the last will (built once, at connect) and for a graceful shutdown. */
  offline: () => unknown;
}

export interface PublisherOptions {
  url: string;
  gatewayId: string;
  secret: string;
  journal: JournalPort;
  metrics: PublisherMetrics;
  logger: Logger;
  version: string;
  startedAt: string;
  /** Most reading publishes awaiting PUBACK at once (DESIGN.md §1.4). */
  window?: number;
  keepaliveSeconds?: number;
  /**
   * Shorthand for a fixed retry bound (`reconnect` = `{ baseMs: n, capMs: n, stableMs: 0 }`: each retry
   * waits a random 1…n ms, no growth), for tests and the fleet generator. Production leaves it unset.
   */
  reconnectPeriodMs?: number;
  /** Reconnect backoff (DESIGN.md §11); fields override the default 1 s doubling to 60 s, reset after 10 s up. */
  reconnect?: Partial<ReconnectPolicy>;
  /** Random source in [0, 1) for the reconnect jitter; default `Math.random`. */
  random?: () => number;
  connectTimeoutMs?: number;
  /** Backlog replay rate, readings/s; `Infinity` = unlimited (DESIGN.md §10). Default 200. */
  replayRatePerSecond?: number;
  tls?: PublisherTls;
  status?: StatusPayloads;
  /** Wall clock (epoch ms) for ages; default `Date.now`. */
  clock?: () => number;
  /** Monotonic clock (ms) for the replay rate; default `performance.now`. */
  monotonic?: () => number;
  /** Told when a reading is handed to MQTT and when its PUBACK arrived (fleet latency, tests). */
  onPublished?: (entry: JournalEntry, lane: Lane) => void;
  onAcked?: (entry: JournalEntry, lane: Lane) => void;
  /** Told when the backlog of a connection has been fully handed to MQTT. */
  onReplayDone?: (info: { replayed: number; ms: number }) => void;
}

/** Which lane a publish came from (DESIGN.md §10). */
export type Lane = 'live' | 'backlog';

/** Legacy default status payloads on `openward/v1/gw/{id}/status`. */
export type DefaultStatus =
  { state: 'online'; version: string; startedAt: string; queueDepth: number } | { state: 'offline' };

/** What the status component and /health need from store-and-forward. */
export interface PublisherStats {
  connected: boolean;
  queueDepth: number;
  /** Age of the oldest reading not yet acknowledged, seconds (0 when empty). */
  oldestUnsentAgeSeconds: number;
  inFlight: number;
  /** True while the backlog of the current connection is still being replayed. */
  replaying: boolean;
  replayRatePerSecond: number;
  journalBytes: number;
  journalMaxBytes: number;
  evicted: { continuous: number; spot: number; total: number };
}
