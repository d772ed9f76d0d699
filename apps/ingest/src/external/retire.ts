import { MAX_EXTERNAL_SESSIONS } from './external-config.js';
import { ConsumerSession, type SessionDeps } from './session.js';

/** What a retirement run did; `kept` sessions stay on Mosquitto (24 h expiry) and are retried at the next start. */
export interface RetirementReport {
  retired: string[];
  kept: string[];
}

/** A surplus session shown empty: readings it handed over, UNSUBSCRIBE rounds it took. */
interface Drained {
  readings: number;
  rounds: number;
}

export interface RetirementDeps extends Omit<SessionDeps, 'onStateChange'> {
  /** `ingest-<replica id>`. */
  replicaClientId: string;
  /** Sessions in use: `-s1` … `-s<sessions>`; every higher one that Mosquitto still holds is surplus. */
  sessions: number;
  /** Client id of session k (the consumer's naming, passed in to avoid an import cycle). */
  clientIdOf: (k: number) => string;
}

/**
 * Drains and deletes the surplus sessions left on Mosquitto after `INGEST_EXTERNAL_SESSIONS` was lowered
 * (DESIGN.md §10.5). Without it, sessions `-s<N+1>`… would stay in the share group, keep receiving their
 * round-robin share with nobody consuming it, and lose it all when they expire.
 *
 * Per surplus session: connect with its client id (clean start off, so Mosquitto resends what it holds),
 * consume through the normal pipeline, UNSUBSCRIBE from the share so nothing new arrives, and repeat the
 * UNSUBSCRIBE until a round brings no reading; then DISCONNECT with session expiry 0. Why an empty round
 * proves the session empty is in §10.5. Probing stops at the first client id Mosquitto holds no session for;
 * sessions are deleted highest first, so what survives an interrupted run is still a contiguous range.
 */
export class SessionRetirement {
  private stopped = false;
  private readonly open = new Set<ConsumerSession>();
  /** Resolves when the run finished (never rejects). */
  readonly done: Promise<RetirementReport>;

  private constructor(private readonly deps: RetirementDeps) {
    this.done = this.run().catch((e: unknown) => {
      deps.logger.error({ err: e instanceof Error ? e.message : e }, 'surplus session retirement failed');
      return { retired: [], kept: [] };
    });
  }

  /** Starts the retirement in the background. */
  static begin(deps: RetirementDeps): SessionRetirement {
    return new SessionRetirement(deps);
  }

  /** Shutdown step 1: surplus sessions stop processing; they will be retried at the next start. */
  stopAccepting(): void {
    this.stopped = true;
    for (const s of this.open) s.stopAccepting();
  }

  /** Shutdown step 2: closes what is still open, keeping those sessions on Mosquitto, and waits for the run. */
  async stop(): Promise<RetirementReport> {
    this.stopAccepting();
    await Promise.all([...this.open].map((s) => s.close()));
    return this.done;
  }

  private async run(): Promise<RetirementReport> {
    const { sessions, logger } = this.deps;
    const report: RetirementReport = { retired: [], kept: [] };
    const chain: Array<{ session: ConsumerSession; drained: Promise<Drained | null> }> = [];
    for (let k = sessions + 1; k <= MAX_EXTERNAL_SESSIONS && !this.stopped; k++) {
      const session = await this.connect(this.deps.clientIdOf(k));
      if (!session) break;
      if (!session.sessionPresent) {
        // Nothing was there; CONNECT just created an empty session without subscriptions: delete it again.
        await this.finish(session);
        break;
      }
      chain.push({ session, drained: this.drain(session) });
    }
    // Highest first: an interrupted run leaves -s<N+1>…-s<j>, which the next start finds by probing upwards.
    for (const [i, { session, drained }] of [...chain.entries()].reverse()) {
      const result = this.stopped ? null : await drained;
      if (result && !this.stopped && (await this.finish(session))) {
        report.retired.push(session.clientId);
        logger.info(
          { clientId: session.clientId, ...result },
          'surplus external session drained and deleted',
        );
        continue;
      }
      for (const rest of chain.slice(0, i + 1)) {
        await rest.session.close();
        this.open.delete(rest.session);
        report.kept.push(rest.session.clientId);
      }
      logger.warn({ kept: report.kept }, 'surplus external sessions kept; retried at the next start');
      break;
    }
    return report;
  }

  private async connect(clientId: string): Promise<ConsumerSession | null> {
    try {
      const s = await ConsumerSession.start(
        clientId,
        { ...this.deps, onStateChange: () => undefined },
        'retiring',
      );
      this.open.add(s);
      if (this.stopped) s.stopAccepting();
      return s;
    } catch (e) {
      this.deps.logger.warn(
        { clientId, err: e instanceof Error ? e.message : e },
        'surplus session probe failed',
      );
      return null;
    }
  }

  /** Unsubscribe rounds until one brings no reading (DESIGN.md §10.5); null if that cannot be shown. */
  private async drain(session: ConsumerSession): Promise<Drained | null> {
    let total = 0;
    try {
      for (let rounds = 1; ; rounds++) {
        const round = await session.unsubscribeRound(total);
        total = round.total;
        if (round.received === 0) return { readings: total, rounds };
        if (this.stopped) return null;
      }
    } catch (e) {
      this.deps.logger.warn(
        { clientId: session.clientId, err: e instanceof Error ? e.message : e },
        'surplus session drain interrupted',
      );
      return null;
    }
  }

  private async finish(session: ConsumerSession): Promise<boolean> {
    try {
      await session.endAndDelete();
      return true;
    } catch (e) {
      this.deps.logger.warn(
        { clientId: session.clientId, err: e instanceof Error ? e.message : e },
        'surplus session could not be deleted',
      );
      return false;
    } finally {
      this.open.delete(session);
    }
  }
}
