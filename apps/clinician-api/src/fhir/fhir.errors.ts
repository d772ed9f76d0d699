import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the FHIR feature; under /fhir/R4 they are answered as OperationOutcome (docs/fhir.md). */
export const FHIR_ERRORS = {
  FHIR_BAD_PARAMETER: { status: 400, title: 'A search parameter is invalid' },
  FHIR_PATIENT_REQUIRED: { status: 400, title: 'This search needs a patient (patient= or subject=)' },
  FHIR_BAD_CURSOR: { status: 400, title: '_getpages is not a page of this search' },
  FHIR_NOT_FOUND: { status: 404, title: 'No such resource' },
  FHIR_UNSUPPORTED: { status: 404, title: 'This server does not support that resource type or interaction' },
  FHIR_NOT_ACCEPTABLE: { status: 406, title: 'Only JSON is supported (_format=json)' },
  EXPORT_FORBIDDEN: {
    status: 403,
    title: 'Only the patient or staff of their care team may export the record',
  },
} as const satisfies ErrorTable;
export type FhirErrorCode = keyof typeof FHIR_ERRORS;

export class FhirError extends AppError {
  constructor(code: FhirErrorCode, detail?: string) {
    super(code, FHIR_ERRORS[code], detail);
  }
}
