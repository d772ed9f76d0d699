import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../common/auth.guard.js';
import { AccessTokenVerifier } from '../common/principal.js';
import { AccessTokens, JoseAccessTokens } from './access-tokens.js';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LockoutService } from './lockout.service.js';
import { LoginRateLimitGuard, LoginThrottle } from './login-throttle.js';
import { MfaService } from './mfa.service.js';
import { JoseMfaTokens, MfaTokens } from './mfa-tokens.js';
import { PasswordHasher, ScryptPasswordHasher } from './password-hasher.js';
import { PasswordService } from './password.service.js';
import { SessionAuthenticator } from './session-authenticator.js';
import { NodeSessionSecrets, SessionSecrets } from './session-secrets.js';
import { DrizzleSessionRepository, SessionRepository } from './sessions.repository.js';
import { SessionService } from './sessions.service.js';
import { DrizzleStaffRepository, StaffRepository } from './staff.repository.js';
import { AesTotpSecrets, TotpSecrets } from './totp-secrets.js';

/**
 * Sign-in (password, TOTP, lockout, per-address limit), sessions (refresh rotation, idle logoff, revocation),
 * the signed-in user's account, and the global guard that makes every route authenticated unless @Public().
 */
@Module({
  controllers: [AuthController, AccountController],
  providers: [
    AuthService,
    SessionService,
    MfaService,
    PasswordService,
    LockoutService,
    LoginThrottle,
    LoginRateLimitGuard,
    SessionAuthenticator,
    { provide: StaffRepository, useClass: DrizzleStaffRepository },
    { provide: SessionRepository, useClass: DrizzleSessionRepository },
    { provide: PasswordHasher, useClass: ScryptPasswordHasher },
    { provide: AccessTokens, useClass: JoseAccessTokens },
    { provide: MfaTokens, useClass: JoseMfaTokens },
    { provide: SessionSecrets, useClass: NodeSessionSecrets },
    { provide: TotpSecrets, useClass: AesTotpSecrets },
    { provide: AccessTokenVerifier, useExisting: SessionAuthenticator },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokenVerifier, PasswordHasher, SessionRepository],
})
export class AuthModule {}
