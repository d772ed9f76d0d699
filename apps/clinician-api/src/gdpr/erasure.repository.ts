import { Injectable } from '@nestjs/common';
import type { PatientStatus } from '@openward/contracts';
import { and, count, eq, inArray, isNull, max, ne, sql } from 'drizzle-orm';
import { Database } from '../database/database.js';
import {
  breakGlassGrants,
  consents,
  deviceAssignments,
  notes,
  patients,
  sessions,
  staffUsers,
} from '../database/schema.js';

/** What the records store knows for an erasure decision (ingest supplies the readings). */
export interface StoredErasureFacts {
  status: PatientStatus;
  legalHold: boolean;
  noteCount: number;
  lastNoteAt: Date | null;
  assignmentCount: number;
  /** Latest `to` of the ended assignments. */
  lastAssignmentEndAt: Date | null;
  hasOpenAssignment: boolean;
  lastConsentEventAt: Date | null;
}

export interface ErasureCounts {
  notesRedacted: number;
  accountsDisabled: number;
}

/** Body kept by an erased note (the row stays: who wrote what kind of note when). */
export const ERASED_NOTE_BODY = '[erased]';
/** Reason kept by a break-glass grant on an erased patient (the column requires ≥ 10 characters). */
export const ERASED_GRANT_REASON = '[reason erased]';

/** Port: the erasure's reads and its single pseudonymising transaction. */
export abstract class ErasureRepository {
  abstract facts(patientId: string): Promise<StoredErasureFacts | null>;
  /**
   * Pseudonymises the patient in ONE transaction (docs/security.md "GDPR erasure"); null when the patient is
   * missing or already erased (nothing changed).
   */
  abstract erase(patientId: string, displayName: string, at: Date): Promise<ErasureCounts | null>;
  /** Sets the legal hold of a patient that is not erased; false when there is none. */
  abstract setLegalHold(patientId: string, hold: boolean): Promise<boolean>;
}

@Injectable()
export class DrizzleErasureRepository extends ErasureRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async facts(patientId: string): Promise<StoredErasureFacts | null> {
    const { db } = this.database;
    const [patient] = await db
      .select({ status: patients.status, legalHold: patients.legalHold })
      .from(patients)
      .where(eq(patients.id, patientId))
      .limit(1);
    if (!patient) return null;
    const [[n], [a], [c]] = await Promise.all([
      db
        .select({ count: count(), last: max(notes.createdAt) })
        .from(notes)
        .where(eq(notes.patientId, patientId)),
      db
        .select({
          count: count(),
          lastEnd: max(deviceAssignments.to),
          open: sql<number>`count(*) filter (where ${deviceAssignments.to} is null)`.mapWith(Number),
        })
        .from(deviceAssignments)
        .where(eq(deviceAssignments.patientId, patientId)),
      db
        .select({
          last: sql<
            string | null
          >`max(greatest(${consents.givenAt}, coalesce(${consents.withdrawnAt}, ${consents.givenAt})))`,
        })
        .from(consents)
        .where(eq(consents.patientId, patientId)),
    ]);
    return {
      status: patient.status,
      legalHold: patient.legalHold,
      noteCount: n?.count ?? 0,
      lastNoteAt: n?.last ?? null,
      assignmentCount: a?.count ?? 0,
      lastAssignmentEndAt: a?.lastEnd ?? null,
      hasOpenAssignment: (a?.open ?? 0) > 0,
      lastConsentEventAt: c?.last ? new Date(c.last) : null,
    };
  }

  erase(patientId: string, displayName: string, at: Date): Promise<ErasureCounts | null> {
    return this.database.db.transaction(async (tx) => {
      const erased = await tx
        .update(patients)
        .set({
          displayName,
          givenName: null,
          familyName: null,
          birthDate: null,
          gender: null,
          mrn: null,
          status: 'erased',
          erasedAt: at,
        })
        .where(and(eq(patients.id, patientId), ne(patients.status, 'erased')))
        .returning({ id: patients.id });
      if (erased.length === 0) return null;
      const redacted = await tx
        .update(notes)
        .set({ body: ERASED_NOTE_BODY })
        .where(eq(notes.patientId, patientId))
        .returning({ id: notes.id });
      await tx
        .update(breakGlassGrants)
        .set({ reason: ERASED_GRANT_REASON })
        .where(eq(breakGlassGrants.patientId, patientId));
      // The patient's own sign-in accounts: disabled, sessions revoked, name and username pseudonymised.
      const accounts = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(eq(staffUsers.patientId, patientId));
      for (const { id } of accounts) {
        await tx
          .update(staffUsers)
          .set({
            username: `erased-${id}`,
            displayName,
            disabledAt: sql`coalesce(${staffUsers.disabledAt}, ${at.toISOString()}::timestamptz)`,
            totpSecret: null,
            mfaEnabled: false,
          })
          .where(eq(staffUsers.id, id));
      }
      if (accounts.length > 0) {
        await tx
          .update(sessions)
          .set({ revokedAt: at, revokedReason: 'disabled' })
          .where(
            and(
              inArray(
                sessions.userId,
                accounts.map((u) => u.id),
              ),
              isNull(sessions.revokedAt),
            ),
          );
      }
      return { notesRedacted: redacted.length, accountsDisabled: accounts.length };
    });
  }

  async setLegalHold(patientId: string, hold: boolean): Promise<boolean> {
    const rows = await this.database.db
      .update(patients)
      .set({ legalHold: hold })
      .where(and(eq(patients.id, patientId), ne(patients.status, 'erased')))
      .returning({ id: patients.id });
    return rows.length === 1;
  }
}
