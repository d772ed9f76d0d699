import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The system of record's tables. Changing this file requires a new migration:
 * `npx drizzle-kit generate` in apps/clinician-api (committed under drizzle/).
 */

export const careTeams = pgTable('care_teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const patients = pgTable(
  'patients',
  {
    id: text('id').primaryKey(),
    /** Name shown on screens; replaced by a pseudonym on erasure. */
    displayName: text('display_name').notNull(),
    careTeamId: text('care_team_id')
      .notNull()
      .references(() => careTeams.id),
    givenName: text('given_name'),
    familyName: text('family_name'),
    /** ISO date (YYYY-MM-DD). */
    birthDate: date('birth_date', { mode: 'string' }),
    /** FHIR administrative gender. */
    gender: text('gender', { enum: ['male', 'female', 'other', 'unknown'] }),
    /** Medical record number from the hospital (FHIR Patient.identifier). */
    mrn: text('mrn'),
    status: text('status', { enum: ['active', 'discharged', 'erased'] })
      .notNull()
      .default('active'),
    /** RPM enrolment start (CMS 99453 counts from here). */
    enrolledAt: tstz('enrolled_at'),
    /** A legal hold blocks erasure whatever the retention rules say. */
    legalHold: boolean('legal_hold').notNull().default(false),
    erasedAt: tstz('erased_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('patients_care_team_idx').on(t.careTeamId),
    uniqueIndex('patients_mrn_idx').on(t.mrn),
    check(
      'patients_gender_check',
      sql`${t.gender} is null or ${t.gender} in ('male', 'female', 'other', 'unknown')`,
    ),
    check('patients_status_check', sql`${t.status} in ('active', 'discharged', 'erased')`),
  ],
);

/**
 * Every sign-in account: staff (admin, nurse, clinician) and patients (role `patient`, linked to their own
 * patient record). The table kept its first name, `staff_users`.
 */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['admin', 'nurse', 'clinician', 'patient'] }).notNull(),
    /** Set exactly when role = patient: the only patient this account may see. */
    patientId: text('patient_id').references(() => patients.id),
    /** `scrypt$N$r$p$salt$hash` (@openward/credentials). */
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: tstz('password_changed_at').notNull().defaultNow(),
    /** TOTP secret, encrypted at rest (format owned by auth); null until MFA enrolment starts. */
    totpSecret: text('totp_secret'),
    mfaEnabled: boolean('mfa_enabled').notNull().default(false),
    /** Last accepted TOTP time step, so a code cannot be replayed. */
    lastTotpStep: bigint('last_totp_step', { mode: 'number' }),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    /** An admin disabled the account: no sign-in, every session revoked. */
    disabledAt: tstz('disabled_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('staff_users_role_check', sql`${t.role} in ('admin', 'nurse', 'clinician', 'patient')`),
    check('staff_users_patient_link_check', sql`(${t.role} = 'patient') = (${t.patientId} is not null)`),
  ],
);

/**
 * Sign-in sessions. A refresh token is stored only as its SHA-256; rotation creates a new row in the same
 * family and marks the old one replaced, so reuse of a replaced token revokes the whole family.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    familyId: text('family_id').notNull(),
    refreshHash: text('refresh_hash').notNull().unique(),
    createdAt: tstz('created_at').notNull(),
    lastSeenAt: tstz('last_seen_at').notNull(),
    /** Absolute end of the session whatever the activity. */
    expiresAt: tstz('expires_at').notNull(),
    replacedBy: text('replaced_by'),
    revokedAt: tstz('revoked_at'),
    /** logout | idle | disabled | reuse | password-change | admin | expired */
    revokedReason: text('revoked_reason'),
    sourceIp: text('source_ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_family_idx').on(t.familyId)],
);

export const staffCareTeams = pgTable(
  'staff_care_teams',
  {
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    careTeamId: text('care_team_id')
      .notNull()
      .references(() => careTeams.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.careTeamId] })],
);

