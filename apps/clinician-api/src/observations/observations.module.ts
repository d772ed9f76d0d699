import { Module } from '@nestjs/common';
import { FetchIngestHistoryClient, IngestHistoryClient } from './ingest-history.client.js';
import { ObservationsController } from './observations.controller.js';
import { ObservationsService } from './observations.service.js';

/** Vitals history (ingest's store) for the REST API; exports the ingest history port to the FHIR feature. */
@Module({
  controllers: [ObservationsController],
  providers: [ObservationsService, { provide: IngestHistoryClient, useClass: FetchIngestHistoryClient }],
  exports: [IngestHistoryClient],
})
export class ObservationsModule {}
