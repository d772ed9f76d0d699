import { Module } from '@nestjs/common';
import { FileRegistryExporter, RegistryExporter } from './registry-file.js';
import { DrizzleRegistryRepository, RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';

/** Gateways, devices and assignments, and the snapshot file ingest reads. */
@Module({
  providers: [
    RegistryService,
    { provide: RegistryRepository, useClass: DrizzleRegistryRepository },
    { provide: RegistryExporter, useClass: FileRegistryExporter },
  ],
  exports: [RegistryService],
})
export class RegistryModule {}
