import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LatestVitalsResponse, PatientDetail, PatientPage } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { PatientIdPipe } from './patient-id.pipe.js';
import {
  LatestVitalsResponseDto,
  PatientDetailDto,
  PatientListQueryDto,
  PatientPageDto,
} from './patients.dto.js';
import { PatientsService } from './patients.service.js';

/** Patients as staff (their care teams) and patients (themself) see them. */
@ApiTags('patients')
@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's patients (care teams; a patient: self), optionally with latest vitals",
  })
  @ApiOkResponse({ type: PatientPageDto })
  list(
    @Query() query: PatientListQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<PatientPage> {
    return this.patients.list(principal, query, meta);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Demographics and monitoring consent state of one patient' })
  @ApiOkResponse({ type: PatientDetailDto })
  detail(
    @Param('id', PatientIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<PatientDetail> {
    return this.patients.detail(principal, id, meta);
  }

  @Get(':id/vitals/latest')
  @ApiOperation({ summary: 'Latest value of each vital of one patient (from ingest)' })
  @ApiOkResponse({ type: LatestVitalsResponseDto })
  latestVitals(
    @Param('id', PatientIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<LatestVitalsResponse> {
    return this.patients.latestVitals(principal, id, meta);
  }
}
