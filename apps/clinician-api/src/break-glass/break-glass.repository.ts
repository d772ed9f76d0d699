import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { breakGlassGrants, staffUsers } from '../database/schema.js';

/** One break_glass_grants row (the reason is only ever shown to admins reviewing grants). */
export interface GrantRow {
  id: string;
  userId: string;
  patientId: string;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

export type ReviewRow = GrantRow & { userDisplayName: string };

/** Port: break-glass grants. */
export abstract class BreakGlassRepository {
  abstract insert(grant: GrantRow): Promise<void>;
  abstract find(id: string): Promise<GrantRow | null>;
  /** Stamps `endedAt` if the grant is still active at `at`; the updated row, or null. */
  abstract end(id: string, at: Date): Promise<GrantRow | null>;
  /** Newest first; `after` = (createdAt, id) of the last grant already returned. */
  abstract review(after: { createdAt: Date; id: string } | null, fetch: number): Promise<ReviewRow[]>;
}

@Injectable()
export class DrizzleBreakGlassRepository extends BreakGlassRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async insert(grant: GrantRow): Promise<void> {
    await this.database.db.insert(breakGlassGrants).values(grant);
  }

  async find(id: string): Promise<GrantRow | null> {
    const [row] = await this.database.db
      .select()
      .from(breakGlassGrants)
      .where(eq(breakGlassGrants.id, id))
      .limit(1);
    return row ?? null;
  }

  async end(id: string, at: Date): Promise<GrantRow | null> {
    const [row] = await this.database.db
      .update(breakGlassGrants)
      .set({ endedAt: at })
      .where(
        and(
          eq(breakGlassGrants.id, id),
          isNull(breakGlassGrants.endedAt),
          gt(breakGlassGrants.expiresAt, at),
        ),
      )
      .returning();
    return row ?? null;
  }

  review(after: { createdAt: Date; id: string } | null, fetch: number): Promise<ReviewRow[]> {
    const where: SQL[] = [];
    if (after !== null) {
      where.push(
        sql`(${breakGlassGrants.createdAt}, ${breakGlassGrants.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})`,
      );
    }
    return this.database.db
      .select({
        id: breakGlassGrants.id,
        userId: breakGlassGrants.userId,
        patientId: breakGlassGrants.patientId,
        reason: breakGlassGrants.reason,
        createdAt: breakGlassGrants.createdAt,
        expiresAt: breakGlassGrants.expiresAt,
        endedAt: breakGlassGrants.endedAt,
        userDisplayName: staffUsers.displayName,
      })
      .from(breakGlassGrants)
      .innerJoin(staffUsers, eq(staffUsers.id, breakGlassGrants.userId))
      .where(and(...where))
      .orderBy(desc(breakGlassGrants.createdAt), desc(breakGlassGrants.id))
      .limit(fetch);
  }
}