export const gateways = pgTable(
  'gateways',
  {
    id: text('id').primaryKey(),
    /** Null while `pending` (created, enrolment code not yet exchanged). */
    secretHash: text('secret_hash'),
    /**
     * Mosquitto's own PBKDF2-SHA512 hash of the same secret (`$7$…`, `hashMosquittoPassword`), so the external
     * broker's password file can be generated from the registry. Null for gateways enrolled before it existed.
     */
    mosquittoHash: text('mosquitto_hash'),
    status: text('status', { enum: ['pending', 'active', 'revoked'] }).notNull(),
    label: text('label'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    credentialsRotatedAt: tstz('credentials_rotated_at'),
  },
  (t) => [
    check('gateways_status_check', sql`${t.status} in ('pending', 'active', 'revoked')`),
    check('gateways_secret_check', sql`${t.status} = 'pending' or ${t.secretHash} is not null`),
    check('gateways_mosquitto_hash_check', sql`${t.mosquittoHash} is null or ${t.mosquittoHash} like '$7$%'`),
  ],
);

/**
 * One-time gateway enrolment codes: only the SHA-256 of the (high-entropy, short-lived) code is stored; the
 * gateway exchanges the code once for its MQTT secret.
 */
export const enrollmentCodes = pgTable(
  'enrollment_codes',
  {
    id: serial('id').primaryKey(),
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.id),
    codeHash: text('code_hash').notNull().unique(),
    createdBy: text('created_by').references(() => staffUsers.id),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [index('enrollment_codes_gateway_idx').on(t.gatewayId)],
);

export const devices = pgTable('devices', {
  address: text('address').primaryKey(),
  gatewayId: text('gateway_id')
    .notNull()
    .references(() => gateways.id),
  /** Device type (registry kind, e.g. `heart-rate-strap`). */
  kind: text('kind').notNull(),
  model: text('model'),
  serial: text('serial'),
  manufacturer: text('manufacturer'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const deviceAssignments = pgTable(
  'device_assignments',
  {
    id: serial('id').primaryKey(),
    deviceAddress: text('device_address')
      .notNull()
      .references(() => devices.address),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    from: timestamp('from', { withTimezone: true, mode: 'date' }).notNull(),
    to: timestamp('to', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('device_assignments_device_idx').on(t.deviceAddress, t.from),
    check('device_assignments_interval_check', sql`${t.to} is null or ${t.to} > ${t.from}`),
  ],
);

/** Single row (id = 1): the registry export version, bumped on every registry change. */
export const registryState = pgTable(
  'registry_state',
  {
    id: integer('id').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [check('registry_state_single_row', sql`${t.id} = 1`)],
);

/**
 * Append-only audit trail (UPDATE/DELETE are rejected by a trigger, see migration 0001), hash-chained:
 * `hash = SHA-256(prev_hash ‖ canonical row)`. Rows written before the chain existed have null hashes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    patientId: text('patient_id'),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    outcome: text('outcome').notNull(),
    sourceIp: text('source_ip'),
    /** Access under an emergency break-glass grant. */
    breakGlass: boolean('break_glass').notNull().default(false),
    /** Small structured context (ids, counts, reason codes); never PHI in clear. */
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_patient_idx').on(t.patientId, t.at),
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorId, t.at),
  ],
);

/** Single row (id = 1): the chain head, locked by each audit batch so replicas append in one order. */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    lastId: bigint('last_id', { mode: 'number' }).notNull(),
    lastHash: text('last_hash').notNull(),
  },
  (t) => [check('audit_chain_head_single_row', sql`${t.id} = 1`)],
);

/**
 * Retention cuts: rows with id ≤ `throughId` were deleted by the retention job; verification starts from
 * `throughHash`. Each cut is itself audited.
 */
export const auditAnchors = pgTable('audit_anchors', {
  id: serial('id').primaryKey(),
  throughId: bigint('through_id', { mode: 'number' }).notNull(),
  throughHash: text('through_hash').notNull(),
  cutAt: tstz('cut_at').notNull(),
  deletedRows: integer('deleted_rows').notNull(),
});

/** Clinical notes: immutable; a correction is a new note that `amends` the earlier one. */
export const notes = pgTable(
  'notes',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    authorId: text('author_id')
      .notNull()
      .references(() => staffUsers.id),
    kind: text('kind', { enum: ['progress', 'call', 'alert', 'visit'] }).notNull(),
    body: text('body').notNull(),
    amends: text('amends'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('notes_patient_idx').on(t.patientId, t.createdAt),
    check('notes_kind_check', sql`${t.kind} in ('progress', 'call', 'alert', 'visit')`),
  ],
);

/** Consent records (GDPR Art. 7 proof): what was agreed, which version and language, when, withdrawn when. */
export const consents = pgTable(
  'consents',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind', { enum: ['monitoring', 'video', 'data-sharing'] }).notNull(),
    version: text('version').notNull(),
    /** BCP 47 language tag of the text the patient agreed to. */
    language: text('language').notNull(),
    method: text('method', { enum: ['electronic', 'paper', 'verbal'] }).notNull(),
    givenAt: tstz('given_at').notNull(),
    withdrawnAt: tstz('withdrawn_at'),
    recordedBy: text('recorded_by').references(() => staffUsers.id),
  },
  (t) => [
    index('consents_patient_idx').on(t.patientId),
    check('consents_kind_check', sql`${t.kind} in ('monitoring', 'video', 'data-sharing')`),
  ],
);

/** Emergency access outside the care team: a clinician, a patient, a mandatory reason, a short validity. */
export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    reason: text('reason').notNull(),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    endedAt: tstz('ended_at'),
  },
  (t) => [
    index('break_glass_user_patient_idx').on(t.userId, t.patientId, t.expiresAt),
    check('break_glass_reason_check', sql`length(${t.reason}) >= 10`),
  ],
);
