import { z } from 'zod';
import { measurementSchema } from './reading.js';
import { METRIC_NAMES, type Metric } from './metrics.js';

/**
 * Shapes exchanged between the clinician API and the dashboard (REST under `/api`, socket.io namespace
 * `/live`). The API validates requests at its edge; the dashboard parses responses with these schemas.
 */

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const STAFF_ROLES = ['admin', 'nurse', 'clinician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Every role that can sign in: staff, and patients (who see only their own record). */
export const USER_ROLES = [...STAFF_ROLES, 'patient'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
});
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = z.object({
  accessToken: z.string(),
  /** ISO time the access token stops working. */
  expiresAt: z.string(),
  user: userSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const patientSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  careTeamId: z.string(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

export const latestVitalSchema = z.object({
  metric: z.enum(METRIC_NAMES as [Metric, ...Metric[]]),
  value: z.number(),
  unit: z.string(),
  measuredAt: z.string(),
  storedAt: z.string(),
  readingId: z.string(),
  deviceAddress: z.string(),
});
export type LatestVital = z.infer<typeof latestVitalSchema>;

/** `GET /api/patients/:id/vitals/latest` (API) and `GET /internal/v1/patients/:id/latest` (ingest). */
export const latestVitalsResponseSchema = z.object({
  patientId: z.string(),
  vitals: z.array(latestVitalSchema),
});
export type LatestVitalsResponse = z.infer<typeof latestVitalsResponseSchema>;

/** Socket.io namespace and event names of the live push. */
export const LIVE_NAMESPACE = '/live' as const;
export const LIVE_EVENTS = {
  /** client → server, with ack: `{ patientId }` → {@link SubscribeAck}. */
  subscribe: 'subscribe',
  /** client → server: `{ patientId }`. */
  unsubscribe: 'unsubscribe',
  /** server → client: {@link VitalEvent}. */
  vital: 'vital',
} as const;

export const subscribeAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.enum(['FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']) }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

/** One stored, attributed reading pushed live to subscribed dashboards. */
export const vitalEventSchema = z.object({
  patientId: z.string(),
  readingId: z.string(),
  deviceAddress: z.string(),
  characteristic: z.string(),
  measuredAt: z.string(),
  receivedAt: z.string(),
  storedAt: z.string(),
  measurements: z.array(measurementSchema),
});
export type VitalEvent = z.infer<typeof vitalEventSchema>;

/** Problem details (RFC 9457) body used by every error response of the API. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;
