import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { Database, type Db } from '../database/database.js';
import { careTeams, patients, staffCareTeams, staffUsers } from '../database/schema.js';

/** An account as administrators see it (never a hash or an MFA secret). */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  readonly patientId: string | null;
  readonly careTeamIds: readonly string[];
  readonly mfaEnabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  readonly patientId: string | null;
  readonly careTeamIds: readonly string[];
  readonly passwordHash: string;
  readonly createdAt: Date;
}

export interface UserUpdate {
  readonly displayName?: string;
  readonly role?: UserRole;
  /** Replaces the memberships when given. */
  readonly careTeamIds?: readonly string[];
}

/** Port: the admin side of the accounts table. */
export abstract class UsersRepository {
  /** Accounts ordered by username, after `afterUsername`, at most `limit`. */
  abstract list(afterUsername: string | null, limit: number): Promise<UserRecord[]>;
  abstract findById(id: string): Promise<UserRecord | null>;
  abstract usernameExists(username: string): Promise<boolean>;
  /** The ids among `ids` that name no care team. */
  abstract unknownCareTeams(ids: readonly string[]): Promise<string[]>;
  abstract patientExists(id: string): Promise<boolean>;
  /** Inserts the account and its memberships; returns the new id (`u-<uuid>`). */
  abstract create(user: NewUser): Promise<string>;
  abstract update(id: string, change: UserUpdate): Promise<void>;
  abstract setDisabled(id: string, disabledAt: Date | null): Promise<void>;
  abstract unlock(id: string): Promise<void>;
  /** Clears the TOTP secret: the user enrols again (or signs in with the password alone if not required). */
  abstract resetMfa(id: string): Promise<void>;
}

const columns = {
  id: staffUsers.id,
  username: staffUsers.username,
  displayName: staffUsers.displayName,
  role: staffUsers.role,
  patientId: staffUsers.patientId,
  mfaEnabled: staffUsers.mfaEnabled,
  failedLogins: staffUsers.failedLogins,
  lockedUntil: staffUsers.lockedUntil,
  disabledAt: staffUsers.disabledAt,
  createdAt: staffUsers.createdAt,
};

@Injectable()
export class DrizzleUsersRepository extends UsersRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async list(afterUsername: string | null, limit: number): Promise<UserRecord[]> {
    const rows = await this.database.db
      .select(columns)
      .from(staffUsers)
      .where(afterUsername === null ? undefined : gt(staffUsers.username, afterUsername))
      .orderBy(asc(staffUsers.username))
      .limit(limit);
    return this.withTeams(rows);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const rows = await this.database.db
      .select(columns)
      .from(staffUsers)
      .where(eq(staffUsers.id, id))
      .limit(1);
    return (await this.withTeams(rows))[0] ?? null;
  }

  async usernameExists(username: string): Promise<boolean> {
    return (await this.database.db.$count(staffUsers, eq(staffUsers.username, username))) > 0;
  }

  async unknownCareTeams(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.database.db
      .select({ id: careTeams.id })
      .from(careTeams)
      .where(inArray(careTeams.id, [...ids]));
    const known = new Set(found.map((t) => t.id));
    return ids.filter((id) => !known.has(id));
  }

  async patientExists(id: string): Promise<boolean> {
    return (await this.database.db.$count(patients, eq(patients.id, id))) > 0;
  }

  async create(user: NewUser): Promise<string> {
    const id = `u-${randomUUID()}`;
    await this.database.db.transaction(async (tx) => {
      await tx.insert(staffUsers).values({
        id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        patientId: user.patientId,
        passwordHash: user.passwordHash,
        passwordChangedAt: user.createdAt,
        createdAt: user.createdAt,
      });
      await insertMemberships(tx, id, user.careTeamIds);
    });
    return id;
  }

  async update(id: string, change: UserUpdate): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const set = {
        ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
        ...(change.role === undefined ? {} : { role: change.role }),
      };
      if (Object.keys(set).length > 0) await tx.update(staffUsers).set(set).where(eq(staffUsers.id, id));
      if (change.careTeamIds !== undefined) {
        await tx.delete(staffCareTeams).where(eq(staffCareTeams.userId, id));
        await insertMemberships(tx, id, change.careTeamIds);
      }
    });
  }

  async setDisabled(id: string, disabledAt: Date | null): Promise<void> {
    await this.database.db.update(staffUsers).set({ disabledAt }).where(eq(staffUsers.id, id));
  }

  async unlock(id: string): Promise<void> {
    await this.database.db
      .update(staffUsers)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(staffUsers.id, id));
  }

  async resetMfa(id: string): Promise<void> {
    await this.database.db
      .update(staffUsers)
      .set({ totpSecret: null, mfaEnabled: false, lastTotpStep: null })
      .where(eq(staffUsers.id, id));
  }

  private async withTeams(rows: Omit<UserRecord, 'careTeamIds'>[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const teams = await this.database.db
      .select({ userId: staffCareTeams.userId, careTeamId: staffCareTeams.careTeamId })
      .from(staffCareTeams)
      .where(
        inArray(
          staffCareTeams.userId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(staffCareTeams.careTeamId);
    return rows.map((r) => ({
      ...r,
      careTeamIds: teams.filter((t) => t.userId === r.id).map((t) => t.careTeamId),
    }));
  }
}

async function insertMemberships(tx: Db, userId: string, careTeamIds: readonly string[]): Promise<void> {
  const unique = [...new Set(careTeamIds)];
  if (unique.length > 0)
    await tx.insert(staffCareTeams).values(unique.map((careTeamId) => ({ userId, careTeamId })));
}
