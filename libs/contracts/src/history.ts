import { z } from 'zod';
import { latestVitalSchema } from './api.js';
import { METRIC_NAMES, type Metric } from './metrics.js';
import { PATIENT_ID_PATTERN } from './topics.js';

/**
 * Ingest's internal history API (service-token bearer; apps/ingest DESIGN.md §12): chart series, raw export,
 * days with data (RPM billing) and the latest values of many patients. The clinician API calls it and parses
 * the answers with these schemas.
 *
 * - `GET /internal/v1/patients/{id}/series?metric=&from=ISO&to=ISO&bucket=<seconds>`
 * - `GET /internal/v1/patients/{id}/readings?from=ISO&to=ISO[&metric=][&after=cursor][&limit=]`
 * - `GET /internal/v1/days-with-data?patients=p-1,p-2&from=YYYY-MM-DD&to=YYYY-MM-DD[&utcOffsetMinutes=0]`
 * - `POST /internal/v1/latest` with {@link LatestManyRequest}
 */

/** Most buckets one series answer may hold (e.g. 34 days of 1-minute buckets). */
export const SERIES_MAX_BUCKETS = 50_000;
/** Most points one export page may hold; the default page size is {@link EXPORT_DEFAULT_LIMIT}. */
export const EXPORT_MAX_LIMIT = 10_000;
export const EXPORT_DEFAULT_LIMIT = 1000;
/** Most patients per days-with-data or latest request (a nurse worklist). */
export const HISTORY_MAX_PATIENTS = 1000;
/** Longest days-with-data range, in days (covers a 30-day billing period with room to spare). */
export const DAYS_MAX_RANGE = 366;
/** UTC offsets accepted by days-with-data, in minutes (UTC−14:00 … UTC+14:00). */
export const UTC_OFFSET_MAX_MINUTES = 14 * 60;

/**
 * Codes of a 400 answer (`problem.code`), one per kind of bad parameter. Unknown query parameters are ignored.
 */
export const HISTORY_ERROR_CODES = {
  /** A patient id does not match PATIENT_ID_PATTERN, or `patients` is empty or repeats an id. */
  BAD_PATIENT_ID: 'BAD_PATIENT_ID',
  /** `from` / `to` missing or not an ISO 8601 UTC time (series, readings) or a YYYY-MM-DD date (days). */
  BAD_TIME: 'BAD_TIME',
  /** `from` after `to`, or a days range longer than {@link DAYS_MAX_RANGE}. */
  BAD_RANGE: 'BAD_RANGE',
  /** `metric` missing (series) or not one of METRIC_NAMES. */
  UNKNOWN_METRIC: 'UNKNOWN_METRIC',
  /** `bucket` not a whole number of seconds ≥ 1. */
  BAD_BUCKET: 'BAD_BUCKET',
  /** The range holds more than {@link SERIES_MAX_BUCKETS} buckets. */
  TOO_MANY_BUCKETS: 'TOO_MANY_BUCKETS',
  /** `limit` not an integer in 1..{@link EXPORT_MAX_LIMIT}. */
  BAD_LIMIT: 'BAD_LIMIT',
  /** `after` is not a cursor this API issued. */
  BAD_CURSOR: 'BAD_CURSOR',
  /** More than {@link HISTORY_MAX_PATIENTS} patient ids. */
  TOO_MANY_PATIENTS: 'TOO_MANY_PATIENTS',
  /** `utcOffsetMinutes` not an integer within ±{@link UTC_OFFSET_MAX_MINUTES}. */
  BAD_OFFSET: 'BAD_OFFSET',
  /** Request body is not JSON of the documented shape (or larger than 256 KiB). */
  BAD_BODY: 'BAD_BODY',
} as const;
export type HistoryErrorCode = keyof typeof HISTORY_ERROR_CODES;

const metricSchema = z.enum(METRIC_NAMES as [Metric, ...Metric[]]);
const patientIdSchema = z.string().regex(PATIENT_ID_PATTERN);

/** Where a series answer came from: raw points, or the 1-minute / 1-hour rollups (plus not yet rolled points). */
export const SERIES_SOURCES = ['raw', '1m', '1h'] as const;

export const seriesBucketSchema = z.object({
  /** Bucket start (ISO UTC); buckets are aligned to multiples of `bucketSeconds` since the Unix epoch. */
  start: z.string(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  count: z.number().int().positive(),
});
export type SeriesBucketDto = z.infer<typeof seriesBucketSchema>;

/** Answer of `GET …/series`. Empty buckets are omitted. `unit` is null when there are no buckets. */
export const seriesResponseSchema = z.object({
  patientId: patientIdSchema,
  metric: metricSchema,
  /** The requested range widened to whole buckets. */
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number().int().positive(),
  source: z.enum(SERIES_SOURCES),
  unit: z.string().nullable(),
  buckets: z.array(seriesBucketSchema),
});
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;

/** One stored measurement in an export. */
export const exportPointSchema = z.object({
  readingId: z.string(),
  idx: z.number().int().nonnegative(),
  metric: metricSchema,
  value: z.number(),
  unit: z.string(),
  measuredAt: z.string(),
  receivedAt: z.string(),
  storedAt: z.string(),
  gatewayId: z.string(),
  deviceAddress: z.string(),
  characteristic: z.string(),
});
export type ExportPoint = z.infer<typeof exportPointSchema>;

/** Answer of `GET …/readings`: ordered by (measuredAt, readingId, idx); pass `next` as `after` for more. */
export const readingsResponseSchema = z.object({
  patientId: patientIdSchema,
  points: z.array(exportPointSchema),
  next: z.string().nullable(),
});
export type ReadingsResponse = z.infer<typeof readingsResponseSchema>;

export const dayCountSchema = z.object({
  patientId: patientIdSchema,
  /** Local date (YYYY-MM-DD) at `utcOffsetMinutes`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Distinct readings measured that day (a reading = one device notification, whatever its measurements). */
  readings: z.number().int().positive(),
});
export type DayCountDto = z.infer<typeof dayCountSchema>;

/** Answer of `GET /internal/v1/days-with-data`: only days with at least one reading, by patient then date. */
export const daysWithDataResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  utcOffsetMinutes: z.number().int(),
  days: z.array(dayCountSchema),
});
export type DaysWithDataResponse = z.infer<typeof daysWithDataResponseSchema>;

/** Body of `POST /internal/v1/latest`. */
export const latestManyRequestSchema = z.object({
  patientIds: z
    .array(patientIdSchema)
    .min(1)
    .max(HISTORY_MAX_PATIENTS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'patient ids must be distinct' }),
});
export type LatestManyRequest = z.infer<typeof latestManyRequestSchema>;

/** Answer of `POST /internal/v1/latest`: one entry per requested patient, in request order. */
export const latestManyResponseSchema = z.object({
  patients: z.array(z.object({ patientId: patientIdSchema, vitals: z.array(latestVitalSchema) })),
});
export type LatestManyResponse = z.infer<typeof latestManyResponseSchema>;
