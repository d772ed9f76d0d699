import { Injectable } from '@nestjs/common';
import type { GatewayStatusName } from '@openward/contracts';
import { and, asc, eq, gt, inArray, isNull, max } from 'drizzle-orm';
import { Database, type Db } from '../database/database.js';
import { enrollmentCodes, gateways } from '../database/schema.js';
import { codeState } from './enrollment-code.js';
import { bumpRegistryVersion } from './registry.repository.js';

/** A gateway as the admin sees it: never a secret or a hash. */
export interface GatewayRecord {
  id: string;
  label: string | null;
  status: GatewayStatusName;
  createdAt: Date;
  credentialsRotatedAt: Date | null;
  /** Expiry of the newest outstanding (unused, unexpired) enrolment code. */
  codeExpiresAt: Date | null;
}

/** A code to store: its SHA-256 only. */
export interface NewCode {
  codeHash: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface StoredCode {
  gatewayId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface GatewayListQuery {
  status: GatewayStatusName | null;
  /** Exclusive keyset cursor (gateway id). */
  after: string | null;
  limit: number;
}

export type IssueCodeResult =
  | { ok: true; status: GatewayStatusName; registryChanged: boolean }
  | { ok: false; code: 'GATEWAY_NOT_FOUND' | 'GATEWAY_REVOKED' };

export type ExchangeResult =
  | { ok: true; gatewayId: string; rotated: boolean }
  | {
      ok: false;
      code: 'ENROLLMENT_CODE_INVALID' | 'ENROLLMENT_CODE_EXPIRED' | 'ENROLLMENT_CODE_USED';
      gatewayId: string | null;
    };

/** `needs_secret`: the gateway never had credentials; call again with a placeholder hash (schema check). */
export type RevokeOutcome = 'revoked' | 'already_revoked' | 'not_found' | 'needs_secret';

/** Port: gateways and their enrolment codes. Every change the feed shows bumps the registry version. */
export abstract class GatewayRepository {
  abstract list(query: GatewayListQuery, now: Date): Promise<GatewayRecord[]>;
  abstract find(id: string, now: Date): Promise<GatewayRecord | null>;
  /** Inserts a pending gateway with its first code (no version bump: the feed never shows pending ones). */
  abstract create(
    gateway: { id: string; label: string; createdAt: Date },
    code: NewCode,
  ): Promise<'created' | 'exists'>;
  /**
   * Stores a new code and expires the gateway's other outstanding ones. With `revokeSecret`, an active gateway
   * also loses its credentials at once and returns to `pending` (version bumped: ingest drops it).
   */
  abstract issueCode(gatewayId: string, code: NewCode, revokeSecret: boolean): Promise<IssueCodeResult>;
  abstract findCode(codeHash: string): Promise<StoredCode | null>;
  /**
   * Exchanges a valid code for the given credentials, in one transaction: the gateway becomes active with the
   * new hashes (replacing any older secret: that is the rotation), the code is used, other outstanding codes
   * expire, the version is bumped. Re-checks the code under a row lock, so a code is exchanged once.
   */
  abstract exchangeCode(
    codeHash: string,
    now: Date,
    credentials: { secretHash: string; mosquittoHash: string },
  ): Promise<ExchangeResult>;
  /** Revokes for good and expires outstanding codes (version bumped when it changed). */
  abstract revoke(id: string, now: Date, placeholderSecretHash: string | null): Promise<RevokeOutcome>;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

@Injectable()
export class DrizzleGatewayRepository extends GatewayRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async list(query: GatewayListQuery, now: Date): Promise<GatewayRecord[]> {
    const rows = await this.database.db
      .select()
      .from(gateways)
      .where(
        and(
          query.status === null ? undefined : eq(gateways.status, query.status),
          query.after === null ? undefined : gt(gateways.id, query.after),
        ),
      )
      .orderBy(asc(gateways.id))
      .limit(query.limit);
    return this.withCodeExpiry(rows, now);
  }

  async find(id: string, now: Date): Promise<GatewayRecord | null> {
    const rows = await this.database.db.select().from(gateways).where(eq(gateways.id, id));
    return (await this.withCodeExpiry(rows, now))[0] ?? null;
  }

  create(
    gateway: { id: string; label: string; createdAt: Date },
    code: NewCode,
  ): Promise<'created' | 'exists'> {
    return this.database.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(gateways)
        .values({ id: gateway.id, label: gateway.label, status: 'pending', createdAt: gateway.createdAt })
        .onConflictDoNothing()
        .returning({ id: gateways.id });
      if (inserted.length === 0) return 'exists';
      await tx.insert(enrollmentCodes).values({ gatewayId: gateway.id, ...code });
      return 'created';
    });
  }

