import type { ChainEntry, SealedRow } from './audit-chain.js';
import type { ChainAnchor, ChainBreak, ChainHead, StoredRow } from './audit-verify.js';

/** Filters of `GET /api/admin/audit` (all optional, combined with AND). */
export interface AuditFilter {
  readonly patientId?: string;
  readonly actorId?: string;
  readonly action?: string;
  /** `at >= from` */
  readonly from?: Date;
  /** `at < to` */
  readonly to?: Date;
  /** Keyset paging, newest first: only rows with `id < beforeId`. */
  readonly beforeId?: number;
}

/** What a retention cut did (DESIGN.md §5). */
export type RetentionOutcome =
  | {
      readonly kind: 'cut';
      readonly throughId: number;
      readonly throughHash: string;
      readonly deletedRows: number;
      /** Id of the `audit.retention` row appended in the same transaction. */
      readonly entryId: number;
    }
  | { readonly kind: 'nothing-to-cut' }
  /** The rows to delete do not verify: they are kept as evidence and nothing is deleted. */
  | { readonly kind: 'refused'; readonly broken: ChainBreak };

/** What the `audit.retention` row of a cut says (its detail confirms the anchor to the verifier). */
export interface RetentionCutFacts {
  readonly throughId: number;
  readonly throughHash: string;
  readonly deletedRows: number;
  readonly cutoff: Date;
}

/**
 * Port: the audit_events table, its chain head and anchors. The Drizzle adapter runs on PGlite and
 * PostgreSQL; the writer, verifier and retention services hold the logic.
 */
export abstract class AuditStore {
  /**
   * Appends entries (in this order) in ONE transaction: lock the chain head (`FOR UPDATE`), take ids from the
   * sequence, seal, insert, move the head, commit. Resolves only once committed.
   */
  abstract append(entries: readonly ChainEntry[]): Promise<readonly SealedRow[]>;

  abstract head(): Promise<ChainHead>;

  /** The latest retention anchor (highest `throughId`), or null if nothing was ever cut. */
  abstract latestAnchor(): Promise<ChainAnchor | null>;

  /** Whether any row with `id <= id` exists. */
  abstract hasRowsThrough(id: number): Promise<boolean>;

  /** Rows with `afterId < id <= throughId`, ascending, at most `limit`. */
  abstract page(afterId: number, throughId: number, limit: number): Promise<readonly StoredRow[]>;

  /** Rows matching the filter, newest first (descending id), at most `limit`. */
  abstract search(filter: AuditFilter, limit: number): Promise<readonly StoredRow[]>;

  /**
   * One retention transaction: lock the head; the cut is the longest id prefix after the latest anchor whose
   * rows are all older than `cutoff` and concern no patient under legal hold; verify those rows; delete them
   * (`SET LOCAL openward.audit_retention = 'on'`); write the anchor; append `entry(facts)` to the chain.
   */
  abstract cut(
    cutoff: Date,
    now: Date,
    entry: (facts: RetentionCutFacts) => ChainEntry,
  ): Promise<RetentionOutcome>;
}
