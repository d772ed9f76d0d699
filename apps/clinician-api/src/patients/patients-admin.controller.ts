import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientRecord, PatientRecordPage } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { PatientIdPipe } from './patient-id.pipe.js';
import {
  AdminPatientListQueryDto,
  CreatePatientDto,
  PatientRecordDto,
  PatientRecordPageDto,
  UpdatePatientDto,
} from './patients.dto.js';
import { PatientsAdminService } from './patients-admin.service.js';

/** Admin management of patient records (no clinical data: demographics, team, status). */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/patients')
export class PatientsAdminController {
  constructor(private readonly patients: PatientsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'All patient records, erased ones included (admin)' })
  @ApiOkResponse({ type: PatientRecordPageDto })
  list(
    @Query() query: AdminPatientListQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<PatientRecordPage> {
    return this.patients.list(principal, query, meta);
  }

  @Post()
  @ApiOperation({ summary: 'Enrol a patient: demographics, MRN, care team' })
  @ApiCreatedResponse({ type: PatientRecordDto })
  create(
    @Body() body: CreatePatientDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<PatientRecord> {
    return this.patients.create(principal, body, meta);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update demographics or care team, discharge or re-admit' })
  @ApiOkResponse({ type: PatientRecordDto })
  update(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: UpdatePatientDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<PatientRecord> {
    return this.patients.update(principal, id, body, meta);
  }
}
