import { Injectable } from '@nestjs/common';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT, type Note, type NotePage } from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { pageRequestOrThrow, toPage, type PageQueryDto } from '../common/pagination.js';
import { timeIdPosition } from '../patients/paging.js';
import { RecordIds } from '../patients/record-ids.js';
import { checkAmends } from './note-rules.js';
import type { CreateNoteDto } from './notes.dto.js';
import { NoteError } from './notes.errors.js';
import { NoteRepository, type NoteRow } from './notes.repository.js';

/** Clinical notes: read by whoever may see the patient (the patient too), written by nurses and clinicians. */
@Injectable()
export class NotesService {
  constructor(
    private readonly notes: NoteRepository,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly ids: RecordIds,
  ) {}

  async list(
    principal: Principal,
    patientId: string,
    query: PageQueryDto,
    meta: RequestMeta,
  ): Promise<NotePage> {
    const page = pageRequestOrThrow(query, {
      arity: 2,
      defaultLimit: PAGE_DEFAULT_LIMIT,
      maxLimit: PAGE_MAX_LIMIT,
    });
    const after = timeIdPosition(page.after);
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.noteList, resource: `patients/${patientId}/notes` },
      meta,
    );
    const rows = await this.notes.page(patientId, after, page.limit + 1);
    const { items, next } = toPage(rows, page.limit, (n) => [n.createdAt.toISOString(), n.id]);
    return { items: items.map(toNote), next };
  }

  async create(
    principal: Principal,
    patientId: string,
    dto: CreateNoteDto,
    meta: RequestMeta,
  ): Promise<Note> {
    const id = this.ids.next('n');
    await this.access.require(
      principal,
      patientId,
      {
        action: AUDIT_ACTIONS.noteCreate,
        resource: `patients/${patientId}/notes/${id}`,
        detail: { noteId: id, kind: dto.kind, amends: dto.amends ?? null },
      },
      meta,
    );
    const target = dto.amends === undefined ? null : await this.notes.findPatientOf(dto.amends);
    const refused = checkAmends(patientId, dto.amends, target);
    if (refused !== null) throw new NoteError(refused);
    const row = await this.notes.insert({
      id,
      patientId,
      authorId: principal.userId,
      kind: dto.kind,
      body: dto.body,
      amends: dto.amends ?? null,
      createdAt: this.clock.now(),
    });
    return toNote(row);
  }
}

function toNote(n: NoteRow): Note {
  return {
    id: n.id,
    patientId: n.patientId,
    authorId: n.authorId,
    authorName: n.authorName,
    kind: n.kind,
    body: n.body,
    amends: n.amends,
    createdAt: n.createdAt.toISOString(),
  };
}
