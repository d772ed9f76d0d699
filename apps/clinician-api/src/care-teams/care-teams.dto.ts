import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CARE_TEAM_ID_PATTERN,
  USER_ROLES,
  type CareTeam,
  type CareTeamMember,
  type UserRole,
} from '@openward/contracts';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { TRIMMED } from '../patients/patients.dto.js';
import { RECORD_ID_PATTERN } from '../patients/record-id.pipe.js';

/** Body of `POST /api/admin/care-teams`. */
export class CreateCareTeamDto {
  @ApiPropertyOptional({ description: 'Slug id (default: generated)', example: 'team-east' })
  @IsOptional()
  @IsString()
  @Matches(CARE_TEAM_ID_PATTERN, { message: 'id must be a lowercase slug (a-z, 0-9, -), 3..64 characters' })
  id?: string;

  @ApiProperty({ example: 'East community team' })
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'name must not be blank or padded' })
  name!: string;
}

/** Body of `PATCH /api/admin/care-teams/:id`. */
export class UpdateCareTeamDto {
  @ApiProperty({ example: 'East community team' })
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'name must not be blank or padded' })
  name!: string;
}

/** Body of `PUT /api/admin/care-teams/:id/members`: the complete member list. */
export class SetCareTeamMembersDto {
  @ApiProperty({ type: [String], example: ['u-nurse', 'u-clinician'] })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(RECORD_ID_PATTERN, { each: true, message: 'userIds must be account ids' })
  userIds!: string[];
}

export class CareTeamMemberDto implements CareTeamMember {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
}

export class CareTeamDto implements CareTeam {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [CareTeamMemberDto] }) members!: CareTeamMemberDto[];
  @ApiProperty() patientCount!: number;
}
