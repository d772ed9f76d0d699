import { z } from 'zod';
import { PATIENT_ID_PATTERN } from './topics.js';
import { readingSchema } from './reading.js';

/**
 * An accepted reading after ingest stored it durably and attributed it to the patient the device was assigned
 * to at `measuredAt` (schema `openward.live-reading/1`), published on `openward/v1/live/...`.
 */
export const liveReadingSchema = z
  .object({
    schema: z.literal('openward.live-reading/1'),
    patientId: z.string().regex(PATIENT_ID_PATTERN).nullable(),
    storedAt: z.iso.datetime({ offset: false, precision: 3 }),
    reading: readingSchema,
  })
  .strict();
export type LiveReading = z.infer<typeof liveReadingSchema>;
