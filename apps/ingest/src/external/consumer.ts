import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import type { RegistryPort } from '../registry/registry-port.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { SessionRetirement, type RetirementReport } from './retire.js';
import { ConsumerSession } from './session.js';

export { SESSION_EXPIRY_S, WithheldAck, sharedReadingsFilter } from './session.js';
export type { RetirementReport } from './retire.js';

export interface ExternalConsumerDeps {
  url: string;
  username: string;
  password: string;
  /** `ingest-<INGEST_REPLICA_ID>`: the sessions are `<replicaClientId>-s1` … `-s<sessions>`. */
  replicaClientId: string;
  /** `INGEST_EXTERNAL_SESSIONS`: MQTT sessions this replica keeps in the share group (DESIGN.md §10.5). */
  sessions: number;
  shareGroup: string;
  registry: RegistryPort;
  writer: BatchWriter;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
  /** Give up the first connection after this long (default 10 s). Later drops reconnect forever. */
  connectTimeoutMs?: number;
}

/**
 * Client id of session `k` (1-based) of a replica. Stable across restarts, so each session resumes its
 * persistent state on Mosquitto (what was queued or in flight for it, DESIGN.md §10.4). Pure.
 */
export const sessionClientId = (replicaClientId: string, k: number): string => `${replicaClientId}-s${k}`;

/**
 * External broker mode (DESIGN.md §10): `sessions` persistent MQTT 5 sessions of this replica, all members
 * of the readings share group and all feeding the one BatchWriter. MQTT.js hands a session's next message to
 * ingest only after the previous one was acknowledged, i.e. committed (§10.1); with N sessions up to N
 * readings are in flight at once and meet in one group commit (§10.5).
 */
export class ExternalConsumer {
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly sessions: readonly ConsumerSession[],
    private readonly metrics: IngestMetrics,
    private readonly surplus: SessionRetirement,
  ) {}

  /** Connects and subscribes every session; if one fails, closes those that connected and rejects. */
  static async start(deps: ExternalConsumerDeps): Promise<ExternalConsumer> {
    const { replicaClientId, sessions: n, metrics, logger } = deps;
    if (!Number.isInteger(n) || n < 1) throw new Error(`sessions must be a positive integer, got ${n}`);
    const started: ConsumerSession[] = [];
    const recount = (): void =>
      metrics.externalSessionsConnected.set(started.filter((s) => s.isConnected()).length);
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        ConsumerSession.start(sessionClientId(replicaClientId, i + 1), {
          ...deps,
          onStateChange: recount,
        }).then((s) => {
          started.push(s);
          recount();
          return s;
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => s.close()));
      metrics.externalSessionsConnected.set(0);
      throw failed.reason;
    }
    started.sort((a, b) => a.clientId.localeCompare(b.clientId, 'en', { numeric: true }));
    logger.info({ replicaClientId, sessions: n }, 'external consumer sessions ready');
    // Sessions left over from a larger INGEST_EXTERNAL_SESSIONS are drained and deleted in the background.
    const surplus = SessionRetirement.begin({
      ...deps,
      clientIdOf: (k) => sessionClientId(replicaClientId, k),
    });
    return new ExternalConsumer(started, metrics, surplus);
  }

  /** The background retirement of surplus sessions (DESIGN.md §10.5); resolves when it is over. */
  retirement(): Promise<RetirementReport> {
    return this.surplus.done;
  }

  /** Client ids of the sessions, `…-s1` first. */
  clientIds(): string[] {
    return this.sessions.map((s) => s.clientId);
  }

  /** Sessions currently connected and subscribed (also the `ingest_external_sessions_connected` gauge). */
  connectedSessions(): number {
    return this.sessions.filter((s) => s.isConnected()).length;
  }

  /**
   * Readiness (DESIGN.md §10.5): every session connected. A session that is down holds back its share of the
   * stream (Mosquitto keeps queueing for it, §10.4), which is worth reporting even if the others consume.
   */
  isConnected(): boolean {
    return this.closing === null && this.connectedSessions() === this.sessions.length;
  }

  /** Shutdown step 1: no session processes or acknowledges readings arriving from now on. */
  stopAccepting(): void {
    for (const s of this.sessions) s.stopAccepting();
    this.surplus.stopAccepting();
  }

  /**
   * Shutdown step 2 (after the writer flushed): disconnects every session; each session and its queue stay on
   * Mosquitto for the replica's restart.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopAccepting();
      await Promise.all([...this.sessions.map((s) => s.close()), this.surplus.stop()]);
      this.metrics.externalSessionsConnected.set(0);
    })();
    return this.closing;
  }
}
