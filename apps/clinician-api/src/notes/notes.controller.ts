import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Note, NotePage } from '@openward/contracts';
import type { Principal } from '../common/principal.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { PatientIdPipe } from '../patients/patient-id.pipe.js';
import { PageQueryDto } from '../common/pagination.js';
import { CreateNoteDto, NoteDto, NotePageDto } from './notes.dto.js';
import { NotesService } from './notes.service.js';

/** Notes of one patient. Immutable: there is deliberately no update or delete route (corrections amend). */
@ApiTags('notes')
@Controller('api/patients/:id/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @ApiOkResponse({ type: NotePageDto })
  @ApiOperation({ summary: "A patient's notes, newest first" })
  list(
    @Param('id', PatientIdPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<NotePage> {
    return this.notes.list(principal, id, query, meta);
  }

  @Post()
  @Roles('nurse', 'clinician')
  @ApiCreatedResponse({ type: NoteDto })
  @ApiOperation({ summary: 'Write a note (immutable; a correction amends an earlier note)' })
  create(
    @Param('id', PatientIdPipe) id: string,
    @Body() body: CreateNoteDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Note> {
    return this.notes.create(principal, id, body, meta);
  }
}
