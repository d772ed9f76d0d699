import { chainHash, GENESIS_HASH, type ChainRow } from './audit-chain.js';
import { AUDIT_ACTIONS } from './audit.port.js';

/**
 * Pure chain verification (DESIGN.md §4): feed rows in id order, one page at a time, then the chain head.
 * Reports the FIRST broken row only: everything after it is unprovable anyway.
 */

/** A row as read back from `audit_events` (hashes may be null on a tampered or pre-chain row). */
export interface StoredRow extends ChainRow {
  readonly prevHash: string | null;
  readonly hash: string | null;
}

/** `audit_chain_head`: id and hash of the last appended row. */
export interface ChainHead {
  readonly lastId: number;
  readonly lastHash: string;
}

/** The latest retention cut (`audit_anchors`): verification starts after `throughId` from `throughHash`. */
export interface ChainAnchor {
  readonly throughId: number;
  readonly throughHash: string;
}

export const CHAIN_BREAK_REASONS = [
  /** The row's content no longer matches its hash: a field was edited. */
  'hash-mismatch',
  /** The row does not link to the row before it: rows were deleted, inserted or reordered before it. */
  'prev-hash-mismatch',
  /** Ids do not strictly increase in the order given (reordered input). */
  'id-order',
  /** The row has no hash (written outside the chain, or the hash was removed). */
  'unsealed',
  /** The last row is not the one the chain head names: rows at the end were deleted (or the head edited). */
  'head-mismatch',
  /** Rows at or before the latest retention anchor still exist: the anchor does not mark a real cut. */
  'anchor-overlap',
  /** No `audit.retention` row in the chain confirms the latest anchor (a forged anchor). */
  'anchor-unconfirmed',
] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

/** The first broken row. */
export interface ChainBreak {
  /** Id of the first row that fails (for head-mismatch: the id the head names; for anchors: the anchor's). */
  readonly id: number;
  readonly reason: ChainBreakReason;
  /** Last row that verified before it (null: none since the start/anchor). */
  readonly lastGoodId: number | null;
  /** For mismatches: the hash the chain expected, and what the row (or head) holds. */
  readonly expected?: string;
  readonly actual?: string | null;
}

/** Incremental verifier: constant memory whatever the chain length. */
export class ChainVerifier {
  private prevHash: string;
  private lastId: number;
  private lastGoodId: number | null = null;
  private confirmed: boolean;
  private count = 0;
  private broken: ChainBreak | null = null;

  constructor(private readonly anchor: ChainAnchor | null) {
    this.prevHash = anchor?.throughHash ?? GENESIS_HASH;
    this.lastId = anchor?.throughId ?? 0;
    this.confirmed = anchor === null;
  }

  /** Rows verified so far. */
  get checkedRows(): number {
    return this.count;
  }

  /** The last row verified (its id and hash), null before the first. */
  get lastVerified(): { readonly id: number; readonly hash: string } | null {
    return this.lastGoodId === null ? null : { id: this.lastGoodId, hash: this.prevHash };
  }

  /** The first break found (then later rows are ignored). */
  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  /** Checks the next row (rows must come in ascending id order). Returns the first break once found. */
  push(row: StoredRow): ChainBreak | null {
    if (this.broken) return this.broken;
    const fail = (reason: ChainBreakReason, expected?: string, actual?: string | null): ChainBreak => {
      this.broken = {
        id: row.id,
        reason,
        lastGoodId: this.lastGoodId,
        ...(expected === undefined ? {} : { expected, actual: actual ?? null }),
      };
      return this.broken;
    };
    if (row.id <= this.lastId) return fail('id-order');
    if (row.hash === null || row.prevHash === null) return fail('unsealed');
    const recomputed = chainHash(row.prevHash, row);
    if (recomputed !== row.hash) return fail('hash-mismatch', recomputed, row.hash);
    if (row.prevHash !== this.prevHash) return fail('prev-hash-mismatch', this.prevHash, row.prevHash);
    if (!this.confirmed && this.anchor && confirmsAnchor(row, this.anchor)) this.confirmed = true;
    this.prevHash = row.hash;
    this.lastId = row.id;
    this.lastGoodId = row.id;
    this.count += 1;
    return null;
  }

  /** After the last row: the chain must end where the head says, and the anchor must be confirmed. */
  finish(head: ChainHead): ChainBreak | null {
    if (this.broken) return this.broken;
    if (head.lastId !== this.lastId || head.lastHash !== this.prevHash) {
      this.broken = {
        id: head.lastId,
        reason: 'head-mismatch',
        lastGoodId: this.lastGoodId,
        expected: this.prevHash,
        actual: head.lastHash,
      };
      return this.broken;
    }
    if (!this.confirmed && this.anchor) {
      this.broken = { id: this.anchor.throughId, reason: 'anchor-unconfirmed', lastGoodId: this.lastGoodId };
    }
    return this.broken;
  }
}

/** The `audit.retention` row a cut appends in its own transaction names the anchor it wrote. */
function confirmsAnchor(row: StoredRow, anchor: ChainAnchor): boolean {
  return (
    row.action === AUDIT_ACTIONS.auditRetention &&
    row.detail?.['throughId'] === anchor.throughId &&
    row.detail['throughHash'] === anchor.throughHash
  );
}

/** Verifies a whole in-memory sequence (unit tests, small chains). */
export function verifySequence(
  rows: readonly StoredRow[],
  head: ChainHead,
  anchor: ChainAnchor | null = null,
): ChainBreak | null {
  const v = new ChainVerifier(anchor);
  for (const row of rows) if (v.push(row)) break;
  return v.finish(head);
}
