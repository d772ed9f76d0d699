import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { NotesController } from './notes.controller.js';
import { DrizzleNoteRepository, NoteRepository } from './notes.repository.js';
import { NotesService } from './notes.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [NotesController],
  providers: [NotesService, { provide: NoteRepository, useClass: DrizzleNoteRepository }],
})
export class NotesModule {}
