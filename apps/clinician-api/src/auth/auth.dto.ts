import { ApiProperty } from '@nestjs/swagger';
import type {
  LoginResponse,
  MfaChallenge,
  MfaConfirmRequest,
  MfaEnrollmentSetupRequest,
  MfaLoginRequest,
  MfaSetupResponse,
  MeResponse,
  PasswordChangeRequest,
  User,
  UserRole,
} from '@openward/contracts';
import { USER_ROLES } from '@openward/contracts';
import { IsString, Length, Matches } from 'class-validator';

/** A TOTP code as typed: 6 digits, optionally `123 456`. */
const TOTP_CODE = /^\s*\d{3}\s?\d{3}\s*$/;

export class MfaEnrollmentSetupDto implements MfaEnrollmentSetupRequest {
  @ApiProperty({ description: 'The mfaToken of the login answer (5 minutes)' })
  @IsString()
  @Length(1, 2000)
  mfaToken!: string;
}

export class MfaCodeDto implements MfaConfirmRequest {
  @ApiProperty({ example: '123456', description: '6-digit TOTP code' })
  @IsString()
  @Matches(TOTP_CODE, { message: 'code must be 6 digits' })
  code!: string;
}

/** `POST /api/auth/login/mfa` and `/api/auth/login/mfa/confirm`. */
export class MfaLoginDto extends MfaEnrollmentSetupDto implements MfaLoginRequest {
  @ApiProperty({ example: '123456', description: '6-digit TOTP code' })
  @IsString()
  @Matches(TOTP_CODE, { message: 'code must be 6 digits' })
  code!: string;
}

export class PasswordChangeDto implements PasswordChangeRequest {
  @ApiProperty({ format: 'password', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 200,
    description: 'Checked by the password policy',
  })
  @IsString()
  @Length(1, 200)
  newPassword!: string;
}

export class UserDto implements User {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({
    description: 'JWT (15 minutes); the refresh token is set as the httpOnly ow_refresh cookie',
  })
  accessToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class MfaChallengeDto implements MfaChallenge {
  @ApiProperty({ enum: [true] }) mfaRequired!: true;
  @ApiProperty() mfaToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class MfaSetupResponseDto implements MfaSetupResponse {
  @ApiProperty({ description: 'RFC 4648 base32 secret' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/OpenWard:nurse?secret=…' }) otpauthUri!: string;
}

export class MeResponseDto extends UserDto implements MeResponse {
  @ApiProperty({ type: String, nullable: true }) patientId!: string | null;
  @ApiProperty({ type: [String] }) careTeamIds!: string[];
  @ApiProperty() mfaEnabled!: boolean;
}
