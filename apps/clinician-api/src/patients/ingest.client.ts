import { Injectable } from '@nestjs/common';
import {
  HISTORY_MAX_PATIENTS,
  latestManyResponseSchema,
  latestVitalsResponseSchema,
  type LatestManyRequest,
  type LatestVital,
  type LatestVitalsResponse,
} from '@openward/contracts';
import { AppConfig } from '../config/app-config.js';
import { PatientError } from './patients.errors.js';

/** Port: ingest's internal HTTP API (the vitals time series lives in ingest, not here). */
export abstract class IngestClient {
  /** Throws {@link PatientError} INGEST_UNAVAILABLE / INGEST_BAD_RESPONSE (both 502). */
  abstract latestVitals(patientId: string): Promise<LatestVitalsResponse>;
  /**
   * Latest vitals of up to {@link HISTORY_MAX_PATIENTS} patients in ONE call (`POST /internal/v1/latest`),
   * keyed by patient id (every requested id is present). Same errors as {@link latestVitals}.
   */
  abstract latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>>;
}

const TIMEOUT_MS = 5_000;

/**
 * fetch adapter: `GET {API_INGEST_URL}/internal/v1/patients/{id}/latest` and `POST …/internal/v1/latest`
 * with the service bearer token.
 */
@Injectable()
export class FetchIngestClient extends IngestClient {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async latestVitals(patientId: string): Promise<LatestVitalsResponse> {
    const body = await this.call(`/internal/v1/patients/${encodeURIComponent(patientId)}/latest`);
    const parsed = latestVitalsResponseSchema.safeParse(body);
    if (!parsed.success || parsed.data.patientId !== patientId) {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest answered an invalid LatestVitalsResponse');
    }
    return parsed.data;
  }

  async latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>> {
    if (patientIds.length === 0) return new Map();
    if (patientIds.length > HISTORY_MAX_PATIENTS) {
      throw new RangeError(`at most ${HISTORY_MAX_PATIENTS} patients per latest call`);
    }
    const request: LatestManyRequest = { patientIds: [...patientIds] };
    const body = await this.call('/internal/v1/latest', request);
    const parsed = latestManyResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest answered an invalid LatestManyResponse');
    }
    const byId = new Map(parsed.data.patients.map((p) => [p.patientId, p.vitals]));
    if (patientIds.some((id) => !byId.has(id))) {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest left out a requested patient');
    }
    return byId;
  }

  /** GET (no body) or POST (JSON body); resolves with the parsed JSON of a 200 answer. */
  private async call(path: string, json?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.serviceToken}`,
      accept: 'application/json',
    };
    let res: Response;
    try {
      res = await fetch(`${this.config.ingestUrl}${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: json === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new PatientError('INGEST_UNAVAILABLE');
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new PatientError('INGEST_BAD_RESPONSE', `ingest answered ${res.status}`);
    }
    try {
      return await res.json();
    } catch {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest answered invalid JSON');
    }
  }
}
