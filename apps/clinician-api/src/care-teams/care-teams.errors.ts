import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the care-teams feature. */
export const CARE_TEAM_ERRORS = {
  CARE_TEAM_NOT_FOUND: { status: 404, title: 'No such care team' },
  CARE_TEAM_ID_TAKEN: { status: 409, title: 'A care team with this id already exists' },
  CARE_TEAM_MEMBER_INVALID: {
    status: 422,
    title: 'Members must be existing staff accounts (not patient accounts)',
  },
} as const satisfies ErrorTable;
export type CareTeamErrorCode = keyof typeof CARE_TEAM_ERRORS;

export class CareTeamError extends AppError {
  constructor(code: CareTeamErrorCode, detail?: string) {
    super(code, CARE_TEAM_ERRORS[code], detail);
  }
}
