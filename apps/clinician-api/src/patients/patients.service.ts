import { Injectable } from '@nestjs/common';
import {
  PAGE_DEFAULT_LIMIT,
  PATIENT_PAGE_MAX_LIMIT,
  type LatestVital,
  type LatestVitalsResponse,
  type PatientDetail,
  type PatientPage,
} from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { consentState } from '../consents/consent-state.js';
import { IngestClient } from './ingest.client.js';
import { pageRequestOrThrow, toPage } from '../common/pagination.js';
import { normaliseSearch, patientListScope } from './patient-list-scope.js';
import { toListItem, toRecord } from './patient-mappers.js';
import type { PatientListQueryDto } from './patients.dto.js';
import { PatientError } from './patients.errors.js';
import { PatientRepository } from './patients.repository.js';

/** Patient lists, summaries and vitals, filtered by the care-team policy and audited. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly ingest: IngestClient,
    private readonly audit: AuditPort,
    private readonly access: PatientAccess,
  ) {}

  /**
   * The caller's patients (see patientListScope), a page ordered by display name. With `include=latest`
   * the page's latest vitals come from ONE ingest call: one query + one call whatever the page size (the
   * nurse worklist). One audit row per list; the search text is never logged or audited (only that there was one).
   */
  async list(principal: Principal, query: PatientListQueryDto, meta: RequestMeta): Promise<PatientPage> {
    const search = normaliseSearch(query.q);
    if (search !== null && principal.role === 'patient') throw new PatientError('PATIENT_SEARCH_STAFF_ONLY');
    const page = pageRequestOrThrow(query, {
      arity: 2,
      defaultLimit: PAGE_DEFAULT_LIMIT,
      maxLimit: PATIENT_PAGE_MAX_LIMIT,
    });
    const rows = await this.patients.listSummaries({
      scope: patientListScope(principal),
      search,
      status: query.status ?? null,
      includeErased: false,
      after: page.after,
      fetch: page.limit + 1,
    });
    const { items, next } = toPage(rows, page.limit, (r) => [r.displayName, r.id]);
    const withLatest = query.include === 'latest';
    const [latest] = await Promise.all([
      withLatest && items.length > 0 ? this.ingest.latestMany(items.map((r) => r.id)) : Promise.resolve(null),
      this.audit.record({
        actorId: principal.userId,
        actorRole: principal.role,
        patientId: null,
        action: AUDIT_ACTIONS.patientList,
        resource: withLatest ? 'patients?include=latest' : 'patients',
        outcome: 'success',
        sourceIp: meta.sourceIp,
        detail: { count: items.length, search: search !== null, paged: page.after !== null },
      }),
    ]);
    return {
      items: items.map((r) =>
        toListItem(r, latest === null ? undefined : (latest.get(r.id) ?? ([] as LatestVital[]))),
      ),
      next,
    };
  }

  /** Demographics and monitoring consent state of one patient (PatientAccess: care team, self, break-glass). */
  async detail(principal: Principal, patientId: string, meta: RequestMeta): Promise<PatientDetail> {
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.patientRead, resource: `patients/${patientId}` },
      meta,
    );
    const [row, consents] = await Promise.all([
      this.patients.findById(patientId),
      this.patients.monitoringConsents(patientId),
    ]);
    if (!row) throw new PatientError('PATIENT_NOT_FOUND');
    return { ...toRecord(row), monitoringConsent: consentState(consents) };
  }

  async latestVitals(
    principal: Principal,
    patientId: string,
    meta: RequestMeta,
  ): Promise<LatestVitalsResponse> {
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.vitalsRead, resource: `patients/${patientId}/vitals/latest` },
      meta,
    );
    return this.ingest.latestVitals(patientId);
  }
}
