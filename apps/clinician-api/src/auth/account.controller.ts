import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MeResponse, MfaSetupResponse } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { MeResponseDto, MfaCodeDto, MfaSetupResponseDto, PasswordChangeDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import type { HeaderResponse } from './client-info.js';
import { PasswordService } from './password.service.js';

/** The signed-in user's own account: who am I, password change, MFA enrolment. Any role. */
@ApiTags('auth')
@Controller('api')
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }

  @Post('auth/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Password changed; the user's other sessions are signed out" })
  change(
    @Body() body: PasswordChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    return this.passwords.change(principal, body.currentPassword, body.newPassword, meta);
  }

  @Post('auth/mfa/setup')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaSetupResponseDto })
  mfaSetup(
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<MfaSetupResponse> {
    res.setHeader('Cache-Control', 'no-store');
    return this.auth.mfaSetup(principal, meta);
  }

  @Post('auth/mfa/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'MFA enabled' })
  mfaConfirm(
    @Body() body: MfaCodeDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    return this.auth.mfaConfirm(principal, body.code, meta);
  }
}
