import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersController } from './users.controller.js';
import { DrizzleUsersRepository, UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Account administration (admin): create, edit, disable/enable, unlock, MFA reset. */
@Module({
  imports: [AuthModule],
  controllers: [UsersController],
  providers: [UsersService, { provide: UsersRepository, useClass: DrizzleUsersRepository }],
})
export class UsersModule {}
