import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest } from '@openward/contracts';
import { IsString, Length } from 'class-validator';

/** `POST /api/auth/login` body (contracts `LoginRequest`). */
export class LoginDto implements LoginRequest {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, format: 'password' })
  @IsString()
  @Length(1, 200)
  password!: string;
}
