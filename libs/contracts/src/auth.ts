import { z } from 'zod';
import { STAFF_ROLES, USER_ROLES, loginResponseSchema, userSchema } from './api.js';
import { pageSchema } from './records.js';

/**
 * Sign-in, sessions, MFA, password change and user administration (clinician API, `/api/auth/*`,
 * `/api/me`, `/api/admin/users*`). `loginResponseSchema` (api.ts) stays the final answer of every sign-in
 * path; the steps before it are the challenges below.
 */

/** The refresh token travels only in this httpOnly cookie, scoped to the auth routes. */
export const REFRESH_COOKIE = { name: 'ow_refresh', path: '/api/auth' } as const;

/** A TOTP code as typed: 6 digits (spaces allowed, as apps show `123 456`). */
export const totpCodeSchema = z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, 'a 6-digit code');

/** Short-lived, purpose-bound token between the password step and the second factor. */
const mfaTokenSchema = z.string().min(1).max(2000);

/** Password correct, MFA enabled: send the code with `POST /api/auth/login/mfa`. */
export const mfaChallengeSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: mfaTokenSchema,
  /** ISO time the mfaToken stops working (5 minutes). */
  expiresAt: z.string(),
});
export type MfaChallenge = z.infer<typeof mfaChallengeSchema>;

/**
 * Password correct, but the role requires MFA and none is enrolled: enrol with `POST
 * /api/auth/login/mfa/setup` and `…/confirm` (the confirm answers a {@link LoginResponse}).
 */
export const mfaEnrollmentChallengeSchema = z.object({
  mfaEnrollmentRequired: z.literal(true),
  mfaToken: mfaTokenSchema,
  expiresAt: z.string(),
});
export type MfaEnrollmentChallenge = z.infer<typeof mfaEnrollmentChallengeSchema>;

/** Every answer of `POST /api/auth/login`. */
export const loginStepResponseSchema = z.union([
  loginResponseSchema,
  mfaChallengeSchema,
  mfaEnrollmentChallengeSchema,
]);
export type LoginStepResponse = z.infer<typeof loginStepResponseSchema>;

/** `POST /api/auth/login/mfa`. */
export const mfaLoginRequestSchema = z.object({ mfaToken: mfaTokenSchema, code: totpCodeSchema });
export type MfaLoginRequest = z.infer<typeof mfaLoginRequestSchema>;

/** `POST /api/auth/login/mfa/setup` (enrolment during sign-in). */
export const mfaEnrollmentSetupRequestSchema = z.object({ mfaToken: mfaTokenSchema });
export type MfaEnrollmentSetupRequest = z.infer<typeof mfaEnrollmentSetupRequestSchema>;

/** `POST /api/auth/login/mfa/confirm` (enrolment during sign-in). */
export const mfaEnrollmentConfirmRequestSchema = mfaLoginRequestSchema;
export type MfaEnrollmentConfirmRequest = MfaLoginRequest;

/** `POST /api/auth/mfa/setup` and `/api/auth/login/mfa/setup`: the secret to put in an authenticator app. */
export const mfaSetupResponseSchema = z.object({
  /** RFC 4648 base32, for typing in by hand. */
  secret: z.string(),
  /** `otpauth://totp/OpenWard:<username>?secret=…` for a QR code. */
  otpauthUri: z.string(),
});
export type MfaSetupResponse = z.infer<typeof mfaSetupResponseSchema>;

/** `POST /api/auth/mfa/confirm` (signed in): the first code from the app enables MFA. */
export const mfaConfirmRequestSchema = z.object({ code: totpCodeSchema });
export type MfaConfirmRequest = z.infer<typeof mfaConfirmRequestSchema>;

/** `POST /api/auth/refresh` (refresh cookie only) answers a new access token, like a login. */
export const refreshResponseSchema = loginResponseSchema;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a new password was refused (problem `PASSWORD_POLICY`, listed in `detail`). */
export const PASSWORD_POLICY_VIOLATIONS = [
  'TOO_SHORT',
  'TOO_LONG',
  'CONTAINS_USERNAME',
  'TOO_COMMON',
  'SAME_AS_CURRENT',
] as const;
export type PasswordPolicyViolation = (typeof PASSWORD_POLICY_VIOLATIONS)[number];

/** `POST /api/auth/password`: other sessions of the user are signed out. */
export const passwordChangeRequestSchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>;

/** `GET /api/me`: the signed-in account (a {@link User} plus what screens need to scope themselves). */
export const meResponseSchema = userSchema.extend({
  /** Set exactly for role `patient`: the only patient record this account sees. */
  patientId: z.string().nullable(),
  careTeamIds: z.array(z.string()),
  mfaEnabled: z.boolean(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Usernames: lower case, digits, `.`, `_`, `-`; 2–64 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** One account as an administrator sees it (never a hash or an MFA secret). */
export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  patientId: z.string().nullable(),
  careTeamIds: z.array(z.string()),
  mfaEnabled: z.boolean(),
  failedLogins: z.number().int(),
  /** ISO time, set while the account is locked after too many failed sign-ins. */
  lockedUntil: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** `GET /api/admin/users?cursor=&limit=` (ordered by username; `next` = cursor of the following page). */
export const userPageSchema = pageSchema(adminUserSchema);
export type UserPage = z.infer<typeof userPageSchema>;

/** `POST /api/admin/users`: staff get care teams, a patient account gets its patient record. */
export const createUserRequestSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN),
  displayName: z.string().min(1).max(200),
  role: z.enum(USER_ROLES),
  careTeamIds: z.array(z.string()).max(50).optional(),
  patientId: z.string().optional(),
  /** Initial password, checked by the password policy. */
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** `PATCH /api/admin/users/:id` (staff roles change among themselves only). */
export const updateUserRequestSchema = z.object({
  displayName: z.string().min(1).max(200).optional(),
  role: z.enum(STAFF_ROLES).optional(),
  careTeamIds: z.array(z.string()).max(50).optional(),
});
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
