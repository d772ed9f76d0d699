import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { DrizzleSeedRepository, SeedRepository } from './seed.repository.js';
import { SeedService } from './seed.service.js';

@Module({
  imports: [AuthModule, RegistryModule],
  providers: [SeedService, { provide: SeedRepository, useClass: DrizzleSeedRepository }],
})
export class SeedModule {}
