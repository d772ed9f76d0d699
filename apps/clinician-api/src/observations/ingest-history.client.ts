import { Injectable } from '@nestjs/common';
import {
  problemSchema,
  readingsResponseSchema,
  seriesResponseSchema,
  type Metric,
  type ReadingsResponse,
  type SeriesResponse,
} from '@openward/contracts';
import { AppConfig } from '../config/app-config.js';
import { PatientError } from '../patients/patients.errors.js';
import { ObservationError } from './observations.errors.js';

/** `GET /internal/v1/patients/{id}/readings` (contracts history.ts): ordered by (measuredAt, readingId, idx). */
export interface ReadingsQuery {
  readonly patientId: string;
  /** `[fromMs, toMs)`, epoch ms. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly metric?: Metric;
  /** The `next` of the previous page (opaque). */
  readonly after?: string;
  /** 1..EXPORT_MAX_LIMIT. */
  readonly limit: number;
}

/** `GET /internal/v1/patients/{id}/series`. */
export interface SeriesQuery {
  readonly patientId: string;
  readonly metric: Metric;
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketSeconds: number;
}

/**
 * Port: ingest's history API (raw readings and bucketed series). Throws PatientError INGEST_UNAVAILABLE /
 * INGEST_BAD_RESPONSE (502), ObservationError OBSERVATION_BAD_CURSOR or OBSERVATION_BAD_QUERY when ingest
 * refuses the parameters (400). Latest values come from the patients feature's IngestClient.
 */
export abstract class IngestHistoryClient {
  abstract readings(q: ReadingsQuery): Promise<ReadingsResponse>;
  abstract series(q: SeriesQuery): Promise<SeriesResponse>;
}

/** A history page of up to 10,000 points can take a while to read on a Raspberry Pi-class store. */
const TIMEOUT_MS = 15_000;

/** What the adapter needs of a contracts schema (zod's `safeParse`). */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** fetch adapter with the service bearer token; answers are parsed with the contracts schemas. */
@Injectable()
export class FetchIngestHistoryClient extends IngestHistoryClient {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async readings(q: ReadingsQuery): Promise<ReadingsResponse> {
    const params = new URLSearchParams({ from: iso(q.fromMs), to: iso(q.toMs), limit: String(q.limit) });
    if (q.metric) params.set('metric', q.metric);
    if (q.after !== undefined) params.set('after', q.after);
    return this.get(q.patientId, 'readings', params, readingsResponseSchema);
  }

  async series(q: SeriesQuery): Promise<SeriesResponse> {
    const params = new URLSearchParams({
      metric: q.metric,
      from: iso(q.fromMs),
      to: iso(q.toMs),
      bucket: String(q.bucketSeconds),
    });
    return this.get(q.patientId, 'series', params, seriesResponseSchema);
  }

  private async get<T extends { patientId: string }>(
    patientId: string,
    route: 'readings' | 'series',
    params: URLSearchParams,
    schema: Schema<T>,
  ): Promise<T> {
    const url = `${this.config.ingestUrl}/internal/v1/patients/${encodeURIComponent(patientId)}/${route}?${params}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${this.config.serviceToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new PatientError('INGEST_UNAVAILABLE');
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.status === 400) {
      const problem = problemSchema.safeParse(body);
      const code = problem.success ? problem.data.code : 'unknown';
      if (code === 'BAD_CURSOR') throw new ObservationError('OBSERVATION_BAD_CURSOR');
      throw new ObservationError('OBSERVATION_BAD_QUERY', `ingest refused the ${route} query (${code})`);
    }
    if (res.status !== 200) throw new PatientError('INGEST_BAD_RESPONSE', `ingest answered ${res.status}`);
    const parsed = schema.safeParse(body);
    if (!parsed.success || parsed.data.patientId !== patientId) {
      throw new PatientError('INGEST_BAD_RESPONSE', `ingest answered an invalid ${route} response`);
    }
    return parsed.data;
  }
}
