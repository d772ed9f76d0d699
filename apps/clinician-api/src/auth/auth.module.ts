import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../common/auth.guard.js';
import { AccessTokenVerifier } from '../common/principal.js';
import { AccessTokens, JoseAccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher, ScryptPasswordHasher } from './password-hasher.js';
import { DrizzleStaffRepository, StaffRepository } from './staff.repository.js';

/** Login, tokens and the global guard that makes every route authenticated unless @Public(). */
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    { provide: StaffRepository, useClass: DrizzleStaffRepository },
    { provide: PasswordHasher, useClass: ScryptPasswordHasher },
    { provide: AccessTokens, useClass: JoseAccessTokens },
    { provide: AccessTokenVerifier, useExisting: AccessTokens },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokenVerifier, PasswordHasher],
})
export class AuthModule {}
