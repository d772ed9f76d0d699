import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the patients feature. */
export const PATIENT_ERRORS = {
  PATIENT_NOT_FOUND: { status: 404, title: 'No such patient' },
  PATIENT_FORBIDDEN: { status: 403, title: "The patient is not in the caller's care teams" },
  INGEST_UNAVAILABLE: { status: 502, title: 'The vitals store (ingest) is unreachable' },
  INGEST_BAD_RESPONSE: {
    status: 502,
    title: 'The vitals store (ingest) answered with an unexpected response',
  },
} as const satisfies ErrorTable;
export type PatientErrorCode = keyof typeof PATIENT_ERRORS;

export class PatientError extends AppError {
  constructor(code: PatientErrorCode, detail?: string) {
    super(code, PATIENT_ERRORS[code], detail);
  }
}
