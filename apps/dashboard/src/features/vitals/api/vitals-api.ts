import {
  latestVitalsResponseSchema,
  patientPageSchema,
  type LatestVitalsResponse,
  type PatientSummary,
} from '@openward/contracts';
import type { ApiClient } from '../../../lib/api-client';

/** Largest page the API serves; the worklist shows a care team's patients on one screen. */
const PAGE_LIMIT = 1000;

/** `GET /api/patients`: the patients of the caller's care teams (every page). */
export async function getPatients(
  api: ApiClient,
  token: string,
  signal?: AbortSignal,
): Promise<PatientSummary[]> {
  const out: PatientSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.request(`/api/patients?limit=${PAGE_LIMIT}${query}`, patientPageSchema, {
      token,
      signal,
    });
    for (const p of page.items) out.push({ id: p.id, displayName: p.displayName, careTeamId: p.careTeamId });
    cursor = page.next;
  } while (cursor !== null);
  return out;
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
