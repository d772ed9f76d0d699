import { Injectable } from '@nestjs/common';
import type { PatientSummary } from '@openward/contracts';
import { asc, eq, inArray } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { patients } from '../database/schema.js';

/** Port: patient records. */
export abstract class PatientRepository {
  abstract listByCareTeams(careTeamIds: readonly string[]): Promise<PatientSummary[]>;
  abstract findById(id: string): Promise<PatientSummary | null>;
}

const columns = { id: patients.id, displayName: patients.displayName, careTeamId: patients.careTeamId };

@Injectable()
export class DrizzlePatientRepository extends PatientRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async listByCareTeams(careTeamIds: readonly string[]): Promise<PatientSummary[]> {
    if (careTeamIds.length === 0) return [];
    return this.database.db
      .select(columns)
      .from(patients)
      .where(inArray(patients.careTeamId, [...careTeamIds]))
      .orderBy(asc(patients.id));
  }

  async findById(id: string): Promise<PatientSummary | null> {
    const [row] = await this.database.db.select(columns).from(patients).where(eq(patients.id, id)).limit(1);
    return row ?? null;
  }
}
