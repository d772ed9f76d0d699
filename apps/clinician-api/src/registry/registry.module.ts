import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DevicesAdminController } from './devices-admin.controller.js';
import { DeviceRepository, DrizzleDeviceRepository } from './devices.repository.js';
import { DeviceAdminService } from './devices.service.js';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollmentService } from './enrollment.service.js';
import { CryptoGatewaySecrets, GatewaySecrets } from './gateway-secrets.js';
import { GatewaysAdminController } from './gateways-admin.controller.js';
import { DrizzleGatewayRepository, GatewayRepository } from './gateways.repository.js';
import { GatewayAdminService } from './gateways.service.js';
import { RegistryFeedController } from './registry-feed.controller.js';
import { RegistryFeed } from './registry-feed.js';
import { RegistryFeedService } from './registry-feed.service.js';
import { FileRegistryExporter, RegistryExporter } from './registry-file.js';
import { DrizzleRegistryRepository, RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';

/**
 * Gateways (enrolment, rotation, revocation), devices and their assignment to patients over time: the admin
 * routes, the public enrolment exchange, the feed ingest long-polls and the snapshot file.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    RegistryFeedController,
    GatewaysAdminController,
    DevicesAdminController,
    EnrollmentController,
  ],
  providers: [
    RegistryService,
    RegistryFeed,
    RegistryFeedService,
    GatewayAdminService,
    DeviceAdminService,
    EnrollmentService,
    { provide: RegistryRepository, useClass: DrizzleRegistryRepository },
    { provide: GatewayRepository, useClass: DrizzleGatewayRepository },
    { provide: DeviceRepository, useClass: DrizzleDeviceRepository },
    { provide: GatewaySecrets, useClass: CryptoGatewaySecrets },
    { provide: RegistryExporter, useClass: FileRegistryExporter },
  ],
  exports: [RegistryService],
})
export class RegistryModule {}
