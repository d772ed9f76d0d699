import { z } from 'zod';
import { DEVICE_ADDRESS_PATTERN } from './reading.js';
import { pageSchema } from './records.js';
import { GATEWAY_ID_PATTERN, PATIENT_ID_PATTERN } from './topics.js';

/**
 * Registry administration (clinician API, role admin, under `/api/admin`) and gateway enrolment
 * (`POST /api/gateways/enroll`, called by the gateway's `enroll` command). Response shapes are parsed by their
 * clients (dashboard, gateway CLI) with these schemas; unknown keys are stripped so the API may add fields.
 */

const isoUtc = z.iso.datetime({ offset: false, precision: 3 });

/**
 * Enrolment codes: 28 characters of Crockford base32 (140 random bits), shown in 7 groups of 4
 * (`7K3Q-…`). Crockford's alphabet has no I, L, O or U, so a code read aloud or typed from paper survives
 * the usual confusions: {@link normalizeEnrollmentCode} maps I/L → 1 and O → 0 and ignores case, spaces and
 * hyphens.
 */
export const ENROLLMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENROLLMENT_CODE_LENGTH = 28;
export const ENROLLMENT_CODE_GROUP = 4;
const CANONICAL_CODE = /^[0-9A-HJKMNP-TV-Z]{28}$/;

/**
 * The canonical form of a typed enrolment code (28 characters, no separators), or null when it cannot be
 * one. Pure and total. The API hashes the canonical form, so every spelling of a code finds the same row.
 */
export function normalizeEnrollmentCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return CANONICAL_CODE.test(compact) ? compact : null;
}

/** `ABCD-EFGH-…`: the canonical code in groups of {@link ENROLLMENT_CODE_GROUP}. Pure. */
export function formatEnrollmentCode(canonical: string): string {
  return (canonical.match(new RegExp(`.{1,${ENROLLMENT_CODE_GROUP}}`, 'g')) ?? []).join('-');
}

/** Gateway lifecycle: created `pending` (no credentials), `active` once enrolled, `revoked` for good. */
export const GATEWAY_STATUSES = ['pending', 'active', 'revoked'] as const;
export type GatewayStatusName = (typeof GATEWAY_STATUSES)[number];

/** `POST /api/gateways/enroll` body. */
export const gatewayEnrollRequestSchema = z.object({ code: z.string().min(1).max(64) }).strict();
export type GatewayEnrollRequest = z.infer<typeof gatewayEnrollRequestSchema>;

/**
 * `POST /api/gateways/enroll` answer, given once: the MQTT credentials (username = client id = gateway id)
 * and, when the API is configured with `API_PUBLIC_MQTT_URL`, the broker to use.
 */
export const gatewayEnrollResponseSchema = z.object({
  gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
  username: z.string().regex(GATEWAY_ID_PATTERN),
  password: z.string().min(32).max(200),
  mqttUrl: z.string().optional(),
});
export type GatewayEnrollResponse = z.infer<typeof gatewayEnrollResponseSchema>;

/** One gateway in `GET /api/admin/gateways` (never any secret or hash). */
export const gatewaySummarySchema = z.object({
  id: z.string().regex(GATEWAY_ID_PATTERN),
  label: z.string().nullable(),
  status: z.enum(GATEWAY_STATUSES),
  createdAt: isoUtc,
  /** When the current MQTT credentials were issued (last successful enrolment), or null. */
  credentialsIssuedAt: isoUtc.nullable(),
  /** Expiry of the newest unused, unexpired enrolment code, or null when none is outstanding. */
  enrollmentCodeExpiresAt: isoUtc.nullable(),
});
export type GatewaySummary = z.infer<typeof gatewaySummarySchema>;

/** `GET /api/admin/gateways?status=&cursor=&limit=` (the API's page convention, records.ts `pageSchema`). */
export const gatewayPageSchema = pageSchema(gatewaySummarySchema);
export type GatewayPage = z.infer<typeof gatewayPageSchema>;

/** A freshly issued one-time enrolment code: shown once, stored only as its SHA-256. */
export const enrollmentCodeSchema = z.object({
  code: z.string(),
  expiresAt: isoUtc,
});
export type EnrollmentCode = z.infer<typeof enrollmentCodeSchema>;

/** `POST /api/admin/gateways` answer (201). */
export const gatewayCreatedSchema = z.object({
  gateway: gatewaySummarySchema,
  enrollment: enrollmentCodeSchema,
});
export type GatewayCreated = z.infer<typeof gatewayCreatedSchema>;

/** `POST /api/admin/gateways/:id/enrollment-code` (201) and `…/rotate` (200) answers. */
export const gatewayEnrollmentIssuedSchema = z.object({
  gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
  status: z.enum(GATEWAY_STATUSES),
  enrollment: enrollmentCodeSchema,
  /** Rotate only: the old secret was revoked at once (the gateway is `pending` until it re-enrols). */
  immediate: z.boolean(),
  registryVersion: z.number().int().nonnegative(),
});
export type GatewayEnrollmentIssued = z.infer<typeof gatewayEnrollmentIssuedSchema>;

/** One device assignment interval [from, to); to = null while open. */
export const deviceAssignmentSchema = z.object({
  patientId: z.string().regex(PATIENT_ID_PATTERN),
  from: isoUtc,
  to: isoUtc.nullable(),
});
export type DeviceAssignment = z.infer<typeof deviceAssignmentSchema>;

/** One device in `GET /api/admin/devices`. */
export const deviceSummarySchema = z.object({
  address: z.string().regex(DEVICE_ADDRESS_PATTERN),
  gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
  kind: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  manufacturer: z.string().nullable(),
  createdAt: isoUtc,
  /** The assignment in force now, or null. */
  assignment: deviceAssignmentSchema.nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

/** `GET /api/admin/devices?gatewayId=&patientId=&cursor=&limit=`. */
export const devicePageSchema = pageSchema(deviceSummarySchema);
export type DevicePage = z.infer<typeof devicePageSchema>;

/** `GET /api/admin/devices/:address/assignments`: every interval, oldest first. */
export const deviceAssignmentHistorySchema = z.object({
  deviceAddress: z.string().regex(DEVICE_ADDRESS_PATTERN),
  items: z.array(deviceAssignmentSchema),
});
export type DeviceAssignmentHistory = z.infer<typeof deviceAssignmentHistorySchema>;

/** `POST /api/admin/devices/:address/assign` and `…/unassign` answers. */
export const deviceAssignmentChangedSchema = z.object({
  deviceAddress: z.string().regex(DEVICE_ADDRESS_PATTERN),
  assignment: deviceAssignmentSchema,
  registryVersion: z.number().int().nonnegative(),
});
export type DeviceAssignmentChanged = z.infer<typeof deviceAssignmentChangedSchema>;

/** `POST /api/admin/devices` (201) and `PATCH /api/admin/devices/:address` answers. */
export const deviceWrittenSchema = z.object({
  device: deviceSummarySchema,
  registryVersion: z.number().int().nonnegative(),
});
export type DeviceWritten = z.infer<typeof deviceWrittenSchema>;
