import { Injectable } from '@nestjs/common';
import { latestVitalsResponseSchema, type LatestVitalsResponse } from '@openward/contracts';
import { AppConfig } from '../config/app-config.js';
import { PatientError } from './patients.errors.js';

/** Port: ingest's internal HTTP API (the vitals time series lives in ingest, not here). */
export abstract class IngestClient {
  /** Throws {@link PatientError} INGEST_UNAVAILABLE / INGEST_BAD_RESPONSE (both 502). */
  abstract latestVitals(patientId: string): Promise<LatestVitalsResponse>;
}

const TIMEOUT_MS = 5_000;

/** fetch adapter: `GET {API_INGEST_URL}/internal/v1/patients/{id}/latest` with the service bearer token. */
@Injectable()
export class FetchIngestClient extends IngestClient {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async latestVitals(patientId: string): Promise<LatestVitalsResponse> {
    const url = `${this.config.ingestUrl}/internal/v1/patients/${encodeURIComponent(patientId)}/latest`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${this.config.serviceToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new PatientError('INGEST_UNAVAILABLE');
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new PatientError('INGEST_BAD_RESPONSE', `ingest answered ${res.status}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest answered invalid JSON');
    }
    const parsed = latestVitalsResponseSchema.safeParse(body);
    if (!parsed.success || parsed.data.patientId !== patientId) {
      throw new PatientError('INGEST_BAD_RESPONSE', 'ingest answered an invalid LatestVitalsResponse');
    }
    return parsed.data;
  }
}
