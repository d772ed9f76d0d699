import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CareTeam } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { RecordIdPipe } from '../patients/record-id.pipe.js';
import {
  CareTeamDto,
  CreateCareTeamDto,
  SetCareTeamMembersDto,
  UpdateCareTeamDto,
} from './care-teams.dto.js';
import { CareTeamError } from './care-teams.errors.js';
import { CareTeamsService } from './care-teams.service.js';

const teamIdPipe = new RecordIdPipe(() => new CareTeamError('CARE_TEAM_NOT_FOUND'));

/** The signed-in staff member's own care teams. */
@ApiTags('care-teams')
@Roles('admin', 'nurse', 'clinician')
@Controller('api/care-teams')
export class CareTeamsController {
  constructor(private readonly teams: CareTeamsService) {}

  @Get()
  @ApiOkResponse({ type: [CareTeamDto] })
  @ApiOperation({ summary: "The signed-in staff member's own care teams, with members" })
  mine(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<CareTeam[]> {
    return this.teams.mine(principal, meta);
  }
}

/** Admin management of care teams and their members. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/care-teams')
export class CareTeamsAdminController {
  constructor(private readonly teams: CareTeamsService) {}

  @Get()
  @ApiOkResponse({ type: [CareTeamDto] })
  @ApiOperation({ summary: 'Every care team with members and patient counts (admin)' })
  all(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<CareTeam[]> {
    return this.teams.all(principal, meta);
  }

  @Post()
  @ApiCreatedResponse({ type: CareTeamDto })
  @ApiOperation({ summary: 'Create a care team' })
  create(
    @Body() body: CreateCareTeamDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<CareTeam> {
    return this.teams.create(principal, body, meta);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CareTeamDto })
  @ApiOperation({ summary: 'Rename a care team' })
  rename(
    @Param('id', teamIdPipe) id: string,
    @Body() body: UpdateCareTeamDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<CareTeam> {
    return this.teams.rename(principal, id, body, meta);
  }

  @Put(':id/members')
  @ApiOkResponse({ type: CareTeamDto })
  @ApiOperation({ summary: 'Replace the member list of a care team (applies to the next request)' })
  setMembers(
    @Param('id', teamIdPipe) id: string,
    @Body() body: SetCareTeamMembersDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<CareTeam> {
    return this.teams.setMembers(principal, id, body, meta);
  }
}
