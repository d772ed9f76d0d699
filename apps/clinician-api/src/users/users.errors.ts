import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the user administration feature (docs/errors.md). */
export const USER_ERRORS = {
  USER_NOT_FOUND: { status: 404, title: 'No such user' },
  USERNAME_TAKEN: { status: 409, title: 'This username is already used' },
  /** Role patient needs a patientId and no care teams; staff roles need care teams (optional) and no patientId. */
  USER_ROLE_MISMATCH: {
    status: 422,
    title: 'The fields do not fit the role (patientId for patients, care teams for staff)',
  },
  USER_CARE_TEAM_UNKNOWN: { status: 422, title: 'A care team in careTeamIds does not exist' },
  USER_PATIENT_UNKNOWN: { status: 422, title: 'The patientId does not name an existing patient record' },
  /** Admins cannot disable themselves or change their own role (no accidental lock-out of the last admin). */
  USER_SELF_CHANGE: { status: 409, title: 'Administrators cannot disable or re-role their own account' },
} as const satisfies ErrorTable;
export type UserErrorCode = keyof typeof USER_ERRORS;

export class UserError extends AppError {
  constructor(code: UserErrorCode, detail?: string) {
    super(code, USER_ERRORS[code], detail);
  }
}
