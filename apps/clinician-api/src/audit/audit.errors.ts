import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the audit feature. */
export const AUDIT_ERRORS = {
  /** Fail closed: an access that cannot be audited is not served (queue full, write failed, shutting down). */
  AUDIT_UNAVAILABLE: { status: 503, title: 'The audit trail cannot record this request right now' },
} as const satisfies ErrorTable;
export type AuditErrorCode = keyof typeof AUDIT_ERRORS;

export class AuditError extends AppError {
  constructor(code: AuditErrorCode, detail?: string) {
    super(code, AUDIT_ERRORS[code], detail);
  }
}
