import { Module } from '@nestjs/common';
import { BreakGlassModule } from '../break-glass/break-glass.module.js';
import { CareTeamsModule } from '../care-teams/care-teams.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { ErasureModule } from '../gdpr/erasure.module.js';
import { NotesModule } from '../notes/notes.module.js';
import { PatientsModule } from './patients.module.js';

/** The patient-record features (one module each), registered in the app with one line. */
@Module({
  imports: [PatientsModule, CareTeamsModule, NotesModule, ConsentsModule, BreakGlassModule, ErasureModule],
})
export class RecordsModule {}
