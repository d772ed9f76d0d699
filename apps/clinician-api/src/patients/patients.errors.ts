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
  PATIENT_SEARCH_STAFF_ONLY: { status: 403, title: 'Only staff may search patients' },
  PATIENT_ID_TAKEN: { status: 409, title: 'A patient with this id already exists' },
  PATIENT_MRN_TAKEN: { status: 409, title: 'Another patient has this medical record number' },
  PATIENT_CARE_TEAM_UNKNOWN: { status: 422, title: 'The care team does not exist' },
  PATIENT_ERASED: { status: 409, title: 'The patient record was erased and can no longer change' },
} as const satisfies ErrorTable;
export type PatientErrorCode = keyof typeof PATIENT_ERRORS;

export class PatientError extends AppError {
  constructor(code: PatientErrorCode, detail?: string) {
    super(code, PATIENT_ERRORS[code], detail);
  }
}
