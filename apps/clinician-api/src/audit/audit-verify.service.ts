import { Injectable } from '@nestjs/common';
import type { AuditVerifyResult } from '@openward/contracts';
import { ChainVerifier, type ChainAnchor, type ChainBreak } from './audit-verify.js';
import { AuditStore } from './audit.store.js';

/** Rows per page when streaming the chain. */
const PAGE = 1000;

/**
 * Streams the chain in id order, page by page, from the latest retention anchor (or genesis) to the head
 * read at the start (DESIGN.md §4). Shared by the admin endpoint and the `audit:verify` CLI.
 */
@Injectable()
export class AuditChainVerification {
  constructor(private readonly store: AuditStore) {}

  async verify(): Promise<AuditVerifyResult> {
    const first = await this.once();
    if (first.ok) return first;
    // A retention cut between our reads moves the anchor; one retry tells that from tampering.
    const anchor = await this.store.latestAnchor();
    return sameAnchor(anchor, first.anchor) ? first : this.once();
  }

  private async once(): Promise<AuditVerifyResult> {
    const anchor = await this.store.latestAnchor();
    const head = await this.store.head();
    const result = (broken: ChainBreak | null, checkedRows: number): AuditVerifyResult => ({
      ok: broken === null,
      checkedRows,
      headId: head.lastId,
      headHash: head.lastHash,
      anchor,
      broken,
    });
    if (anchor && (await this.store.hasRowsThrough(anchor.throughId))) {
      return result({ id: anchor.throughId, reason: 'anchor-overlap', lastGoodId: null }, 0);
    }
    const verifier = new ChainVerifier(anchor);
    let after = anchor?.throughId ?? 0;
    for (;;) {
      const rows = await this.store.page(after, head.lastId, PAGE);
      for (const row of rows) if (verifier.push(row)) break;
      if (verifier.firstBreak || rows.length < PAGE) break;
      after = rows[rows.length - 1]?.id ?? head.lastId;
    }
    return result(verifier.finish(head), verifier.checkedRows);
  }
}

function sameAnchor(a: ChainAnchor | null, b: ChainAnchor | null): boolean {
  return a?.throughId === b?.throughId && a?.throughHash === b?.throughHash;
}
