import {
  latestVitalsResponseSchema,
  patientSummarySchema,
  type LatestVitalsResponse,
  type PatientSummary,
} from '@openward/contracts';
import type { ApiClient } from '../../../lib/api-client';

const patientListSchema = patientSummarySchema.array();

/** `GET /api/patients`: the patients of the caller's care teams. */
export function getPatients(api: ApiClient, token: string, signal?: AbortSignal): Promise<PatientSummary[]> {
  return api.request('/api/patients', patientListSchema, { token, signal });
}

/** `GET /api/patients/{id}/vitals/latest`. */
export function getLatestVitals(
  api: ApiClient,
  token: string,
  patientId: string,
  signal?: AbortSignal,
): Promise<LatestVitalsResponse> {
  return api.request(
    `/api/patients/${encodeURIComponent(patientId)}/vitals/latest`,
    latestVitalsResponseSchema,
    {
      token,
      signal,
    },
  );
}
