import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentRepository, DrizzleConsentRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [ConsentsController],
  providers: [ConsentsService, { provide: ConsentRepository, useClass: DrizzleConsentRepository }],
})
export class ConsentsModule {}
