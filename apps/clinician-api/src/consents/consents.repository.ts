import { Injectable } from '@nestjs/common';
import type { ConsentKind, ConsentMethod } from '@openward/contracts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { consents } from '../database/schema.js';

/** One consents row. */
export interface ConsentRow {
  id: string;
  patientId: string;
  kind: ConsentKind;
  version: string;
  language: string;
  method: ConsentMethod;
  givenAt: Date;
  withdrawnAt: Date | null;
  recordedBy: string | null;
}

/** Port: consent records. */
export abstract class ConsentRepository {
  /** Every record of a patient, newest `givenAt` first. */
  abstract list(patientId: string): Promise<ConsentRow[]>;
  abstract insert(row: ConsentRow): Promise<void>;
  abstract find(patientId: string, consentId: string): Promise<ConsentRow | null>;
  /** Sets `withdrawnAt` if not yet withdrawn; the updated row, or null when it already was. */
  abstract withdraw(patientId: string, consentId: string, at: Date): Promise<ConsentRow | null>;
}

@Injectable()
export class DrizzleConsentRepository extends ConsentRepository {
  constructor(private readonly database: Database) {
    super();
  }

  list(patientId: string): Promise<ConsentRow[]> {
    return this.database.db
      .select()
      .from(consents)
      .where(eq(consents.patientId, patientId))
      .orderBy(desc(consents.givenAt), desc(consents.id));
  }

  async insert(row: ConsentRow): Promise<void> {
    await this.database.db.insert(consents).values(row);
  }

  async find(patientId: string, consentId: string): Promise<ConsentRow | null> {
    const [row] = await this.database.db
      .select()
      .from(consents)
      .where(and(eq(consents.id, consentId), eq(consents.patientId, patientId)))
      .limit(1);
    return row ?? null;
  }

  async withdraw(patientId: string, consentId: string, at: Date): Promise<ConsentRow | null> {
    const [row] = await this.database.db
      .update(consents)
      .set({ withdrawnAt: at })
      .where(and(eq(consents.id, consentId), eq(consents.patientId, patientId), isNull(consents.withdrawnAt)))
      .returning();
    return row ?? null;
  }
}
