import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the consents feature. */
export const CONSENT_ERRORS = {
  CONSENT_NOT_FOUND: { status: 404, title: 'No such consent record for this patient' },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, title: 'The consent was already withdrawn' },
  CONSENT_METHOD_FORBIDDEN: {
    status: 403,
    title: 'A patient can only record an electronic consent themself',
  },
  CONSENT_LANGUAGE_INVALID: { status: 400, title: 'language must be a BCP 47 language tag' },
  CONSENT_GIVEN_IN_FUTURE: { status: 422, title: 'givenAt is in the future' },
} as const satisfies ErrorTable;
export type ConsentErrorCode = keyof typeof CONSENT_ERRORS;

export class ConsentError extends AppError {
  constructor(code: ConsentErrorCode, detail?: string) {
    super(code, CONSENT_ERRORS[code], detail);
  }
}
