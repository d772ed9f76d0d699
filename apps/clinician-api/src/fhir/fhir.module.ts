import { Module } from '@nestjs/common';
import { ObservationsModule } from '../observations/observations.module.js';
import { FhirDevicesService } from './fhir-devices.service.js';
import { FhirFallbackController } from './fhir-fallback.controller.js';
import { FhirObservationsService } from './fhir-observations.service.js';
import { FhirPatientsService } from './fhir-patients.service.js';
import { DrizzleFhirRecordsRepository, FhirRecordsRepository } from './fhir-records.repository.js';
import { FhirController } from './fhir.controller.js';
import { PatientExportController } from './patient-export.controller.js';
import { PatientExportService } from './patient-export.service.js';

/** FHIR R4 at /fhir/R4 (docs/fhir.md) and the GDPR export `GET /api/patients/:id/export`. */
@Module({
  imports: [ObservationsModule],
  // FhirFallbackController last: its catch-all routes must be registered after the real ones.
  controllers: [FhirController, PatientExportController, FhirFallbackController],
  providers: [
    FhirPatientsService,
    FhirDevicesService,
    FhirObservationsService,
    PatientExportService,
    { provide: FhirRecordsRepository, useClass: DrizzleFhirRecordsRepository },
  ],
})
export class FhirModule {}
