import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type {
  DeviceAssignmentChanged,
  DeviceAssignmentHistory,
  DevicePage,
  DeviceWritten,
} from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import {
  AssignDeviceDto,
  CreateDeviceDto,
  ListDevicesQuery,
  UnassignDeviceDto,
  UpdateDeviceDto,
  type DeviceReassignedDto,
} from './devices.dto.js';
import { DeviceAdminService } from './devices.service.js';

/** Device administration and assignment to patients over time (role admin, audited). */
@Controller('api/admin/devices')
@Roles('admin')
export class DevicesAdminController {
  constructor(private readonly devices: DeviceAdminService) {}

  @ApiOperation({ summary: 'List devices (admin), by gateway or by the patient they are assigned to now' })
  @Get()
  list(
    @Query() query: ListDevicesQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DevicePage> {
    return this.devices.list(principal, query, meta);
  }

  @ApiOperation({ summary: 'Register a BLE device on a gateway' })
  @Post()
  create(
    @Body() body: CreateDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceWritten> {
    return this.devices.create(principal, body, meta);
  }

  @ApiOperation({ summary: "Change a device's model, serial, manufacturer or gateway" })
  @Patch(':address')
  update(
    @Param('address') address: string,
    @Body() body: UpdateDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceWritten> {
    return this.devices.update(principal, address, body, meta);
  }

  @ApiOperation({ summary: "A device's assignments to patients over time, oldest first" })
  @Get(':address/assignments')
  history(
    @Param('address') address: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceAssignmentHistory> {
    return this.devices.history(principal, address, meta);
  }

  @ApiOperation({ summary: 'Assign an unassigned device to a patient from `from` (default now)' })
  @Post(':address/assign')
  @HttpCode(200)
  assign(
    @Param('address') address: string,
    @Body() body: AssignDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceAssignmentChanged> {
    return this.devices.assign(principal, address, body, meta);
  }

  @ApiOperation({ summary: "End a device's current assignment at `to` (default now)" })
  @Post(':address/unassign')
  @HttpCode(200)
  unassign(
    @Param('address') address: string,
    @Body() body: UnassignDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceAssignmentChanged> {
    return this.devices.unassign(principal, address, body, meta);
  }

  @ApiOperation({ summary: 'Move a device to another patient from `from` (default now)' })
  @Post(':address/reassign')
  @HttpCode(200)
  reassign(
    @Param('address') address: string,
    @Body() body: AssignDeviceDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<DeviceReassignedDto> {
    return this.devices.reassign(principal, address, body, meta);
  }
}
