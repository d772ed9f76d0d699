import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the auth feature. */
export const AUTH_ERRORS = {
  /** Same code and message for unknown user and wrong password (no account enumeration). */
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid username or password' },
  USER_NOT_FOUND: { status: 401, title: 'The account of this token no longer exists' },
} as const satisfies ErrorTable;
export type AuthErrorCode = keyof typeof AUTH_ERRORS;

export class AuthError extends AppError {
  constructor(code: AuthErrorCode, detail?: string) {
    super(code, AUTH_ERRORS[code], detail);
  }
}
