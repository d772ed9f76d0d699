import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { LoginResponse, User } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { Public } from '../common/public.decorator.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './login.dto.js';

@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Meta() meta: RequestMeta): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password, meta);
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Promise<User> {
    return this.auth.me(principal);
  }
}
