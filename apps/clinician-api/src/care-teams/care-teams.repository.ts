import { Injectable } from '@nestjs/common';
import type { CareTeam, UserRole } from '@openward/contracts';
import { asc, count, eq, inArray, ne, and } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { careTeams, patients, staffCareTeams, staffUsers } from '../database/schema.js';

/** Port: care teams and their membership. */
export abstract class CareTeamRepository {
  /** Teams with members and patient counts; all of them when `ids` is null. Ordered by name. */
  abstract list(ids: readonly string[] | null): Promise<CareTeam[]>;
  /** False when the id is taken. */
  abstract insert(id: string, name: string): Promise<boolean>;
  /** False when there is no such team. */
  abstract rename(id: string, name: string): Promise<boolean>;
  abstract exists(id: string): Promise<boolean>;
  /** Roles of the given accounts that exist. */
  abstract accounts(ids: readonly string[]): Promise<Map<string, { role: UserRole }>>;
  /** Replaces the member list in one transaction. */
  abstract setMembers(id: string, userIds: readonly string[]): Promise<void>;
}

@Injectable()
export class DrizzleCareTeamRepository extends CareTeamRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async list(ids: readonly string[] | null): Promise<CareTeam[]> {
    if (ids !== null && ids.length === 0) return [];
    const { db } = this.database;
    const teamFilter = ids === null ? undefined : inArray(careTeams.id, [...ids]);
    const [teams, members, counts] = await Promise.all([
      db.select().from(careTeams).where(teamFilter).orderBy(asc(careTeams.name), asc(careTeams.id)),
      db
        .select({
          careTeamId: staffCareTeams.careTeamId,
          id: staffUsers.id,
          displayName: staffUsers.displayName,
          role: staffUsers.role,
        })
        .from(staffCareTeams)
        .innerJoin(staffUsers, eq(staffUsers.id, staffCareTeams.userId))
        .where(ids === null ? undefined : inArray(staffCareTeams.careTeamId, [...ids]))
        .orderBy(asc(staffUsers.displayName), asc(staffUsers.id)),
      db
        .select({ careTeamId: patients.careTeamId, n: count() })
        .from(patients)
        .where(
          and(
            ne(patients.status, 'erased'),
            ids === null ? undefined : inArray(patients.careTeamId, [...ids]),
          ),
        )
        .groupBy(patients.careTeamId),
    ]);
    const countOf = new Map(counts.map((c) => [c.careTeamId, Number(c.n)]));
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      members: members
        .filter((m) => m.careTeamId === t.id)
        .map((m) => ({ id: m.id, displayName: m.displayName, role: m.role })),
      patientCount: countOf.get(t.id) ?? 0,
    }));
  }

  async insert(id: string, name: string): Promise<boolean> {
    const rows = await this.database.db
      .insert(careTeams)
      .values({ id, name })
      .onConflictDoNothing({ target: careTeams.id })
      .returning({ id: careTeams.id });
    return rows.length === 1;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const rows = await this.database.db
      .update(careTeams)
      .set({ name })
      .where(eq(careTeams.id, id))
      .returning({ id: careTeams.id });
    return rows.length === 1;
  }

  async exists(id: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ id: careTeams.id })
      .from(careTeams)
      .where(eq(careTeams.id, id))
      .limit(1);
    return row !== undefined;
  }

  async accounts(ids: readonly string[]): Promise<Map<string, { role: UserRole }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.database.db
      .select({ id: staffUsers.id, role: staffUsers.role })
      .from(staffUsers)
      .where(inArray(staffUsers.id, [...ids]));
    return new Map(rows.map((r) => [r.id, { role: r.role }]));
  }

  async setMembers(id: string, userIds: readonly string[]): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.delete(staffCareTeams).where(eq(staffCareTeams.careTeamId, id));
      if (userIds.length > 0) {
        await tx.insert(staffCareTeams).values(userIds.map((userId) => ({ userId, careTeamId: id })));
      }
    });
  }
}
