import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { BreakGlassController } from './break-glass.controller.js';
import { BreakGlassRepository, DrizzleBreakGlassRepository } from './break-glass.repository.js';
import { BreakGlassService } from './break-glass.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [BreakGlassController],
  providers: [BreakGlassService, { provide: BreakGlassRepository, useClass: DrizzleBreakGlassRepository }],
})
export class BreakGlassModule {}
