import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { eq } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { staffCareTeams, staffUsers } from '../database/schema.js';

/** A staff account as auth needs it. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
  careTeamIds: string[];
}

/** Port: staff account lookup. */
export abstract class StaffRepository {
  abstract findByUsername(username: string): Promise<StaffAccount | null>;
  abstract findById(id: string): Promise<StaffAccount | null>;
}

@Injectable()
export class DrizzleStaffRepository extends StaffRepository {
  constructor(private readonly database: Database) {
    super();
  }

  findByUsername(username: string): Promise<StaffAccount | null> {
    return this.find(eq(staffUsers.username, username));
  }

  findById(id: string): Promise<StaffAccount | null> {
    return this.find(eq(staffUsers.id, id));
  }

  private async find(where: ReturnType<typeof eq>): Promise<StaffAccount | null> {
    const { db } = this.database;
    const [user] = await db.select().from(staffUsers).where(where).limit(1);
    if (!user) return null;
    const teams = await db
      .select({ id: staffCareTeams.careTeamId })
      .from(staffCareTeams)
      .where(eq(staffCareTeams.userId, user.id))
      .orderBy(staffCareTeams.careTeamId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordHash: user.passwordHash,
      careTeamIds: teams.map((t) => t.id),
    };
  }
}
