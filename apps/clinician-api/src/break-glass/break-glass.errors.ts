import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the break-glass feature. */
export const BREAK_GLASS_ERRORS = {
  BREAK_GLASS_NOT_NEEDED: {
    status: 409,
    title: "The patient is in the caller's care teams: no emergency access is needed",
  },
  BREAK_GLASS_ALREADY_OPEN: {
    status: 409,
    title: 'The caller already holds an active grant for this patient',
  },
  BREAK_GLASS_NOT_FOUND: { status: 404, title: 'No such break-glass grant' },
  BREAK_GLASS_NOT_ACTIVE: { status: 409, title: 'The grant has already ended or expired' },
} as const satisfies ErrorTable;
export type BreakGlassErrorCode = keyof typeof BREAK_GLASS_ERRORS;

export class BreakGlassError extends AppError {
  constructor(code: BreakGlassErrorCode, detail?: string) {
    super(code, BREAK_GLASS_ERRORS[code], detail);
  }
}
