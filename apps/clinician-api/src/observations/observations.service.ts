import { Injectable } from '@nestjs/common';
import type { ReadingsResponse, SeriesResponse } from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { CommonError } from '../common/app-error.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { checkBuckets, checkLimit, checkRange, type Checked } from './history-query.js';
import { IngestHistoryClient } from './ingest-history.client.js';
import { ObservationError } from './observations.errors.js';
import type { ObservationsQuery, SeriesQueryDto } from './observations.dto.js';

function orThrow<T>(c: Checked<T>): T {
  if (c.ok) return c.value;
  if (c.code === 'BAD_REQUEST') throw new CommonError('BAD_REQUEST', c.detail);
  throw new ObservationError(c.code, c.detail);
}

/** A patient's stored vitals history (raw readings and chart series), through the access policy. */
@Injectable()
export class ObservationsService {
  constructor(
    private readonly access: PatientAccess,
    private readonly history: IngestHistoryClient,
  ) {}

  async readings(
    principal: Principal,
    patientId: string,
    q: ObservationsQuery,
    meta: RequestMeta,
  ): Promise<ReadingsResponse> {
    const range = orThrow(checkRange(q.from, q.to));
    const limit = orThrow(checkLimit(q.limit));
    await this.access.require(
      principal,
      patientId,
      {
        action: AUDIT_ACTIONS.observationsRead,
        resource: `patients/${patientId}/observations`,
        detail: { metric: q.metric ?? null, from: q.from, to: q.to },
      },
      meta,
    );
    return this.history.readings({
      patientId,
      ...range,
      limit,
      ...(q.metric ? { metric: q.metric } : {}),
      ...(q.cursor !== undefined ? { after: q.cursor } : {}),
    });
  }

  async series(
    principal: Principal,
    patientId: string,
    q: SeriesQueryDto,
    meta: RequestMeta,
  ): Promise<SeriesResponse> {
    const range = orThrow(checkRange(q.from, q.to));
    const bucketSeconds = Number(q.bucket);
    orThrow(checkBuckets(range.fromMs, range.toMs, bucketSeconds));
    await this.access.require(
      principal,
      patientId,
      {
        action: AUDIT_ACTIONS.observationsRead,
        resource: `patients/${patientId}/series`,
        detail: { metric: q.metric, from: q.from, to: q.to, bucket: bucketSeconds },
      },
      meta,
    );
    return this.history.series({ patientId, metric: q.metric, ...range, bucketSeconds });
  }
}
