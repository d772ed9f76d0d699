import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AdminUser, UserPage } from '@openward/contracts';
import { pageRequestOrThrow } from '../common/pagination.js';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { RecordIdPipe } from '../patients/record-id.pipe.js';
import { AdminUserDto, CreateUserDto, UpdateUserDto, UserListQueryDto, UserPageDto } from './users.dto.js';
import { UserError } from './users.errors.js';
import { UsersService } from './users.service.js';

const userIdPipe = new RecordIdPipe(() => new UserError('USER_NOT_FOUND'));

/** Account administration (admin only). */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(
    @Query() query: UserListQueryDto,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<UserPage> {
    return this.users.list(
      admin,
      pageRequestOrThrow(query, { arity: 1, defaultLimit: 50, maxLimit: 200 }),
      meta,
    );
  }

  @Post()
  @ApiCreatedResponse({ type: AdminUserDto })
  create(
    @Body() body: CreateUserDto,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.create(admin, body, meta);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AdminUserDto })
  update(
    @Param('id', userIdPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.update(admin, id, body, meta);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto, description: 'Disabled; every session of the account is revoked' })
  disable(
    @Param('id', userIdPipe) id: string,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.disable(admin, id, meta);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto })
  enable(
    @Param('id', userIdPipe) id: string,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.enable(admin, id, meta);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto, description: 'Failed sign-ins cleared and lock lifted' })
  unlock(
    @Param('id', userIdPipe) id: string,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.unlock(admin, id, meta);
  }

  @Post(':id/mfa/reset')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto, description: 'TOTP removed; the user enrols again' })
  resetMfa(
    @Param('id', userIdPipe) id: string,
    @CurrentPrincipal() admin: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AdminUser> {
    return this.users.resetMfa(admin, id, meta);
  }
}
