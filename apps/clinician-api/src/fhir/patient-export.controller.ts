import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { FHIR_CONTENT_TYPE, requestBase } from './fhir-request.js';
import { PatientExportService } from './patient-export.service.js';

type Req = Parameters<typeof requestBase>[0];

/** GDPR export of one patient's record (the patient themself or staff of the care team). */
@ApiTags('patients')
@Controller('api/patients')
export class PatientExportController {
  constructor(
    private readonly exports: PatientExportService,
    private readonly config: AppConfig,
  ) {}

  @Get(':id/export')
  @ApiOperation({
    summary: 'Everything held about the patient as a FHIR R4 collection Bundle (GDPR Art. 15/20)',
  })
  @ApiProduces('application/fhir+json')
  async export(
    @Req() req: Req,
    @Param('id', PatientIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const chunks = await this.exports.export(principal, id, requestBase(req, this.config.fhirBaseUrl), meta);
    return new StreamableFile(Readable.from(chunks), {
      type: FHIR_CONTENT_TYPE,
      disposition: `attachment; filename="openward-patient-${id}.json"`,
    });
  }
}
