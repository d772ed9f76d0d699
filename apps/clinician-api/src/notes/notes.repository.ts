import { Injectable } from '@nestjs/common';
import type { NoteKind } from '@openward/contracts';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { notes, staffUsers } from '../database/schema.js';

/** A note as stored, with its author's display name. */
export interface NoteRow {
  id: string;
  patientId: string;
  authorId: string;
  authorName: string;
  kind: NoteKind;
  body: string;
  amends: string | null;
  createdAt: Date;
}

export type NewNote = Omit<NoteRow, 'authorName'>;

/** Port: notes (append only: there is no update or delete). */
export abstract class NoteRepository {
  /** Newest first; `after` = (createdAt, id) of the last note already returned. */
  abstract page(
    patientId: string,
    after: { createdAt: Date; id: string } | null,
    fetch: number,
  ): Promise<NoteRow[]>;
  /** The patient a note belongs to, or null when there is no such note. */
  abstract findPatientOf(noteId: string): Promise<{ patientId: string } | null>;
  abstract insert(note: NewNote): Promise<NoteRow>;
}

const columns = {
  id: notes.id,
  patientId: notes.patientId,
  authorId: notes.authorId,
  authorName: staffUsers.displayName,
  kind: notes.kind,
  body: notes.body,
  amends: notes.amends,
  createdAt: notes.createdAt,
};

@Injectable()
export class DrizzleNoteRepository extends NoteRepository {
  constructor(private readonly database: Database) {
    super();
  }

  page(patientId: string, after: { createdAt: Date; id: string } | null, fetch: number): Promise<NoteRow[]> {
    const where: SQL[] = [eq(notes.patientId, patientId)];
    if (after !== null) {
      where.push(
        sql`(${notes.createdAt}, ${notes.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})`,
      );
    }
    return this.database.db
      .select(columns)
      .from(notes)
      .innerJoin(staffUsers, eq(staffUsers.id, notes.authorId))
      .where(and(...where))
      .orderBy(desc(notes.createdAt), desc(notes.id))
      .limit(fetch);
  }

  async findPatientOf(noteId: string): Promise<{ patientId: string } | null> {
    const [row] = await this.database.db
      .select({ patientId: notes.patientId })
      .from(notes)
      .where(eq(notes.id, noteId))
      .limit(1);
    return row ?? null;
  }

  async insert(note: NewNote): Promise<NoteRow> {
    await this.database.db.insert(notes).values(note);
    const [row] = await this.database.db
      .select(columns)
      .from(notes)
      .innerJoin(staffUsers, eq(staffUsers.id, notes.authorId))
      .where(eq(notes.id, note.id))
      .limit(1);
    if (!row) throw new Error(`note ${note.id} vanished after insert`);
    return row;
  }
}
