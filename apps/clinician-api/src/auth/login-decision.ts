import type { UserRole } from '@openward/contracts';

/**
 * Pure sign-in rules (see docs/security.md "Sign-in"). An attacker without the password learns nothing: a
 * locked or disabled account answers exactly like a wrong password until the password is right.
 */

export interface LockoutPolicy {
  /** Failed sign-ins in a row that lock the account (API_LOGIN_MAX_FAILURES). */
  readonly maxFailures: number;
  /** How long a lock lasts (API_LOCKOUT_MINUTES). */
  readonly lockoutMinutes: number;
}

/** The account facts the password step needs. */
export interface LoginAccountFacts {
  readonly role: UserRole;
  readonly mfaEnabled: boolean;
  readonly lockedUntil: Date | null;
  readonly disabledAt: Date | null;
}

export type PasswordStepOutcome =
  /** Unknown user or wrong password (a known account counts one failure). */
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'ACCOUNT_LOCKED'
  /** Password right, TOTP enrolled: ask for the code. */
  | 'MFA_REQUIRED'
  /** Password right, the role requires MFA but none is enrolled: enrol first. */
  | 'MFA_ENROLLMENT_REQUIRED'
  | 'SIGNED_IN';

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** What the password step answers, given the account (null = unknown username) and the password check. */
export function decidePasswordStep(
  account: LoginAccountFacts | null,
  passwordOk: boolean,
  now: Date,
  mfaRequiredRoles: readonly UserRole[],
): PasswordStepOutcome {
  if (!account || !passwordOk) return 'INVALID_CREDENTIALS';
  if (account.disabledAt !== null) return 'ACCOUNT_DISABLED';
  if (isLocked(account.lockedUntil, now)) return 'ACCOUNT_LOCKED';
  if (account.mfaEnabled) return 'MFA_REQUIRED';
  if (mfaRequiredRoles.includes(account.role)) return 'MFA_ENROLLMENT_REQUIRED';
  return 'SIGNED_IN';
}

/**
 * After a failure was counted (`failedLogins` = the new count): the time the account is locked until, or
 * null if it stays unlocked.
 */
export function lockAfterFailure(failedLogins: number, now: Date, policy: LockoutPolicy): Date | null {
  if (failedLogins < policy.maxFailures) return null;
  return new Date(now.getTime() + policy.lockoutMinutes * 60_000);
}
