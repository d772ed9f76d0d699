import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { Database, type Db } from '../database/database.js';
import { auditAnchors, auditChainHead, auditEvents, patients } from '../database/schema.js';
import { sealRows, type ChainEntry, type SealedRow } from './audit-chain.js';
import { planRetentionCut } from './audit-retention.js';
import { ChainVerifier, type ChainAnchor, type ChainHead, type StoredRow } from './audit-verify.js';
import {
  AuditStore,
  type AuditFilter,
  type RetentionCutFacts,
  type RetentionOutcome,
} from './audit.store.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type AuditDetail = typeof auditEvents.$inferInsert.detail;

const CHAIN_HEAD_ID = 1;
/** Rows per SELECT when streaming the chain (verification, retention pre-check). */
const PAGE = 1000;

/**
 * {@link AuditStore} over Drizzle (PGlite or PostgreSQL). The chain head row is the single serialisation
 * point: every append and cut locks it first, so several API replicas append in one order (DESIGN.md §3).
 */
@Injectable()
export class DrizzleAuditStore extends AuditStore {
  constructor(private readonly database: Database) {
    super();
  }

  append(entries: readonly ChainEntry[]): Promise<readonly SealedRow[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.database.db.transaction(async (tx) => appendAfter(tx, await lockHead(tx), entries));
  }

  async head(): Promise<ChainHead> {
    return readHead(this.database.db);
  }

  async latestAnchor(): Promise<ChainAnchor | null> {
    return readLatestAnchor(this.database.db);
  }

  async hasRowsThrough(id: number): Promise<boolean> {
    const rows = await this.database.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(lte(auditEvents.id, id))
      .limit(1);
    return rows.length > 0;
  }

  page(afterId: number, throughId: number, limit: number): Promise<readonly StoredRow[]> {
    return readPage(this.database.db, afterId, throughId, limit);
  }

  async search(filter: AuditFilter, limit: number): Promise<readonly StoredRow[]> {
    const where: SQL[] = [];
    if (filter.patientId !== undefined) where.push(eq(auditEvents.patientId, filter.patientId));
    if (filter.actorId !== undefined) where.push(eq(auditEvents.actorId, filter.actorId));
    if (filter.action !== undefined) where.push(eq(auditEvents.action, filter.action));
    if (filter.from !== undefined) where.push(gte(auditEvents.at, filter.from));
    if (filter.to !== undefined) where.push(lt(auditEvents.at, filter.to));
    if (filter.beforeId !== undefined) where.push(lt(auditEvents.id, filter.beforeId));
    return this.database.db
      .select()
      .from(auditEvents)
      .where(and(...where))
      .orderBy(desc(auditEvents.id))
      .limit(limit);
  }

  cut(cutoff: Date, now: Date, entry: (facts: RetentionCutFacts) => ChainEntry): Promise<RetentionOutcome> {
    return this.database.db.transaction(async (tx): Promise<RetentionOutcome> => {
      const head = await lockHead(tx);
      const anchor = await readLatestAnchor(tx);
      const plan = planRetentionCut(anchor, await lastDueId(tx, cutoff));
      if (!plan) return { kind: 'nothing-to-cut' };
      // Never delete evidence: the rows to cut must verify from the anchor (their last hash becomes the new one).
      const verifier = new ChainVerifier(anchor);
      let after = plan.afterId;
      for (;;) {
        const rows = await readPage(tx, after, plan.throughId, PAGE);
        for (const row of rows) if (verifier.push(row)) break;
        if (verifier.firstBreak) return { kind: 'refused', broken: verifier.firstBreak };
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]?.id ?? plan.throughId;
      }
      const last = verifier.lastVerified;
      if (last?.id !== plan.throughId) {
        return {
          kind: 'refused',
          broken: { id: plan.throughId, reason: 'head-mismatch', lastGoodId: last?.id ?? null },
        };
      }
      const throughHash = last.hash;
      const deletedRows = verifier.checkedRows;
      await tx.execute(sql`set local openward.audit_retention = 'on'`);
      await tx.delete(auditEvents).where(lte(auditEvents.id, plan.throughId));
      await tx
        .insert(auditAnchors)
        .values({ throughId: plan.throughId, throughHash, cutAt: now, deletedRows });
      const facts: RetentionCutFacts = { throughId: plan.throughId, throughHash, deletedRows, cutoff };
      const [sealed] = await appendAfter(tx, head, [entry(facts)]);
      return { kind: 'cut', throughId: plan.throughId, throughHash, deletedRows, entryId: sealed?.id ?? 0 };
    });
  }
}