  issueCode(gatewayId: string, code: NewCode, revokeSecret: boolean): Promise<IssueCodeResult> {
    return this.database.db.transaction(async (tx): Promise<IssueCodeResult> => {
      const [gw] = await tx.select().from(gateways).where(eq(gateways.id, gatewayId)).for('update');
      if (!gw) return { ok: false, code: 'GATEWAY_NOT_FOUND' };
      if (gw.status === 'revoked') return { ok: false, code: 'GATEWAY_REVOKED' };
      await expireOutstandingCodes(tx, gatewayId, code.createdAt);
      await tx.insert(enrollmentCodes).values({ gatewayId, ...code });
      if (!revokeSecret || gw.status === 'pending')
        return { ok: true, status: gw.status, registryChanged: false };
      await tx
        .update(gateways)
        .set({ status: 'pending', secretHash: null, mosquittoHash: null })
        .where(eq(gateways.id, gatewayId));
      await bumpRegistryVersion(tx);
      return { ok: true, status: 'pending', registryChanged: true };
    });
  }

  async findCode(codeHash: string): Promise<StoredCode | null> {
    const [row] = await this.database.db
      .select({
        gatewayId: enrollmentCodes.gatewayId,
        expiresAt: enrollmentCodes.expiresAt,
        usedAt: enrollmentCodes.usedAt,
      })
      .from(enrollmentCodes)
      .where(eq(enrollmentCodes.codeHash, codeHash));
    return row ?? null;
  }

  exchangeCode(
    codeHash: string,
    now: Date,
    credentials: { secretHash: string; mosquittoHash: string },
  ): Promise<ExchangeResult> {
    return this.database.db.transaction(async (tx): Promise<ExchangeResult> => {
      const [code] = await tx
        .select()
        .from(enrollmentCodes)
        .where(eq(enrollmentCodes.codeHash, codeHash))
        .for('update');
      if (!code) return { ok: false, code: 'ENROLLMENT_CODE_INVALID', gatewayId: null };
      const state = codeState(code, now);
      if (state === 'used') return { ok: false, code: 'ENROLLMENT_CODE_USED', gatewayId: code.gatewayId };
      if (state === 'expired')
        return { ok: false, code: 'ENROLLMENT_CODE_EXPIRED', gatewayId: code.gatewayId };
      const [gw] = await tx.select().from(gateways).where(eq(gateways.id, code.gatewayId)).for('update');
      // Revocation expires outstanding codes; this guards the interleaving where it commits in between.
      if (!gw || gw.status === 'revoked')
        return { ok: false, code: 'ENROLLMENT_CODE_EXPIRED', gatewayId: code.gatewayId };
      await tx
        .update(gateways)
        .set({ status: 'active', ...credentials, credentialsRotatedAt: now })
        .where(eq(gateways.id, gw.id));
      await tx.update(enrollmentCodes).set({ usedAt: now }).where(eq(enrollmentCodes.id, code.id));
      await expireOutstandingCodes(tx, gw.id, now);
      await bumpRegistryVersion(tx);
      return { ok: true, gatewayId: gw.id, rotated: gw.secretHash !== null };
    });
  }

  revoke(id: string, now: Date, placeholderSecretHash: string | null): Promise<RevokeOutcome> {
    return this.database.db.transaction(async (tx): Promise<RevokeOutcome> => {
      const [gw] = await tx.select().from(gateways).where(eq(gateways.id, id)).for('update');
      if (!gw) return 'not_found';
      if (gw.status === 'revoked') return 'already_revoked';
      const secretHash = gw.secretHash ?? placeholderSecretHash;
      if (secretHash === null) return 'needs_secret';
      await tx.update(gateways).set({ status: 'revoked', secretHash }).where(eq(gateways.id, id));
      await expireOutstandingCodes(tx, id, now);
      await bumpRegistryVersion(tx);
      return 'revoked';
    });
  }

  private async withCodeExpiry(rows: (typeof gateways.$inferSelect)[], now: Date): Promise<GatewayRecord[]> {
    if (rows.length === 0) return [];
    const expiries = await this.database.db
      .select({ gatewayId: enrollmentCodes.gatewayId, expiresAt: max(enrollmentCodes.expiresAt) })
      .from(enrollmentCodes)
      .where(
        and(
          inArray(
            enrollmentCodes.gatewayId,
            rows.map((r) => r.id),
          ),
          isNull(enrollmentCodes.usedAt),
          gt(enrollmentCodes.expiresAt, now),
        ),
      )
      .groupBy(enrollmentCodes.gatewayId);
    const byGateway = new Map(expiries.map((e) => [e.gatewayId, e.expiresAt]));
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      status: r.status,
      createdAt: r.createdAt,
      credentialsRotatedAt: r.credentialsRotatedAt,
      codeExpiresAt: byGateway.get(r.id) ?? null,
    }));
  }
}

/** Ends every unused code of the gateway that is still valid at `now` (they answer "expired" from then on). */
async function expireOutstandingCodes(tx: Tx, gatewayId: string, now: Date): Promise<void> {
  await tx
    .update(enrollmentCodes)
    .set({ expiresAt: now })
    .where(
      and(
        eq(enrollmentCodes.gatewayId, gatewayId),
        isNull(enrollmentCodes.usedAt),
        gt(enrollmentCodes.expiresAt, now),
      ),
    );
}
