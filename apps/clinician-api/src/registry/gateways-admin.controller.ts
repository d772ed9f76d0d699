import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { GatewayCreated, GatewayEnrollmentIssued, GatewayPage } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import {
  CreateGatewayDto,
  ListGatewaysQuery,
  RotateGatewayDto,
  type GatewayRevokedDto,
} from './gateways.dto.js';
import { GatewayAdminService } from './gateways.service.js';

/** Gateway administration (role admin, audited). Enrolment codes are returned once and never stored. */
@Controller('api/admin/gateways')
@Roles('admin')
export class GatewaysAdminController {
  constructor(private readonly gateways: GatewayAdminService) {}

  @ApiOperation({ summary: 'List gateways (admin), optionally by status' })
  @Get()
  list(
    @Query() query: ListGatewaysQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayPage> {
    return this.gateways.list(principal, query, meta);
  }

  /** Creates a pending gateway and its first one-time enrolment code. */
  @ApiOperation({ summary: 'Create a pending gateway and its one-time enrolment code (shown once)' })
  @Post()
  create(
    @Body() body: CreateGatewayDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayCreated> {
    return this.gateways.create(principal, body, meta);
  }

  /** A new enrolment code; unused older ones stop working. */
  @ApiOperation({ summary: 'Issue a new one-time enrolment code (older unused codes stop working)' })
  @Post(':gatewayId/enrollment-code')
  issueCode(
    @Param('gatewayId') gatewayId: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayEnrollmentIssued> {
    return this.gateways.issueCode(principal, gatewayId, { immediate: false, via: 'enrollment-code' }, meta);
  }

  /** Credential rotation: a code to re-enrol; the old secret works until then unless `immediate`. */
  @ApiOperation({
    summary: 'Rotate credentials: a code to re-enrol; `immediate` revokes the current secret now',
  })
  @Post(':gatewayId/rotate')
  @HttpCode(200)
  rotate(
    @Param('gatewayId') gatewayId: string,
    @Body() body: RotateGatewayDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayEnrollmentIssued> {
    return this.gateways.issueCode(
      principal,
      gatewayId,
      { immediate: body.immediate === true, via: 'rotate' },
      meta,
    );
  }

  @ApiOperation({ summary: 'Revoke a gateway for good (ingest refuses it within seconds)' })
  @Post(':gatewayId/revoke')
  @HttpCode(200)
  revoke(
    @Param('gatewayId') gatewayId: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayRevokedDto> {
    return this.gateways.revoke(principal, gatewayId, meta);
  }
}
