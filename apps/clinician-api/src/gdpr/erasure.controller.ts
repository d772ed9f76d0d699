import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ErasureResult, LegalHoldResult } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { ErasePatientDto, ErasureResultDto, LegalHoldDto, LegalHoldResultDto } from './erasure.dto.js';
import { ErasureService } from './erasure.service.js';

/** GDPR erasure and legal hold (admin). */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/patients/:id')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post('erase')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureResultDto })
  @ApiOperation({ summary: 'Erase (pseudonymise) a patient record, unless held or within retention' })
  erase(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: ErasePatientDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<ErasureResult> {
    return this.erasure.erase(principal, id, body, meta);
  }

  @Post('legal-hold')
  @HttpCode(200)
  @ApiOkResponse({ type: LegalHoldResultDto })
  @ApiOperation({ summary: 'Place or lift a legal hold on a patient record' })
  legalHold(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: LegalHoldDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<LegalHoldResult> {
    return this.erasure.legalHold(principal, id, body, meta);
  }
}
