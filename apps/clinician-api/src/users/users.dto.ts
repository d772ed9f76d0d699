import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  STAFF_ROLES,
  USERNAME_PATTERN,
  USER_ROLES,
  type AdminUser,
  type CreateUserRequest,
  type StaffRole,
  type UpdateUserRequest,
  type UserPage,
  type UserRole,
} from '@openward/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RECORD_ID_PATTERN } from '../patients/record-id.pipe.js';
import { PageQueryDto } from '../common/pagination.js';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, example: 'dr.smith' })
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 2-64 of a-z 0-9 . _ - (starting with a letter or digit)',
  })
  username!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiPropertyOptional({ type: [String], description: 'Staff only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(RECORD_ID_PATTERN, { each: true })
  careTeamIds?: string[];

  @ApiPropertyOptional({ description: 'Role patient only: the patient record this account may see' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID_PATTERN)
  patientId?: string;

  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 200,
    description: 'Checked by the password policy',
  })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, description: 'Staff accounts only, among staff roles' })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the care teams (staff only)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(RECORD_ID_PATTERN, { each: true })
  careTeamIds?: string[];
}

/** `GET /api/admin/users?cursor=&limit=` (default 50, max 200). */
export class UserListQueryDto extends PageQueryDto {}

export class AdminUserDto implements AdminUser {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty({ type: String, nullable: true }) patientId!: string | null;
  @ApiProperty({ type: [String] }) careTeamIds!: string[];
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty() failedLogins!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UserPageDto implements UserPage {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last' })
  next!: string | null;
}
