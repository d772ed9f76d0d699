import { Module } from '@nestjs/common';
import { RegistryAdminController } from './registry-admin.controller.js';
import { RegistryAdminService } from './registry-admin.service.js';
import { RegistryFeedController } from './registry-feed.controller.js';
import { RegistryFeed } from './registry-feed.js';
import { RegistryFeedService } from './registry-feed.service.js';
import { FileRegistryExporter, RegistryExporter } from './registry-file.js';
import { DrizzleRegistryRepository, RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';

/**
 * Gateways, devices and assignments: the feed ingest long-polls, the snapshot file, and the minimal admin
 * routes (revoke, reassign).
 */
@Module({
  controllers: [RegistryFeedController, RegistryAdminController],
  providers: [
    RegistryService,
    RegistryFeed,
    RegistryFeedService,
    RegistryAdminService,
    { provide: RegistryRepository, useClass: DrizzleRegistryRepository },
    { provide: RegistryExporter, useClass: FileRegistryExporter },
  ],
  exports: [RegistryService],
})
export class RegistryModule {}
