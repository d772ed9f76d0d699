import { Injectable } from '@nestjs/common';
import type { CareTeam } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { RecordIds } from '../patients/record-ids.js';
import type { CreateCareTeamDto, SetCareTeamMembersDto, UpdateCareTeamDto } from './care-teams.dto.js';
import { CareTeamError } from './care-teams.errors.js';
import { CareTeamRepository } from './care-teams.repository.js';
import { invalidMembers } from './membership.js';

/**
 * Care teams: who may see which patients. A membership change applies to the member's next request (the
 * session check loads the care teams with the session on every request, src/auth/session-authenticator.ts).
 */
@Injectable()
export class CareTeamsService {
  constructor(
    private readonly teams: CareTeamRepository,
    private readonly audit: AuditPort,
    private readonly ids: RecordIds,
  ) {}

  /** The caller's own teams. */
  async mine(principal: Principal, meta: RequestMeta): Promise<CareTeam[]> {
    const teams = await this.teams.list(principal.careTeams);
    await this.record(principal, meta, AUDIT_ACTIONS.careTeamList, 'care-teams', { count: teams.length });
    return teams;
  }

  async all(principal: Principal, meta: RequestMeta): Promise<CareTeam[]> {
    const teams = await this.teams.list(null);
    await this.record(principal, meta, AUDIT_ACTIONS.careTeamList, 'admin/care-teams', {
      count: teams.length,
    });
    return teams;
  }

  async create(principal: Principal, dto: CreateCareTeamDto, meta: RequestMeta): Promise<CareTeam> {
    const id = dto.id ?? this.ids.next('team');
    if (!(await this.teams.insert(id, dto.name))) throw new CareTeamError('CARE_TEAM_ID_TAKEN');
    await this.record(principal, meta, AUDIT_ACTIONS.careTeamWrite, `admin/care-teams/${id}`, {
      op: 'create',
    });
    return this.one(id);
  }

  async rename(
    principal: Principal,
    id: string,
    dto: UpdateCareTeamDto,
    meta: RequestMeta,
  ): Promise<CareTeam> {
    if (!(await this.teams.rename(id, dto.name))) throw new CareTeamError('CARE_TEAM_NOT_FOUND');
    await this.record(principal, meta, AUDIT_ACTIONS.careTeamWrite, `admin/care-teams/${id}`, {
      op: 'rename',
    });
    return this.one(id);
  }

  async setMembers(
    principal: Principal,
    id: string,
    dto: SetCareTeamMembersDto,
    meta: RequestMeta,
  ): Promise<CareTeam> {
    if (!(await this.teams.exists(id))) throw new CareTeamError('CARE_TEAM_NOT_FOUND');
    const invalid = invalidMembers(dto.userIds, await this.teams.accounts(dto.userIds));
    if (invalid.length > 0)
      throw new CareTeamError('CARE_TEAM_MEMBER_INVALID', `invalid: ${invalid.join(', ')}`);
    await this.teams.setMembers(id, dto.userIds);
    await this.record(principal, meta, AUDIT_ACTIONS.careTeamWrite, `admin/care-teams/${id}/members`, {
      op: 'members',
      members: dto.userIds.length,
    });
    return this.one(id);
  }

  private async one(id: string): Promise<CareTeam> {
    const [team] = await this.teams.list([id]);
    if (!team) throw new CareTeamError('CARE_TEAM_NOT_FOUND');
    return team;
  }

  private record(
    principal: Principal,
    meta: RequestMeta,
    action: typeof AUDIT_ACTIONS.careTeamList | typeof AUDIT_ACTIONS.careTeamWrite,
    resource: string,
    detail: Record<string, string | number>,
  ): Promise<void> {
    return this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId: null,
      action,
      resource,
      outcome: 'success',
      sourceIp: meta.sourceIp,
      detail,
    });
  }
}
