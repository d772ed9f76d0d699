import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { and, eq, gt, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { staffCareTeams, staffUsers } from '../database/schema.js';

/** A sign-in account (staff or patient) as auth needs it. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  /** Set exactly for role patient. */
  patientId: string | null;
  passwordHash: string;
  careTeamIds: string[];
  /** Encrypted TOTP secret (`v1:…`), or null before enrolment starts. */
  totpSecret: string | null;
  mfaEnabled: boolean;
  lastTotpStep: number | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

/** Port: account lookup and the account-side writes of sign-in (lockout, MFA, password). */
export abstract class StaffRepository {
  abstract findByUsername(username: string): Promise<StaffAccount | null>;
  abstract findById(id: string): Promise<StaffAccount | null>;
  /**
   * Counts one failed sign-in atomically and returns the new count; null while the account is locked (a
   * locked account's counter does not move, so the lock is not extended by guessing).
   */
  abstract recordFailure(id: string, now: Date): Promise<number | null>;
  /** Locks until `until` and restarts the count (a fresh set of attempts once the lock ends). */
  abstract lock(id: string, until: Date): Promise<void>;
  /** After a full sign-in: no failures, no lock. */
  abstract resetFailures(id: string): Promise<void>;
  /** Stores a new (not yet enabled) TOTP secret, unless MFA is already enabled; false then. */
  abstract startMfa(id: string, sealedSecret: string): Promise<boolean>;
  /**
   * Accepts a TOTP step atomically (only if later than the last accepted one, so two concurrent requests
   * cannot both use a code) and, with `enable`, turns MFA on. False if another request got there first.
   */
  abstract acceptTotpStep(id: string, step: number, enable: boolean): Promise<boolean>;
  abstract setPassword(id: string, hash: string, now: Date): Promise<void>;
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

  async recordFailure(id: string, now: Date): Promise<number | null> {
    const rows = await this.database.db
      .update(staffUsers)
      .set({ failedLogins: sql`${staffUsers.failedLogins} + 1` })
      .where(and(eq(staffUsers.id, id), or(isNull(staffUsers.lockedUntil), lte(staffUsers.lockedUntil, now))))
      .returning({ failedLogins: staffUsers.failedLogins });
    return rows[0]?.failedLogins ?? null;
  }

  async lock(id: string, until: Date): Promise<void> {
    await this.database.db
      .update(staffUsers)
      .set({ lockedUntil: until, failedLogins: 0 })
      .where(eq(staffUsers.id, id));
  }

  async resetFailures(id: string): Promise<void> {
    await this.database.db
      .update(staffUsers)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(
        and(
          eq(staffUsers.id, id),
          or(gt(staffUsers.failedLogins, 0), sql`${staffUsers.lockedUntil} is not null`),
        ),
      );
  }

  async startMfa(id: string, sealedSecret: string): Promise<boolean> {
    const rows = await this.database.db
      .update(staffUsers)
      .set({ totpSecret: sealedSecret, lastTotpStep: null })
      .where(and(eq(staffUsers.id, id), eq(staffUsers.mfaEnabled, false)))
      .returning({ id: staffUsers.id });
    return rows.length === 1;
  }

  async acceptTotpStep(id: string, step: number, enable: boolean): Promise<boolean> {
    const rows = await this.database.db
      .update(staffUsers)
      .set(enable ? { lastTotpStep: step, mfaEnabled: true } : { lastTotpStep: step })
      .where(
        and(eq(staffUsers.id, id), or(isNull(staffUsers.lastTotpStep), lt(staffUsers.lastTotpStep, step))),
      )
      .returning({ id: staffUsers.id });
    return rows.length === 1;
  }

  async setPassword(id: string, hash: string, now: Date): Promise<void> {
    await this.database.db
      .update(staffUsers)
      .set({ passwordHash: hash, passwordChangedAt: now })
      .where(eq(staffUsers.id, id));
  }

  private async find(where: SQL): Promise<StaffAccount | null> {
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
      patientId: user.patientId,
      passwordHash: user.passwordHash,
      careTeamIds: teams.map((t) => t.id),
      totpSecret: user.totpSecret,
      mfaEnabled: user.mfaEnabled,
      lastTotpStep: user.lastTotpStep,
      failedLogins: user.failedLogins,
      lockedUntil: user.lockedUntil,
      disabledAt: user.disabledAt,
    };
  }
}
