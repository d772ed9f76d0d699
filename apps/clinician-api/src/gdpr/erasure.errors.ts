import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of GDPR erasure (src/gdpr, docs/security.md "GDPR erasure"). */
export const ERASURE_ERRORS = {
  ERASURE_LEGAL_HOLD: { status: 409, title: 'The patient record is under legal hold and cannot be erased' },
  ERASURE_RETENTION: {
    status: 409,
    title: 'The clinical record is still within its legal retention period and cannot be erased',
  },
} as const satisfies ErrorTable;
export type ErasureErrorCode = keyof typeof ERASURE_ERRORS;

export class ErasureError extends AppError {
  constructor(code: ErasureErrorCode, detail?: string) {
    super(code, ERASURE_ERRORS[code], detail);
  }
}
