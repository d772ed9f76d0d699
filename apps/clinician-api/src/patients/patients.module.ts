import { Module } from '@nestjs/common';
import { FetchIngestClient, IngestClient } from './ingest.client.js';
import { PatientsAdminController } from './patients-admin.controller.js';
import { PatientsAdminService } from './patients-admin.service.js';
import { PatientsController } from './patients.controller.js';
import { DrizzlePatientRepository, PatientRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';
import { RandomRecordIds, RecordIds } from './record-ids.js';

/** Patients (staff and admin routes); exports the ingest client and id generator to the records features. */
@Module({
  controllers: [PatientsController, PatientsAdminController],
  providers: [
    PatientsService,
    PatientsAdminService,
    { provide: PatientRepository, useClass: DrizzlePatientRepository },
    { provide: IngestClient, useClass: FetchIngestClient },
    { provide: RecordIds, useClass: RandomRecordIds },
  ],
  exports: [PatientsService, IngestClient, RecordIds],
})
export class PatientsModule {}
