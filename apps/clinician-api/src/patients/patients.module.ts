import { Module } from '@nestjs/common';
import { FetchIngestClient, IngestClient } from './ingest.client.js';
import { PatientsController } from './patients.controller.js';
import { DrizzlePatientRepository, PatientRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';

@Module({
  controllers: [PatientsController],
  providers: [
    PatientsService,
    { provide: PatientRepository, useClass: DrizzlePatientRepository },
    { provide: IngestClient, useClass: FetchIngestClient },
  ],
  exports: [PatientsService],
})
export class PatientsModule {}
