import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

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
    displayName: text('display_name').notNull(),
    careTeamId: text('care_team_id')
      .notNull()
      .references(() => careTeams.id),
  },
  (t) => [index('patients_care_team_idx').on(t.careTeamId)],
);

export const staffUsers = pgTable(
  'staff_users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['admin', 'nurse', 'clinician'] }).notNull(),
    /** `scrypt$N$r$p$salt$hash` (@openward/credentials). */
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('staff_users_role_check', sql`${t.role} in ('admin', 'nurse', 'clinician')`)],
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
    secretHash: text('secret_hash').notNull(),
    /**
     * Mosquitto's own PBKDF2-SHA512 hash of the same secret (`$7$…`, `hashMosquittoPassword`), so the external
     * broker's password file can be generated from the registry. Null for gateways enrolled before it existed.
     */
    mosquittoHash: text('mosquitto_hash'),
    status: text('status', { enum: ['active', 'revoked'] }).notNull(),
  },
  (t) => [
    check('gateways_status_check', sql`${t.status} in ('active', 'revoked')`),
    check('gateways_mosquitto_hash_check', sql`${t.mosquittoHash} is null or ${t.mosquittoHash} like '$7$%'`),
  ],
);

export const devices = pgTable('devices', {
  address: text('address').primaryKey(),
  gatewayId: text('gateway_id')
    .notNull()
    .references(() => gateways.id),
  kind: text('kind').notNull(),
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

/** Append-only audit trail (UPDATE/DELETE are rejected by a trigger, see migration 0001). */
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
  },
  (t) => [index('audit_events_patient_idx').on(t.patientId, t.at), index('audit_events_at_idx').on(t.at)],
);
