import { Controller, Get, Param } from '@nestjs/common';
import type { LatestVitalsResponse, PatientSummary } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { PatientIdPipe } from './patient-id.pipe.js';
import { PatientsService } from './patients.service.js';

@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<PatientSummary[]> {
    return this.patients.list(principal, meta);
  }

  @Get(':id/vitals/latest')
  latestVitals(
    @Param('id', PatientIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<LatestVitalsResponse> {
    return this.patients.latestVitals(principal, id, meta);
  }
}
