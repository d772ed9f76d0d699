import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BreakGlassGrant, BreakGlassReviewPage } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { PageQueryDto } from '../common/pagination.js';
import { RecordIdPipe } from '../patients/record-id.pipe.js';
import { BreakGlassGrantDto, BreakGlassReviewPageDto, OpenBreakGlassDto } from './break-glass.dto.js';
import { BreakGlassError } from './break-glass.errors.js';
import { BreakGlassService } from './break-glass.service.js';

const grantIdPipe = new RecordIdPipe(() => new BreakGlassError('BREAK_GLASS_NOT_FOUND'));

/** Emergency access: open (clinician), end (holder or admin), review (admin). */
@ApiTags('break-glass')
@Controller('api')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Post('patients/:id/break-glass')
  @Roles('clinician')
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  @ApiOperation({ summary: 'Open an emergency grant to a patient outside your care teams (reason required)' })
  open(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: OpenBreakGlassDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<BreakGlassGrant> {
    return this.breakGlass.open(principal, id, body, meta);
  }

  @Post('break-glass/:grantId/end')
  @Roles('clinician', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: BreakGlassGrantDto })
  @ApiOperation({ summary: 'End a break-glass grant (its holder or an admin)' })
  end(
    @Param('grantId', grantIdPipe) grantId: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<BreakGlassGrant> {
    return this.breakGlass.end(principal, grantId, meta);
  }

  @Get('admin/break-glass')
  @Roles('admin')
  @ApiOkResponse({ type: BreakGlassReviewPageDto })
  @ApiOperation({ summary: 'Review every break-glass grant with its reason (admin)' })
  review(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<BreakGlassReviewPage> {
    return this.breakGlass.review(principal, query, meta);
  }
}
