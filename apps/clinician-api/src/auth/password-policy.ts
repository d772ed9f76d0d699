import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordPolicyViolation } from '@openward/contracts';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** What the policy looks at: the candidate, whose it is, and (when changing) the password it replaces. */
export interface PasswordCandidate {
  readonly password: string;
  readonly username: string;
  /** The current password in clear (password change only), so it cannot be "changed" to itself. */
  readonly currentPassword?: string | null;
}

/**
 * The password policy (NIST SP 800-63B §3.1.1.2: length over composition rules, refuse known-common and
 * context-specific passwords). Pure; returns every violation, empty when the password is acceptable. Length
 * counts characters (code points), not bytes.
 */
export function checkPasswordPolicy(c: PasswordCandidate): PasswordPolicyViolation[] {
  const out: PasswordPolicyViolation[] = [];
  const length = [...c.password].length;
  if (length < PASSWORD_MIN_LENGTH) out.push('TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) out.push('TOO_LONG');
  const lower = c.password.toLowerCase();
  const user = c.username.trim().toLowerCase();
  // Very short usernames would refuse too many honest passwords; 3+ characters is the context worth refusing.
  if (user.length >= 3 && lower.includes(user)) out.push('CONTAINS_USERNAME');
  if (COMMON_PASSWORDS.has(lower)) out.push('TOO_COMMON');
  if (c.currentPassword !== undefined && c.currentPassword !== null && c.password === c.currentPassword)
    out.push('SAME_AS_CURRENT');
  return out;
}
