import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Consent, ConsentList } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { RecordIdPipe } from '../patients/record-id.pipe.js';
import { ConsentDto, ConsentListDto, RecordConsentDto } from './consents.dto.js';
import { ConsentError } from './consents.errors.js';
import { ConsentsService } from './consents.service.js';

/** Consent records of one patient: staff of the care team, or the patient themself. */
@ApiTags('consents')
@Controller('api/patients/:id/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @ApiOkResponse({ type: ConsentListDto })
  @ApiOperation({ summary: "A patient's consent records and monitoring consent state" })
  list(
    @Param('id', PatientIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<ConsentList> {
    return this.consents.list(principal, id, meta);
  }

  @Post()
  @ApiCreatedResponse({ type: ConsentDto })
  @ApiOperation({ summary: 'Record a consent (staff of the team, or the patient electronically)' })
  record(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: RecordConsentDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Consent> {
    return this.consents.record(principal, id, body, meta);
  }

  @Post(':consentId/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentDto })
  @ApiOperation({ summary: 'Withdraw a consent' })
  withdraw(
    @Param('id', PatientIdPipe) id: string,
    @Param('consentId', new RecordIdPipe(() => new ConsentError('CONSENT_NOT_FOUND'))) consentId: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Consent> {
    return this.consents.withdraw(principal, id, consentId, meta);
  }
}
