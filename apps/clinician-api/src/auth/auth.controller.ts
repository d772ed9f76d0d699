import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { LoginResponse, LoginStepResponse, MfaSetupResponse } from '@openward/contracts';
import { bearerToken } from '../common/auth.guard.js';
import { Public } from '../common/public.decorator.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { LoginDto } from './login.dto.js';
import { AuthService } from './auth.service.js';
import type { ClientInfo, LoginOutcome, SignedIn } from './auth.types.js';
import {
  LoginResponseDto,
  MfaChallengeDto,
  MfaEnrollmentSetupDto,
  MfaLoginDto,
  MfaSetupResponseDto,
} from './auth.dto.js';
import { Client, type HeaderResponse } from './client-info.js';
import { clearedRefreshCookie, refreshCookie, refreshTokenOf } from './cookies.js';
import { LoginRateLimitGuard } from './login-throttle.js';
import { SessionService } from './sessions.service.js';

/**
 * Sign-in steps, refresh and logout: public routes (no access token); the refresh token travels only in the
 * httpOnly `ow_refresh` cookie. Sign-in steps are rate-limited per source address.
 */
@ApiTags('auth')
@Public()
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiExtraModels(LoginResponseDto, MfaChallengeDto)
  @ApiOkResponse({
    description: 'Signed in, or the next step (mfaRequired / mfaEnrollmentRequired with an mfaToken)',
    schema: { oneOf: [{ $ref: getSchemaPath(LoginResponseDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
  })
  async login(
    @Body() body: LoginDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<LoginStepResponse> {
    return this.respond(await this.auth.login(body.username, body.password, client), res);
  }

  @Post('login/mfa')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  async loginMfa(
    @Body() body: MfaLoginDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<LoginResponse> {
    return this.signedIn(await this.auth.loginMfa(body.mfaToken, body.code, client), res);
  }

  @Post('login/mfa/setup')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: MfaSetupResponseDto })
  enrollmentSetup(
    @Body() body: MfaEnrollmentSetupDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<MfaSetupResponse> {
    res.setHeader('Cache-Control', 'no-store');
    return this.auth.enrollmentSetup(body.mfaToken, client);
  }

  @Post('login/mfa/confirm')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  async enrollmentConfirm(
    @Body() body: MfaLoginDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<LoginResponse> {
    return this.signedIn(await this.auth.enrollmentConfirm(body.mfaToken, body.code, client), res);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'New access token; the ow_refresh cookie is rotated',
  })
  async refresh(
    @Headers('cookie') cookie: string | undefined,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<LoginResponse> {
    try {
      return this.signedIn(await this.sessions.refresh(refreshTokenOf(cookie), client), res);
    } catch (e) {
      // A refused refresh token is dead: let the browser drop it.
      res.setHeader('Set-Cookie', clearedRefreshCookie(this.config.cookieSecure));
      throw e;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Session revoked (found by the refresh cookie or the bearer token)' })
  async logout(
    @Headers('cookie') cookie: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<void> {
    res.setHeader('Set-Cookie', clearedRefreshCookie(this.config.cookieSecure));
    await this.sessions.logout(refreshTokenOf(cookie), bearerToken(authorization), client);
  }

  /** The answer of a sign-in step: a session (cookie set) or the next step. */
  private respond(outcome: LoginOutcome, res: HeaderResponse): LoginStepResponse {
    if (outcome.kind === 'signed-in') return this.signedIn(outcome, res);
    res.setHeader('Cache-Control', 'no-store');
    return outcome.response;
  }

  /** Sets the refresh cookie of a new or rotated session; token answers are never cached (RFC 6749 §5.1). */
  private signedIn(s: SignedIn, res: HeaderResponse): LoginResponse {
    const maxAge = (s.sessionExpiresAt.getTime() - this.clock.now().getTime()) / 1000;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Set-Cookie', refreshCookie(s.refreshToken, maxAge, this.config.cookieSecure));
    return s.response;
  }
}
