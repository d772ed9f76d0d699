import { z } from 'zod';
import { latestVitalSchema, USER_ROLES } from './api.js';
import { PATIENT_ID_PATTERN } from './topics.js';

/**
 * The clinician API's records (REST under `/api`): patients, care teams, notes, consents, break-glass grants
 * and GDPR erasure. Times are ISO 8601 UTC strings (`toISOString()`), dates `YYYY-MM-DD`. Lists are pages:
 * `{ items, next }`; pass `next` back as `?cursor=` for the following page (null = last page).
 */

/** Default and largest `?limit=` of a page (a nurse worklist of 1,000 patients fits in one page). */
export const PAGE_DEFAULT_LIMIT = 50;
export const PATIENT_PAGE_MAX_LIMIT = 1000;
export const PAGE_MAX_LIMIT = 200;

export const PATIENT_STATUSES = ['active', 'discharged', 'erased'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
/** FHIR administrative gender. */
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const NOTE_KINDS = ['progress', 'call', 'alert', 'visit'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const NOTE_BODY_MAX = 10_000;

export const CONSENT_KINDS = ['monitoring', 'video', 'data-sharing'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_METHODS = ['electronic', 'paper', 'verbal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
/** `given`: the latest consent of the kind is in force; `withdrawn`: it was withdrawn; `none`: never given. */
export const CONSENT_STATES = ['given', 'withdrawn', 'none'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** A mandatory justification (break-glass, erasure, legal hold): 10..500 characters. */
export const REASON_MIN = 10;
export const REASON_MAX = 500;

const isoTime = z.iso.datetime({ offset: false, precision: 3 });
const isoDate = z.iso.date();
const patientId = z.string().regex(PATIENT_ID_PATTERN);
const reason = z.string().trim().min(REASON_MIN).max(REASON_MAX);

/** A page of a list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

// --- patients ---------------------------------------------------------------------------------------------

/** One row of `GET /api/patients` (never an erased patient). `latest` only with `?include=latest`. */
export const patientListItemSchema = z.object({
  id: patientId,
  displayName: z.string(),
  careTeamId: z.string(),
  status: z.enum(['active', 'discharged']),
  mrn: z.string().nullable(),
  latest: z.array(latestVitalSchema).optional(),
});
export type PatientListItem = z.infer<typeof patientListItemSchema>;
export const patientPageSchema = pageSchema(patientListItemSchema);
export type PatientPage = z.infer<typeof patientPageSchema>;

/** Monitoring consent in force ({@link CONSENT_STATES}), from the latest monitoring consent record. */
export const monitoringConsentSchema = z.object({
  state: z.enum(CONSENT_STATES),
  consentId: z.string().nullable(),
  version: z.string().nullable(),
  givenAt: isoTime.nullable(),
  withdrawnAt: isoTime.nullable(),
});
export type MonitoringConsent = z.infer<typeof monitoringConsentSchema>;

/** A patient record as admins manage it (`GET /api/admin/patients`, create, update). */
export const patientRecordSchema = z.object({
  id: patientId,
  displayName: z.string(),
  careTeamId: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  birthDate: isoDate.nullable(),
  gender: z.enum(GENDERS).nullable(),
  mrn: z.string().nullable(),
  status: z.enum(PATIENT_STATUSES),
  enrolledAt: isoTime.nullable(),
  legalHold: z.boolean(),
  erasedAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type PatientRecord = z.infer<typeof patientRecordSchema>;
export const patientRecordPageSchema = pageSchema(patientRecordSchema);
export type PatientRecordPage = z.infer<typeof patientRecordPageSchema>;

/** `GET /api/patients/:id`: demographics and the monitoring consent state. */
export const patientDetailSchema = patientRecordSchema.extend({ monitoringConsent: monitoringConsentSchema });
export type PatientDetail = z.infer<typeof patientDetailSchema>;

/** Body of `POST /api/admin/patients`. Without `id` the API generates one; `displayName` defaults to the name. */
export const createPatientRequestSchema = z.object({
  id: patientId.optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: isoDate,
  gender: z.enum(GENDERS),
  mrn: z.string().trim().min(1).max(64),
  careTeamId: z.string().min(1),
  enrolledAt: isoTime.optional(),
});
export type CreatePatientRequest = z.infer<typeof createPatientRequestSchema>;

/** Body of `PATCH /api/admin/patients/:id` (erasure has its own route). */
export const updatePatientRequestSchema = createPatientRequestSchema
  .omit({ id: true })
  .partial()
  .extend({ status: z.enum(['active', 'discharged']).optional() });
export type UpdatePatientRequest = z.infer<typeof updatePatientRequestSchema>;

// --- care teams -------------------------------------------------------------------------------------------

export const careTeamMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
});
export type CareTeamMember = z.infer<typeof careTeamMemberSchema>;

/** `GET /api/care-teams` (the caller's), `GET /api/admin/care-teams` (all). */
export const careTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(careTeamMemberSchema),
  /** Patients of the team that are not erased. */
  patientCount: z.number().int().nonnegative(),
});
export type CareTeam = z.infer<typeof careTeamSchema>;

export const CARE_TEAM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
export const createCareTeamRequestSchema = z.object({
  id: z.string().regex(CARE_TEAM_ID_PATTERN).optional(),
  name: z.string().trim().min(1).max(200),
});
export const updateCareTeamRequestSchema = z.object({ name: z.string().trim().min(1).max(200) });
/** Body of `PUT /api/admin/care-teams/:id/members`: the complete member list (replaces the old one). */
export const setCareTeamMembersRequestSchema = z.object({ userIds: z.array(z.string()).max(500) });

// --- notes ------------------------------------------------------------------------------------------------

/** A clinical note: immutable; a correction is a new note whose `amends` names the corrected one. */
export const noteSchema = z.object({
  id: z.string(),
  patientId,
  authorId: z.string(),
  authorName: z.string(),
  kind: z.enum(NOTE_KINDS),
  body: z.string(),
  amends: z.string().nullable(),
  createdAt: isoTime,
});
export type Note = z.infer<typeof noteSchema>;
/** `GET /api/patients/:id/notes`: newest first. */
export const notePageSchema = pageSchema(noteSchema);
export type NotePage = z.infer<typeof notePageSchema>;

export const createNoteRequestSchema = z.object({
  kind: z.enum(NOTE_KINDS),
  body: z.string().trim().min(1).max(NOTE_BODY_MAX),
  amends: z.string().optional(),
});
export type CreateNoteRequest = z.infer<typeof createNoteRequestSchema>;

// --- consents ---------------------------------------------------------------------------------------------

/** A consent record (GDPR Art. 7(1) proof): what, which version and language, how, when, withdrawn when. */
export const consentSchema = z.object({
  id: z.string(),
  patientId,
  kind: z.enum(CONSENT_KINDS),
  version: z.string(),
  /** BCP 47 language tag of the text the patient agreed to (canonical form). */
  language: z.string(),
  method: z.enum(CONSENT_METHODS),
  givenAt: isoTime,
  withdrawnAt: isoTime.nullable(),
  /** Who recorded it (the patient themself for an electronic consent); null once unknown. */
  recordedBy: z.string().nullable(),
});
export type Consent = z.infer<typeof consentSchema>;

/** `GET /api/patients/:id/consents`: every record, newest first, and the monitoring consent state. */
export const consentListSchema = z.object({
  items: z.array(consentSchema),
  monitoring: monitoringConsentSchema,
});
export type ConsentList = z.infer<typeof consentListSchema>;

/** Body of `POST /api/patients/:id/consents`; `givenAt` defaults to now (always now for a patient). */
export const recordConsentRequestSchema = z.object({
  kind: z.enum(CONSENT_KINDS),
  version: z.string().trim().min(1).max(50),
  language: z.string().min(2).max(35),
  method: z.enum(CONSENT_METHODS),
  givenAt: isoTime.optional(),
});
export type RecordConsentRequest = z.infer<typeof recordConsentRequestSchema>;

// --- break-glass ------------------------------------------------------------------------------------------

export const BREAK_GLASS_STATES = ['active', 'ended', 'expired'] as const;
export type BreakGlassState = (typeof BREAK_GLASS_STATES)[number];

/** An emergency access grant of one clinician to one patient outside their care teams. */
export const breakGlassGrantSchema = z.object({
  id: z.string(),
  userId: z.string(),
  patientId,
  createdAt: isoTime,
  expiresAt: isoTime,
  endedAt: isoTime.nullable(),
  state: z.enum(BREAK_GLASS_STATES),
});
export type BreakGlassGrant = z.infer<typeof breakGlassGrantSchema>;

/** One row of the admin review list (`GET /api/admin/break-glass`): the grant with its reason. */
export const breakGlassReviewItemSchema = breakGlassGrantSchema.extend({
  userDisplayName: z.string(),
  reason: z.string(),
});
export type BreakGlassReviewItem = z.infer<typeof breakGlassReviewItemSchema>;
export const breakGlassReviewPageSchema = pageSchema(breakGlassReviewItemSchema);
export type BreakGlassReviewPage = z.infer<typeof breakGlassReviewPageSchema>;

export const openBreakGlassRequestSchema = z.object({ reason });
export type OpenBreakGlassRequest = z.infer<typeof openBreakGlassRequestSchema>;

// --- GDPR erasure -----------------------------------------------------------------------------------------

/** Why an erasure was allowed. */
export const ERASURE_BASES = ['no-clinical-data', 'retention-elapsed'] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];

export const erasePatientRequestSchema = z.object({ reason });
export const erasureResultSchema = z.object({
  patientId,
  status: z.literal('erased'),
  erasedAt: isoTime,
  basis: z.enum(ERASURE_BASES),
  /** Notes whose body was replaced by `[erased]`. */
  notesRedacted: z.number().int().nonnegative(),
  /** Patient sign-in accounts disabled and pseudonymised. */
  accountsDisabled: z.number().int().nonnegative(),
});
export type ErasureResult = z.infer<typeof erasureResultSchema>;

export const legalHoldRequestSchema = z.object({ hold: z.boolean(), reason });
export const legalHoldResultSchema = z.object({ patientId, legalHold: z.boolean() });
export type LegalHoldResult = z.infer<typeof legalHoldResultSchema>;