/** The id of the last row before the first one that must be kept (see planRetentionCut). */
async function lastDueId(tx: Tx, cutoff: Date): Promise<number | null> {
  const held = tx.select({ id: patients.id }).from(patients).where(eq(patients.legalHold, true));
  const [firstKept] = await tx
    .select({ id: sql<number>`min(${auditEvents.id})`.mapWith(Number) })
    .from(auditEvents)
    .where(or(gte(auditEvents.at, cutoff), inArray(auditEvents.patientId, held)));
  const keepFrom = firstKept?.id ?? null;
  const [due] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(keepFrom === null ? undefined : lt(auditEvents.id, keepFrom))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return due?.id ?? null;
}

async function lockHead(tx: Tx): Promise<ChainHead> {
  const [head] = await tx
    .select({ lastId: auditChainHead.lastId, lastHash: auditChainHead.lastHash })
    .from(auditChainHead)
    .where(eq(auditChainHead.id, CHAIN_HEAD_ID))
    .for('update');
  if (!head) throw new Error('audit_chain_head row is missing (migration 0004)');
  return head;
}

async function readHead(db: Db | Tx): Promise<ChainHead> {
  const [head] = await db
    .select({ lastId: auditChainHead.lastId, lastHash: auditChainHead.lastHash })
    .from(auditChainHead)
    .where(eq(auditChainHead.id, CHAIN_HEAD_ID));
  if (!head) throw new Error('audit_chain_head row is missing (migration 0004)');
  return head;
}

async function readLatestAnchor(db: Db | Tx): Promise<ChainAnchor | null> {
  const [anchor] = await db
    .select({ throughId: auditAnchors.throughId, throughHash: auditAnchors.throughHash })
    .from(auditAnchors)
    .orderBy(desc(auditAnchors.throughId))
    .limit(1);
  return anchor ?? null;
}

function readPage(db: Db | Tx, afterId: number, throughId: number, limit: number): Promise<StoredRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(gt(auditEvents.id, afterId), lte(auditEvents.id, throughId)))
    .orderBy(asc(auditEvents.id))
    .limit(limit);
}

/** Appends after a head this transaction already holds locked. */
async function appendAfter(tx: Tx, head: ChainHead, entries: readonly ChainEntry[]): Promise<SealedRow[]> {
  // Ids from the sequence, taken while holding the lock: chain order = id order across replicas.
  const ids = (
    await tx
      .select({ id: sql<number>`nextval(pg_get_serial_sequence('audit_events', 'id'))`.mapWith(Number) })
      .from(sql`generate_series(1, ${entries.length})`)
  )
    .map((r) => r.id)
    .sort((a, b) => a - b);
  if (ids.length !== entries.length || (ids[0] ?? 0) <= head.lastId) {
    throw new Error(`audit_events sequence is behind the chain head (head ${head.lastId})`);
  }
  const sealed = sealRows(
    head.lastHash,
    entries.map((e, i) => ({ ...e, id: ids[i] ?? 0 })),
  );
  await tx.insert(auditEvents).values(
    sealed.map((r) => ({
      ...r,
      // The column type is the narrower AuditEntry detail; a ChainEntry detail is its jsonb round trip.
      detail: r.detail as AuditDetail,
    })),
  );
  const last = sealed[sealed.length - 1];
  if (last) {
    await tx
      .update(auditChainHead)
      .set({ lastId: last.id, lastHash: last.hash })
      .where(eq(auditChainHead.id, CHAIN_HEAD_ID));
  }
  return sealed;
}
