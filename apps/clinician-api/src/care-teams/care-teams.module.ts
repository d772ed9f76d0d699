import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { CareTeamsAdminController, CareTeamsController } from './care-teams.controller.js';
import { CareTeamRepository, DrizzleCareTeamRepository } from './care-teams.repository.js';
import { CareTeamsService } from './care-teams.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [CareTeamsController, CareTeamsAdminController],
  providers: [CareTeamsService, { provide: CareTeamRepository, useClass: DrizzleCareTeamRepository }],
})
export class CareTeamsModule {}
