import { Injectable } from '@nestjs/common';
import type { ConsentMethod, Gender, PatientStatus } from '@openward/contracts';
import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { careTeams, consents, patients } from '../database/schema.js';
import type { ConsentFacts } from '../consents/consent-state.js';
import { likeLiteral, type PatientListScope } from './patient-list-scope.js';

/** One patients row. */
export interface PatientRow {
  id: string;
  displayName: string;
  careTeamId: string;
  givenName: string | null;
  familyName: string | null;
  birthDate: string | null;
  gender: Gender | null;
  mrn: string | null;
  status: PatientStatus;
  enrolledAt: Date | null;
  legalHold: boolean;
  erasedAt: Date | null;
  createdAt: Date;
}

/** The columns a staff list shows (the worklist: no demographics beyond the name and MRN). */
export type PatientListRow = Pick<PatientRow, 'id' | 'displayName' | 'careTeamId' | 'status' | 'mrn'>;

/** What a list query selects. `after` is the (displayName, id) of the last row already returned. */
export interface PatientListQuery {
  readonly scope: PatientListScope | { readonly kind: 'all' };
  readonly search: string | null;
  readonly status: PatientStatus | null;
  readonly includeErased: boolean;
  readonly after: readonly string[] | null;
  /** Rows to fetch (the page size + 1, to know whether there is a next page). */
  readonly fetch: number;
}

export type NewPatient = Omit<PatientRow, 'status' | 'legalHold' | 'erasedAt' | 'createdAt'>;
export type PatientPatch = Partial<
  Pick<
    PatientRow,
    | 'displayName'
    | 'careTeamId'
    | 'givenName'
    | 'familyName'
    | 'birthDate'
    | 'gender'
    | 'mrn'
    | 'enrolledAt'
    | 'status'
  >
>;

/** Port: patient records. */
export abstract class PatientRepository {
  /** Full records, ordered by display name then id (admin list). */
  abstract list(query: PatientListQuery): Promise<PatientRow[]>;
  /** The same query, only the list columns (the staff worklist: fewer columns to read and map). */
  abstract listSummaries(query: PatientListQuery): Promise<PatientListRow[]>;
  abstract findById(id: string): Promise<PatientRow | null>;
  /** Monitoring consent records of a patient (for the consent state of the summary). */
  abstract monitoringConsents(patientId: string): Promise<ConsentFacts[]>;
  abstract careTeamExists(id: string): Promise<boolean>;
  /** Id of the patient holding this MRN, or null. */
  abstract mrnHolder(mrn: string): Promise<string | null>;
  /** Inserts; false when the id is already taken. */
  abstract insert(patient: NewPatient, createdAt: Date): Promise<boolean>;
  abstract update(id: string, patch: PatientPatch): Promise<PatientRow | null>;
}

const UNIQUE_VIOLATION = '23505';

/** True when a driver error (possibly wrapped by drizzle) is a unique-constraint violation. */
export function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; depth++) {
    if ((cur as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    cur = cur.cause;
  }
  return false;
}

@Injectable()
export class DrizzlePatientRepository extends PatientRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async list(q: PatientListQuery): Promise<PatientRow[]> {
    const where = listWhere(q);
    if (where === null) return [];
    return this.database.db
      .select()
      .from(patients)
      .where(and(...where))
      .orderBy(asc(patients.displayName), asc(patients.id))
      .limit(q.fetch);
  }

  async listSummaries(q: PatientListQuery): Promise<PatientListRow[]> {
    const where = listWhere(q);
    if (where === null) return [];
    return this.database.db
      .select({
        id: patients.id,
        displayName: patients.displayName,
        careTeamId: patients.careTeamId,
        status: patients.status,
        mrn: patients.mrn,
      })
      .from(patients)
      .where(and(...where))
      .orderBy(asc(patients.displayName), asc(patients.id))
      .limit(q.fetch);
  }

  async findById(id: string): Promise<PatientRow | null> {
    const [row] = await this.database.db.select().from(patients).where(eq(patients.id, id)).limit(1);
    return row ?? null;
  }

  async monitoringConsents(patientId: string): Promise<ConsentFacts[]> {
    const rows = await this.database.db
      .select({
        id: consents.id,
        version: consents.version,
        method: consents.method,
        givenAt: consents.givenAt,
        withdrawnAt: consents.withdrawnAt,
      })
      .from(consents)
      .where(and(eq(consents.patientId, patientId), eq(consents.kind, 'monitoring')))
      .orderBy(desc(consents.givenAt), desc(consents.id));
    return rows.map((r) => ({ ...r, method: r.method as ConsentMethod }));
  }

  async careTeamExists(id: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ id: careTeams.id })
      .from(careTeams)
      .where(eq(careTeams.id, id))
      .limit(1);
    return row !== undefined;
  }

  async mrnHolder(mrn: string): Promise<string | null> {
    const [row] = await this.database.db
      .select({ id: patients.id })
      .from(patients)
      .where(eq(patients.mrn, mrn))
      .limit(1);
    return row?.id ?? null;
  }

  async insert(patient: NewPatient, createdAt: Date): Promise<boolean> {
    const inserted = await this.database.db
      .insert(patients)
      .values({ ...patient, createdAt })
      .onConflictDoNothing({ target: patients.id })
      .returning({ id: patients.id });
    return inserted.length === 1;
  }

  async update(id: string, patch: PatientPatch): Promise<PatientRow | null> {
    if (Object.keys(patch).length === 0) return this.findById(id);
    const [row] = await this.database.db.update(patients).set(patch).where(eq(patients.id, id)).returning();
    return row ?? null;
  }
}

/** WHERE clauses of a list query; null when the scope admits nobody. */
function listWhere(q: PatientListQuery): (SQL | undefined)[] | null {
  const where: (SQL | undefined)[] = [];
  const scope = q.scope;
  if (scope.kind === 'none') return null;
  if (scope.kind === 'teams') where.push(inArray(patients.careTeamId, [...scope.careTeamIds]));
  if (scope.kind === 'self') where.push(eq(patients.id, scope.patientId));
  if (!q.includeErased) where.push(ne(patients.status, 'erased'));
  if (q.status !== null) where.push(eq(patients.status, q.status));
  if (q.search !== null) {
    const contains = `%${likeLiteral(q.search)}%`;
    where.push(
      or(
        ilike(patients.displayName, contains),
        ilike(patients.givenName, contains),
        ilike(patients.familyName, contains),
        sql`(${patients.givenName} || ' ' || ${patients.familyName}) ilike ${contains}`,
        ilike(patients.mrn, `${likeLiteral(q.search)}%`),
      ),
    );
  }
  if (q.after !== null) {
    const [name = '', id = ''] = q.after;
    where.push(sql`(${patients.displayName}, ${patients.id}) > (${name}, ${id})`);
  }
  return where;
}
