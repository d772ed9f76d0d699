import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { RegistryAdminService } from './registry-admin.service.js';
import { ReassignDeviceDto, type DeviceReassignedDto, type GatewayRevokedDto } from './registry-admin.dto.js';

/** Minimal registry administration (role admin, audited); gateway enrolment and the rest come with issue 6. */
@Controller('api/admin')
@Roles('admin')
export class RegistryAdminController {
  constructor(private readonly admin: RegistryAdminService) {}

  @Post('gateways/:gatewayId/revoke')
  @HttpCode(200)
  revokeGateway(
    @Param('gatewayId') gatewayId: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<GatewayRevokedDto> {
    return this.admin.revokeGateway(principal, gatewayId, meta);
  }

  @Post('devices/:address/reassign')
  @HttpCode(200)
  reassignDevice(
    @Param('address') address: string,
    @Body() body: ReassignDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceReassignedDto> {
    return this.admin.reassignDevice(principal, address, body, meta);
  }
}
