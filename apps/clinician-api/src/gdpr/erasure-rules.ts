import { createHash } from 'node:crypto';
import type { ErasureBasis, PatientStatus } from '@openward/contracts';
import type { ErasureErrorCode } from './erasure.errors.js';

/**
 * What the erasure decision needs to know about one patient (docs/security.md "GDPR erasure").
 * "Clinical data" = readings (ingest), notes, or any device assignment (a device assigned to the patient may
 * have sent readings that ingest has since rolled up or deleted, so an assignment counts even when ingest's
 * `latest` is empty).
 */
export interface ErasureFacts {
  readonly status: PatientStatus;
  readonly legalHold: boolean;
  /** Newest reading ingest still holds (its `latest` spans the raw retention), or null. */
  readonly lastReadingAt: Date | null;
  readonly noteCount: number;
  readonly lastNoteAt: Date | null;
  readonly assignmentCount: number;
  /** End of the latest device assignment; `now` for an assignment still open (monitoring continues). */
  readonly lastAssignmentEndAt: Date | null;
  /** Latest consent given or withdrawn (a withdrawal often marks the end of the care episode). */
  readonly lastConsentEventAt: Date | null;
}

export type ErasureDecision =
  | { readonly ok: true; readonly basis: ErasureBasis }
  | { readonly ok: false; readonly code: ErasureErrorCode | 'PATIENT_ERASED' };

/**
 * May the record be erased (pseudonymised) now? In order:
 * 1. already erased → PATIENT_ERASED;
 * 2. legal hold → ERASURE_LEGAL_HOLD (a hold overrides every other rule);
 * 3. no clinical data at all → allowed (`no-clinical-data`: nothing the law obliges us to keep, e.g. an
 *    enrolment made by mistake or withdrawn before monitoring started);
 * 4. otherwise the retention period runs from the last activity (latest reading, note, device assignment end
 *    or consent event, a stand-in for the discharge date the schema does not store): within it →
 *    ERASURE_RETENTION (GDPR Art. 17(3)(b)/(c): a legal obligation to keep health records), after it →
 *    allowed (`retention-elapsed`). Pure.
 */
export function decideErasure(facts: ErasureFacts, now: Date, retentionYears: number): ErasureDecision {
  if (facts.status === 'erased') return { ok: false, code: 'PATIENT_ERASED' };
  if (facts.legalHold) return { ok: false, code: 'ERASURE_LEGAL_HOLD' };
  const hasClinicalData = facts.lastReadingAt !== null || facts.noteCount > 0 || facts.assignmentCount > 0;
  if (!hasClinicalData) return { ok: true, basis: 'no-clinical-data' };
  const last = lastActivity(facts);
  if (last === null || retentionEnd(last, retentionYears).getTime() > now.getTime()) {
    return { ok: false, code: 'ERASURE_RETENTION' };
  }
  return { ok: true, basis: 'retention-elapsed' };
}

/** The latest of the activity times, or null when none is known. Pure. */
export function lastActivity(facts: ErasureFacts): Date | null {
  const times = [facts.lastReadingAt, facts.lastNoteAt, facts.lastAssignmentEndAt, facts.lastConsentEventAt]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  return times.length === 0 ? null : new Date(Math.max(...times));
}

/** `from` plus whole UTC calendar years (29 February rolls to 1 March). Pure. */
export function retentionEnd(from: Date, years: number): Date {
  const end = new Date(from.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

/**
 * The display name an erased record keeps: stable for the id, carries nothing about the person (the id is
 * already opaque; the hash only makes erased rows distinguishable on screens). Pure.
 */
export function pseudonym(patientId: string): string {
  return `Erased patient ${createHash('sha256').update(patientId).digest('hex').slice(0, 8)}`;
}
