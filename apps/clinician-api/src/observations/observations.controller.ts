import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReadingsResponse, SeriesResponse } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { ObservationsQuery, SeriesQueryDto } from './observations.dto.js';
import { ObservationsService } from './observations.service.js';

/** A patient's vitals history from ingest's store (any signed-in user; the access policy decides per patient). */
@ApiTags('observations')
@Controller('api/patients/:id')
export class ObservationsController {
  constructor(private readonly observations: ObservationsService) {}

  @Get('observations')
  @ApiOperation({
    summary: 'Raw stored measurements of a patient, oldest first, paged (contracts ReadingsResponse)',
  })
  readings(
    @Param('id', PatientIdPipe) id: string,
    @Query() query: ObservationsQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<ReadingsResponse> {
    return this.observations.readings(principal, id, query, meta);
  }

  @Get('series')
  @ApiOperation({ summary: 'Min/max/mean per bucket of one metric, for charts (contracts SeriesResponse)' })
  series(
    @Param('id', PatientIdPipe) id: string,
    @Query() query: SeriesQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<SeriesResponse> {
    return this.observations.series(principal, id, query, meta);
  }
}
