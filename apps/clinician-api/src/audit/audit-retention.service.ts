import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AuditRetentionResult } from '@openward/contracts';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { toChainEntry } from './audit-chain.js';
import { retentionCutoff } from './audit-retention.js';
import { AUDIT_ACTIONS, AuditPort, type AuditEntry } from './audit.port.js';
import { AuditStore, type RetentionOutcome } from './audit.store.js';

/** First scheduled run after boot (not at once: boot stays fast), then daily. */
const FIRST_RUN_MS = 60_000;
const DAILY_MS = 86_400_000;

/** Who asked for a cut: an admin through the API, or the daily schedule (no actor). */
export type RetentionTrigger = { readonly principal: Principal; readonly meta: RequestMeta } | null;

/**
 * Audit retention (DESIGN.md §5): daily, and on demand by an admin. Each cut is one transaction that also
 * writes the anchor and appends its own `audit.retention` row to the chain.
 */
@Injectable()
export class AuditRetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  /** Runs are serialised in this process (each waits for the one before). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: AuditStore,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_RUN_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.last.catch(() => undefined);
  }

  /** Runs one cut (one at a time per process; replicas serialise on the chain head lock). */
  run(trigger: RetentionTrigger, now: Date = this.clock.now()): Promise<AuditRetentionResult> {
    const next = this.last.catch(() => undefined).then(() => this.cut(trigger, now));
    this.last = next;
    return next;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.run(null)
        .catch((err: unknown) =>
          this.logger.error({ err: err instanceof Error ? err.name : typeof err }, 'audit retention failed'),
        )
        .finally(() => {
          if (this.timer) this.schedule(DAILY_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async cut(trigger: RetentionTrigger, now: Date): Promise<AuditRetentionResult> {
    const cutoff = retentionCutoff(now, this.config.auditRetentionDays);
    const base = this.entryBase(trigger);
    const outcome = await this.store.cut(cutoff, now, (facts) =>
      toChainEntry(
        {
          ...base,
          outcome: 'success',
          detail: {
            throughId: facts.throughId,
            throughHash: facts.throughHash,
            deletedRows: facts.deletedRows,
            cutoff: facts.cutoff.toISOString(),
          },
        },
        now,
      ),
    );
    const result = toResult(outcome, cutoff);
    if (outcome.kind === 'refused') {
      this.logger.error(
        { brokenId: outcome.broken.id, reason: outcome.broken.reason },
        'audit retention refused',
      );
    }
    if (outcome.kind !== 'cut' && (trigger !== null || outcome.kind === 'refused')) {
      // A cut audits itself inside its transaction; a refusal or an admin's no-op is audited here.
      await this.audit.record({
        ...base,
        outcome: outcome.kind === 'refused' ? 'failure' : 'success',
        detail: {
          deletedRows: 0,
          cutoff: cutoff.toISOString(),
          ...(outcome.kind === 'refused'
            ? { brokenId: outcome.broken.id, reason: outcome.broken.reason }
            : {}),
        },
      });
    }
    if (outcome.kind === 'cut') {
      this.logger.info(
        { throughId: outcome.throughId, deletedRows: outcome.deletedRows },
        'audit retention cut',
      );
    }
    return result;
  }

  private entryBase(trigger: RetentionTrigger): Omit<AuditEntry, 'outcome' | 'detail'> {
    return {
      actorId: trigger?.principal.userId ?? null,
      actorRole: trigger?.principal.role ?? null,
      patientId: null,
      action: AUDIT_ACTIONS.auditRetention,
      resource: 'audit_events',
      sourceIp: trigger?.meta.sourceIp ?? null,
    };
  }
}

function toResult(outcome: RetentionOutcome, cutoff: Date): AuditRetentionResult {
  return {
    outcome: outcome.kind,
    cutoff: cutoff.toISOString(),
    throughId: outcome.kind === 'cut' ? outcome.throughId : null,
    deletedRows: outcome.kind === 'cut' ? outcome.deletedRows : 0,
    broken: outcome.kind === 'refused' ? outcome.broken : null,
  };
}
