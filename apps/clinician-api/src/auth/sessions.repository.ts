import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { sessions, staffCareTeams, staffUsers } from '../database/schema.js';

/** Why a session ended (`sessions.revoked_reason`). */
export type RevokeReason = 'logout' | 'idle' | 'disabled' | 'reuse' | 'password-change' | 'admin' | 'expired';

/** A session row to insert (one per refresh token; rotation adds a row to the same family). */
export interface NewSession {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly refreshHash: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly replacedBy: string | null;
  readonly revokedAt: Date | null;
}

/** A session with what the principal of its requests is made of (read in one query per request). */
export interface SessionWithUser {
  readonly session: SessionRecord;
  readonly user: {
    readonly id: string;
    readonly role: UserRole;
    readonly patientId: string | null;
    readonly disabledAt: Date | null;
    readonly careTeamIds: readonly string[];
  };
}

/**
 * Port: the `sessions` table. Revocation and activity are per family (every row of one sign-in), so an
 * access token of a just-rotated row and the new row always agree.
 */
export abstract class SessionRepository {
  abstract create(session: NewSession): Promise<void>;
  abstract findByRefreshHash(hash: string): Promise<SessionRecord | null>;
  /**
   * Marks `oldId` replaced by `next` and inserts `next`, atomically; false (nothing written) if `oldId` was
   * already replaced or revoked, e.g. by a concurrent refresh.
   */
  abstract rotate(oldId: string, next: NewSession): Promise<boolean>;
  abstract loadForAccess(sessionId: string): Promise<SessionWithUser | null>;
  /** Records activity on every live row of the family. */
  abstract touchFamily(familyId: string, now: Date): Promise<void>;
  /** Revokes every live row of the family; returns how many were live (0 = someone else already did). */
  abstract revokeFamily(familyId: string, reason: RevokeReason, now: Date): Promise<number>;
  /** Revokes every live session of a user, except one family (the caller's own, on a password change). */
  abstract revokeUser(
    userId: string,
    reason: RevokeReason,
    now: Date,
    exceptFamilyId?: string,
  ): Promise<number>;
}

const record = {
  id: sessions.id,
  userId: sessions.userId,
  familyId: sessions.familyId,
  lastSeenAt: sessions.lastSeenAt,
  expiresAt: sessions.expiresAt,
  replacedBy: sessions.replacedBy,
  revokedAt: sessions.revokedAt,
};

@Injectable()
export class DrizzleSessionRepository extends SessionRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async create(session: NewSession): Promise<void> {
    await this.database.db.insert(sessions).values(session);
  }

  async findByRefreshHash(hash: string): Promise<SessionRecord | null> {
    const [row] = await this.database.db
      .select(record)
      .from(sessions)
      .where(eq(sessions.refreshHash, hash))
      .limit(1);
    return row ?? null;
  }

  rotate(oldId: string, next: NewSession): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const replaced = await tx
        .update(sessions)
        .set({ replacedBy: next.id })
        .where(and(eq(sessions.id, oldId), isNull(sessions.replacedBy), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      if (replaced.length !== 1) return false;
      await tx.insert(sessions).values(next);
      return true;
    });
  }

  async loadForAccess(sessionId: string): Promise<SessionWithUser | null> {
    const rows = await this.database.db
      .select({
        ...record,
        role: staffUsers.role,
        patientId: staffUsers.patientId,
        disabledAt: staffUsers.disabledAt,
        careTeamId: staffCareTeams.careTeamId,
      })
      .from(sessions)
      .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
      .leftJoin(staffCareTeams, eq(staffCareTeams.userId, sessions.userId))
      .where(eq(sessions.id, sessionId))
      .orderBy(staffCareTeams.careTeamId);
    const first = rows[0];
    if (!first) return null;
    return {
      session: {
        id: first.id,
        userId: first.userId,
        familyId: first.familyId,
        lastSeenAt: first.lastSeenAt,
        expiresAt: first.expiresAt,
        replacedBy: first.replacedBy,
        revokedAt: first.revokedAt,
      },
      user: {
        id: first.userId,
        role: first.role,
        patientId: first.patientId,
        disabledAt: first.disabledAt,
        careTeamIds: rows.flatMap((r) => (r.careTeamId === null ? [] : [r.careTeamId])),
      },
    };
  }

  async touchFamily(familyId: string, now: Date): Promise<void> {
    await this.database.db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt)));
  }

  async revokeFamily(familyId: string, reason: RevokeReason, now: Date): Promise<number> {
    const rows = await this.database.db
      .update(sessions)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length;
  }

  async revokeUser(
    userId: string,
    reason: RevokeReason,
    now: Date,
    exceptFamilyId?: string,
  ): Promise<number> {
    const live = and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
    const rows = await this.database.db
      .update(sessions)
      .set({ revokedAt: now, revokedReason: reason })
      .where(exceptFamilyId === undefined ? live : and(live, ne(sessions.familyId, exceptFamilyId)))
      .returning({ id: sessions.id });
    return rows.length;
  }
}
