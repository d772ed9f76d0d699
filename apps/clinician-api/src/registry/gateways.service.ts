import { Inject, Injectable } from '@nestjs/common';
import {
  formatEnrollmentCode,
  GATEWAY_ID_PATTERN,
  type GatewayCreated,
  type GatewayEnrollmentIssued,
  type GatewayPage,
  type GatewaySummary,
} from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { pageRequestOrThrow, toPage } from '../common/pagination.js';
import { ADMIN_PAGE } from './admin-params.js';
import { adminAudit } from '../audit/audit-entry.js';
import { GatewaySecrets } from './gateway-secrets.js';
import type { CreateGatewayDto, GatewayRevokedDto, ListGatewaysQuery } from './gateways.dto.js';
import { GatewayRepository, type GatewayRecord, type NewCode } from './gateways.repository.js';
import { RegistryError } from './registry.errors.js';
import { RegistryService } from './registry.service.js';

/** A generated id colliding is a 2^-60 event; a few tries make it impossible in practice. */
const GENERATED_ID_TRIES = 3;

/**
 * Gateway administration (role admin): list, create with a one-time enrolment code, issue a new code or
 * rotate, revoke. Every call is audited, failures included; a change the feed shows is republished at once.
 */
@Injectable()
export class GatewayAdminService {
  constructor(
    private readonly repo: GatewayRepository,
    private readonly secrets: GatewaySecrets,
    private readonly registry: RegistryService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async list(principal: Principal, query: ListGatewaysQuery, meta: RequestMeta): Promise<GatewayPage> {
    const page = pageRequestOrThrow(query, ADMIN_PAGE);
    const rows = await this.repo.list(
      { status: query.status ?? null, after: page.after?.[0] ?? null, limit: page.limit + 1 },
      this.clock.now(),
    );
    await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.gatewayList, 'gateways', 'success'));
    const { items, next } = toPage(rows, page.limit, (g) => [g.id]);
    return { items: items.map(summary), next };
  }

  async create(principal: Principal, body: CreateGatewayDto, meta: RequestMeta): Promise<GatewayCreated> {
    const now = this.clock.now();
    for (let attempt = 0; attempt < GENERATED_ID_TRIES; attempt++) {
      const id = body.id ?? this.secrets.newGatewayId();
      const { code, stored } = this.newCode(principal, now);
      const outcome = await this.repo.create({ id, label: body.label.trim(), createdAt: now }, stored);
      if (outcome === 'created') {
        await this.audit.record(
          adminAudit(principal, meta, AUDIT_ACTIONS.gatewayCreate, `gateways/${id}`, 'success'),
        );
        this.logger.info({ gatewayId: id, actorId: principal.userId }, 'gateway created (pending enrolment)');
        const gateway = await this.repo.find(id, now);
        if (!gateway) throw new RegistryError('GATEWAY_NOT_FOUND');
        return { gateway: summary(gateway), enrollment: code };
      }
      if (body.id !== undefined) break;
    }
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.gatewayCreate, `gateways/${body.id ?? ''}`, 'failure', null, {
        reason: 'GATEWAY_EXISTS',
      }),
    );
    throw new RegistryError('GATEWAY_EXISTS');
  }

  /**
   * A new one-time code for (re-)enrolment; older unused codes stop working. The current secret keeps
   * working until the gateway exchanges the new code, unless `immediate` revokes it now.
   */
  async issueCode(
    principal: Principal,
    gatewayId: string,
    opts: { immediate: boolean; via: 'enrollment-code' | 'rotate' },
    meta: RequestMeta,
  ): Promise<GatewayEnrollmentIssued> {
    const resource = `gateways/${gatewayId}/credentials`;
    const now = this.clock.now();
    const { code, stored } = this.newCode(principal, now);
    const result = GATEWAY_ID_PATTERN.test(gatewayId)
      ? await this.repo.issueCode(gatewayId, stored, opts.immediate)
      : ({ ok: false, code: 'GATEWAY_NOT_FOUND' } as const);
    const detail = { via: opts.via, immediate: opts.immediate };
    if (!result.ok) {
      await this.audit.record(
        adminAudit(principal, meta, AUDIT_ACTIONS.gatewayRotate, resource, 'failure', null, {
          ...detail,
          reason: result.code,
        }),
      );
      throw new RegistryError(result.code);
    }
    const snapshot = await this.registry.changed();
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.gatewayRotate, resource, 'success', null, detail),
    );
    this.logger.info({ gatewayId, actorId: principal.userId, ...detail }, 'gateway enrolment code issued');
    return {
      gatewayId,
      status: result.status,
      enrollment: code,
      immediate: result.registryChanged,
      registryVersion: snapshot.version,
    };
  }

  async revoke(principal: Principal, gatewayId: string, meta: RequestMeta): Promise<GatewayRevokedDto> {
    const resource = `gateways/${gatewayId}`;
    let outcome = 'not_found' as Awaited<ReturnType<GatewayRepository['revoke']>>;
    if (GATEWAY_ID_PATTERN.test(gatewayId)) {
      const now = this.clock.now();
      outcome = await this.repo.revoke(gatewayId, now, null);
      // Never enrolled: the schema wants a hash on a revoked row, so store one of a secret nobody has.
      if (outcome === 'needs_secret')
        outcome = await this.repo.revoke(gatewayId, now, await this.secrets.unusableSecretHash());
    }
    if (outcome === 'not_found' || outcome === 'needs_secret') {
      await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.gatewayRevoke, resource, 'failure'));
      throw new RegistryError('GATEWAY_NOT_FOUND');
    }
    // Revoking twice is harmless: nothing changed, the current version is returned.
    const snapshot = await this.registry.changed();
    await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.gatewayRevoke, resource, 'success'));
    if (outcome === 'revoked') this.logger.info({ gatewayId, actorId: principal.userId }, 'gateway revoked');
    return { gatewayId, status: 'revoked', registryVersion: snapshot.version };
  }

  private newCode(
    principal: Principal,
    now: Date,
  ): { code: { code: string; expiresAt: string }; stored: NewCode } {
    const canonical = this.secrets.newEnrollmentCode();
    const expiresAt = new Date(now.getTime() + this.config.enrollmentCodeTtlMinutes * 60_000);
    return {
      code: { code: formatEnrollmentCode(canonical), expiresAt: expiresAt.toISOString() },
      stored: {
        codeHash: this.secrets.codeHash(canonical),
        createdBy: principal.userId,
        createdAt: now,
        expiresAt,
      },
    };
  }
}

function summary(g: GatewayRecord): GatewaySummary {
  return {
    id: g.id,
    label: g.label,
    status: g.status,
    createdAt: g.createdAt.toISOString(),
    credentialsIssuedAt: g.credentialsRotatedAt?.toISOString() ?? null,
    enrollmentCodeExpiresAt: g.codeExpiresAt?.toISOString() ?? null,
  };
}
