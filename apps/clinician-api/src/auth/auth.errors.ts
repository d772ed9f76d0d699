import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the auth feature (docs/errors.md). */
export const AUTH_ERRORS = {
  /** Same code and message for unknown user and wrong password (no account enumeration). */
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid username or password' },
  /** Only after the right password, so an attacker without it learns nothing. */
  ACCOUNT_LOCKED: { status: 401, title: 'Too many failed sign-ins: the account is locked for a while' },
  ACCOUNT_DISABLED: { status: 401, title: 'The account is disabled' },
  LOGIN_RATE_LIMITED: { status: 429, title: 'Too many sign-in attempts from this address; retry later' },
  /** Idle timeout or absolute session lifetime reached: sign in again. */
  SESSION_EXPIRED: { status: 401, title: 'The session expired; sign in again' },
  REFRESH_TOKEN_INVALID: { status: 401, title: 'No valid refresh token; sign in again' },
  /** A rotated refresh token was presented again: the whole session was signed out. */
  REFRESH_TOKEN_REUSED: { status: 401, title: 'Refresh token reuse detected; the session was signed out' },
  MFA_TOKEN_INVALID: { status: 401, title: 'The sign-in step expired or is invalid; sign in again' },
  MFA_CODE_INVALID: { status: 401, title: 'Invalid or already used authentication code' },
  MFA_NOT_SET_UP: { status: 409, title: 'Start MFA setup before confirming a code' },
  MFA_ALREADY_ENABLED: { status: 409, title: 'MFA is already enabled for this account' },
  MFA_SECRET_UNREADABLE: {
    status: 500,
    title: 'The stored MFA secret cannot be decrypted; an administrator must reset MFA',
  },
  CURRENT_PASSWORD_INVALID: { status: 403, title: 'The current password is wrong' },
  PASSWORD_POLICY: { status: 422, title: 'The new password does not meet the password policy' },
} as const satisfies ErrorTable;
export type AuthErrorCode = keyof typeof AUTH_ERRORS;

export class AuthError extends AppError {
  constructor(code: AuthErrorCode, detail?: string) {
    super(code, AUTH_ERRORS[code], detail);
  }
}
