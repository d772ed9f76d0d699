import { Injectable } from '@nestjs/common';
import type { LatestVitalsResponse, PatientSummary } from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { IngestClient } from './ingest.client.js';
import { PatientRepository } from './patients.repository.js';

/** Patient lists and vitals, filtered by the care-team policy and audited. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly ingest: IngestClient,
    private readonly audit: AuditPort,
    private readonly access: PatientAccess,
  ) {}

  async list(principal: Principal, meta: RequestMeta): Promise<PatientSummary[]> {
    const list = await this.patients.listByCareTeams(principal.careTeams);
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId: null,
      action: AUDIT_ACTIONS.patientList,
      resource: 'patients',
      outcome: 'success',
      sourceIp: meta.sourceIp,
    });
    return list;
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
