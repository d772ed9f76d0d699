import { z } from 'zod';

/**
 * Shapes of the clinician API's audit administration routes (`/api/admin/audit…`, role admin). The FHIR
 * export (`/api/admin/audit/export`) is a FHIR R4 Bundle of AuditEvent (libs/fhir), not listed here.
 */

export const AUDIT_OUTCOME_VALUES = ['success', 'failure', 'allowed', 'denied'] as const;

/** One row of the hash-chained audit trail. */
export const auditEventRecordSchema = z.object({
  id: z.number().int().positive(),
  /** ISO time of the access. */
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  patientId: z.string().nullable(),
  /** `feature.verb`, e.g. `vitals.read`. */
  action: z.string(),
  resource: z.string(),
  outcome: z.enum(AUDIT_OUTCOME_VALUES),
  sourceIp: z.string().nullable(),
  breakGlass: z.boolean(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEventRecord = z.infer<typeof auditEventRecordSchema>;

/** `GET /api/admin/audit`: newest first; pass `nextCursor` as `cursor` for the next page (null = last). */
export const auditPageSchema = z.object({
  items: z.array(auditEventRecordSchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const AUDIT_CHAIN_BREAK_REASONS = [
  'hash-mismatch',
  'prev-hash-mismatch',
  'id-order',
  'unsealed',
  'head-mismatch',
  'anchor-overlap',
  'anchor-unconfirmed',
] as const;

/** The first broken row of the chain. */
export const auditChainBreakSchema = z.object({
  id: z.number().int(),
  reason: z.enum(AUDIT_CHAIN_BREAK_REASONS),
  lastGoodId: z.number().int().nullable(),
  expected: z.string().optional(),
  actual: z.string().nullable().optional(),
});
export type AuditChainBreak = z.infer<typeof auditChainBreakSchema>;

/** `GET /api/admin/audit/verify` (and the `audit:verify` CLI's JSON). */
export const auditVerifyResultSchema = z.object({
  ok: z.boolean(),
  checkedRows: z.number().int().nonnegative(),
  /** The chain head at the start of the run: last id and hash (record it elsewhere to anchor externally). */
  headId: z.number().int().nonnegative(),
  headHash: z.string(),
  /** The retention anchor verification started from (null: from the genesis hash). */
  anchor: z.object({ throughId: z.number().int(), throughHash: z.string() }).nullable(),
  broken: auditChainBreakSchema.nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResultSchema>;

/** `POST /api/admin/audit/retention`: what the cut did. */
export const auditRetentionResultSchema = z.object({
  outcome: z.enum(['cut', 'nothing-to-cut', 'refused']),
  /** ISO instant: rows recorded before it were due. */
  cutoff: z.string(),
  throughId: z.number().int().nullable(),
  deletedRows: z.number().int().nonnegative(),
  /** Set when refused: the rows due do not verify and are kept as evidence. */
  broken: auditChainBreakSchema.nullable(),
});
export type AuditRetentionResult = z.infer<typeof auditRetentionResultSchema>;
