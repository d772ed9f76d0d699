import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { ErasureController } from './erasure.controller.js';
import { DrizzleErasureRepository, ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';

/** GDPR erasure (pseudonymisation) and legal hold. The FHIR export lives with the FHIR feature. */
@Module({
  imports: [PatientsModule],
  controllers: [ErasureController],
  providers: [ErasureService, { provide: ErasureRepository, useClass: DrizzleErasureRepository }],
})
export class ErasureModule {}
