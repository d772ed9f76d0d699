import { Inject, Injectable } from '@nestjs/common';
import {
  PAGE_DEFAULT_LIMIT,
  PAGE_MAX_LIMIT,
  type BreakGlassGrant,
  type BreakGlassReviewPage,
} from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { pageRequestOrThrow, toPage, type PageQueryDto } from '../common/pagination.js';
import { timeIdPosition } from '../patients/paging.js';
import { PatientError } from '../patients/patients.errors.js';
import { RecordIds } from '../patients/record-ids.js';
import { endRefusal, grantExpiry, grantState, openRefusal } from './break-glass-rules.js';
import type { OpenBreakGlassDto } from './break-glass.dto.js';
import { BreakGlassError } from './break-glass.errors.js';
import { BreakGlassRepository, type GrantRow } from './break-glass.repository.js';

/**
 * Emergency ("break-glass") access: a clinician opens a short grant to one patient outside their care teams,
 * with a mandatory reason. PatientAccess then allows that clinician's reads and flags every one of them
 * `breakGlass` in audit. The reason is stored in the grant (for the admin review), never in logs or audit detail
 * (it may describe the patient's condition); audit keeps only its length.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly grants: BreakGlassRepository,
    private readonly access: PatientAccess,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly ids: RecordIds,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async open(
    principal: Principal,
    patientId: string,
    dto: OpenBreakGlassDto,
    meta: RequestMeta,
  ): Promise<BreakGlassGrant> {
    const refusal = openRefusal(await this.access.check(principal, patientId));
    if (refusal !== null) {
      await this.record(principal, meta, patientId, AUDIT_ACTIONS.breakGlassOpen, 'failure', false, {
        code: refusal,
      });
      throw refusal === 'PATIENT_NOT_FOUND' ? new PatientError(refusal) : new BreakGlassError(refusal);
    }
    const now = this.clock.now();
    const reason = dto.reason.trim();
    const grant: GrantRow = {
      id: this.ids.next('bg'),
      userId: principal.userId,
      patientId,
      reason,
      createdAt: now,
      expiresAt: grantExpiry(now, this.config.breakGlassMinutes),
      endedAt: null,
    };
    // Audited before the grant exists: a grant can never be usable without its audit row.
    await this.record(principal, meta, patientId, AUDIT_ACTIONS.breakGlassOpen, 'success', true, {
      grantId: grant.id,
      reasonLength: reason.length,
      minutes: this.config.breakGlassMinutes,
    });
    await this.grants.insert(grant);
    this.logger.warn({ grantId: grant.id, userId: principal.userId, patientId }, 'break-glass grant opened');
    return toGrant(grant, now);
  }

  async end(principal: Principal, grantId: string, meta: RequestMeta): Promise<BreakGlassGrant> {
    const now = this.clock.now();
    const grant = await this.grants.find(grantId);
    const refusal = endRefusal(principal, grant, now);
    if (refusal !== null || grant === null) throw new BreakGlassError(refusal ?? 'BREAK_GLASS_NOT_FOUND');
    const ended = await this.grants.end(grantId, now);
    if (ended === null) throw new BreakGlassError('BREAK_GLASS_NOT_ACTIVE');
    await this.record(principal, meta, grant.patientId, AUDIT_ACTIONS.breakGlassEnd, 'success', false, {
      grantId,
      byHolder: grant.userId === principal.userId,
    });
    return toGrant(ended, now);
  }

  /** Admin review: every grant, newest first, with its reason and state. */
  async review(principal: Principal, query: PageQueryDto, meta: RequestMeta): Promise<BreakGlassReviewPage> {
    const page = pageRequestOrThrow(query, {
      arity: 2,
      defaultLimit: PAGE_DEFAULT_LIMIT,
      maxLimit: PAGE_MAX_LIMIT,
    });
    const after = timeIdPosition(page.after);
    const rows = await this.grants.review(after, page.limit + 1);
    const { items, next } = toPage(rows, page.limit, (g) => [g.createdAt.toISOString(), g.id]);
    await this.record(principal, meta, null, AUDIT_ACTIONS.breakGlassList, 'success', false, {
      count: items.length,
    });
    const now = this.clock.now();
    return {
      items: items.map((g) => ({ ...toGrant(g, now), userDisplayName: g.userDisplayName, reason: g.reason })),
      next,
    };
  }

  private record(
    principal: Principal,
    meta: RequestMeta,
    patientId: string | null,
    action: (typeof AUDIT_ACTIONS)['breakGlassOpen' | 'breakGlassEnd' | 'breakGlassList'],
    outcome: 'success' | 'failure',
    breakGlass: boolean,
    detail: Record<string, string | number | boolean>,
  ): Promise<void> {
    return this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId,
      action,
      resource: patientId === null ? 'admin/break-glass' : `patients/${patientId}/break-glass`,
      outcome,
      sourceIp: meta.sourceIp,
      breakGlass,
      detail,
    });
  }
}

function toGrant(g: GrantRow, now: Date): BreakGlassGrant {
  return {
    id: g.id,
    userId: g.userId,
    patientId: g.patientId,
    createdAt: g.createdAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    endedAt: g.endedAt?.toISOString() ?? null,
    state: grantState(g, now),
  };
}
