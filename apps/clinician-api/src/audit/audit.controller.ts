import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { AuditPage, AuditRetentionResult, AuditVerifyResult } from '@openward/contracts';
import { FHIR_JSON, type AuditEvent, type Bundle } from '@openward/fhir';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { AuditAdminService } from './audit-admin.service.js';
import { AuditQueryDto } from './audit.dto.js';

/** The audit trail for administrators (privacy/security officers): every use is audited. */
@Controller('api/admin/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly admin: AuditAdminService) {}

  @ApiOperation({
    summary: 'Search the audit trail (admin): patient, actor, action, time range; keyset paging',
  })
  @Get()
  list(
    @Query() query: AuditQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AuditPage> {
    return this.admin.list(principal, query, meta);
  }

  /** The same search as a FHIR R4 searchset Bundle of AuditEvent. */
  @ApiOperation({
    summary: 'Export the same search as a FHIR R4 Bundle of AuditEvent (application/fhir+json)',
  })
  @Get('export')
  @Header('content-type', `${FHIR_JSON}; charset=utf-8`)
  export(
    @Query() query: AuditQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Bundle<AuditEvent>> {
    return this.admin.export(principal, query, meta);
  }

  /** Verifies the whole hash chain (from the latest retention anchor) and names the first broken row. */
  @ApiOperation({ summary: 'Verify the hash chain and name the first broken row' })
  @Get('verify')
  verify(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<AuditVerifyResult> {
    return this.admin.verify(principal, meta);
  }

  /** Runs the retention cut now (normally daily): rows older than API_AUDIT_RETENTION_DAYS. */
  @ApiOperation({ summary: 'Run the audit retention cut now (rows older than API_AUDIT_RETENTION_DAYS)' })
  @Post('retention')
  @HttpCode(200)
  retain(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<AuditRetentionResult> {
    return this.admin.retain(principal, meta);
  }
}
