import { Injectable } from '@nestjs/common';
import type { AuditPage, AuditRetentionResult, AuditVerifyResult } from '@openward/contracts';
import type { AuditEvent, Bundle } from '@openward/fhir';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { auditBundle, pageUrl, toAuditRecord } from './audit-export.js';
import { AuditRetentionJob } from './audit-retention.service.js';
import { AuditChainVerification } from './audit-verify.service.js';
import type { StoredRow } from './audit-verify.js';
import { AUDIT_PAGE_DEFAULT, type AuditQueryDto } from './audit.dto.js';
import { AUDIT_ACTIONS, AuditPort, type AuditAction } from './audit.port.js';
import { AuditStore, type AuditFilter } from './audit.store.js';

export const AUDIT_EXPORT_PATH = '/api/admin/audit/export';

/** Admin use of the audit trail: search, FHIR export, verification, retention. Each use is itself audited. */
@Injectable()
export class AuditAdminService {
  constructor(
    private readonly store: AuditStore,
    private readonly audit: AuditPort,
    private readonly verification: AuditChainVerification,
    private readonly retention: AuditRetentionJob,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, query: AuditQueryDto, meta: RequestMeta): Promise<AuditPage> {
    const { rows, nextCursor } = await this.page(query);
    await this.record(principal, meta, AUDIT_ACTIONS.auditRead, query, rows.length);
    return { items: rows.map(toAuditRecord), nextCursor };
  }

  async export(principal: Principal, query: AuditQueryDto, meta: RequestMeta): Promise<Bundle<AuditEvent>> {
    const { rows, nextCursor } = await this.page(query);
    await this.record(principal, meta, AUDIT_ACTIONS.auditExport, query, rows.length);
    const q = { ...query };
    return auditBundle(
      rows,
      {
        self: pageUrl(AUDIT_EXPORT_PATH, q, query.cursor ?? null),
        next: nextCursor === null ? null : pageUrl(AUDIT_EXPORT_PATH, q, nextCursor),
      },
      this.clock.now(),
    );
  }

  async verify(principal: Principal, meta: RequestMeta): Promise<AuditVerifyResult> {
    const result = await this.verification.verify();
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId: null,
      action: AUDIT_ACTIONS.auditVerify,
      resource: 'audit_events',
      outcome: 'success',
      sourceIp: meta.sourceIp,
      detail: {
        ok: result.ok,
        checkedRows: result.checkedRows,
        headId: result.headId,
        brokenId: result.broken?.id ?? null,
        reason: result.broken?.reason ?? null,
      },
    });
    return result;
  }

  retain(principal: Principal, meta: RequestMeta): Promise<AuditRetentionResult> {
    return this.retention.run({ principal, meta });
  }

  /** Newest first; one extra row tells whether there is a next page. */
  private async page(
    query: AuditQueryDto,
  ): Promise<{ rows: readonly StoredRow[]; nextCursor: string | null }> {
    const limit = query.limit === undefined ? AUDIT_PAGE_DEFAULT : Number(query.limit);
    const filter: AuditFilter = {
      ...(query.patientId === undefined ? {} : { patientId: query.patientId }),
      ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.from === undefined ? {} : { from: new Date(query.from) }),
      ...(query.to === undefined ? {} : { to: new Date(query.to) }),
      ...(query.cursor === undefined ? {} : { beforeId: Number(query.cursor) }),
    };
    const found = await this.store.search(filter, limit + 1);
    const rows = found.slice(0, limit);
    const last = rows[rows.length - 1];
    return { rows, nextCursor: found.length > limit && last ? String(last.id) : null };
  }

  /** Who looked at which part of the trail (a patient's trail counts as access to that patient). */
  private async record(
    principal: Principal,
    meta: RequestMeta,
    action: AuditAction,
    query: AuditQueryDto,
    returned: number,
  ): Promise<void> {
    const detail: Record<string, string | number> = { returned };
    for (const k of ['actorId', 'action', 'from', 'to', 'cursor', 'limit'] as const) {
      const v = query[k];
      if (v !== undefined) detail[k] = v;
    }
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId: query.patientId ?? null,
      action,
      resource: 'audit_events',
      outcome: 'success',
      sourceIp: meta.sourceIp,
      detail,
    });
  }
}
