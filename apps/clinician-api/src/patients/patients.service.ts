import { Injectable } from '@nestjs/common';
import type { LatestVitalsResponse, PatientSummary } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { decidePatientAccess, type PatientAccessDecision } from './care-team.policy.js';
import { IngestClient } from './ingest.client.js';
import { PatientError } from './patients.errors.js';
import { PatientRepository } from './patients.repository.js';

/** Patient lists and vitals, filtered by the care-team policy and audited. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly ingest: IngestClient,
    private readonly audit: AuditPort,
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

  /** Used by HTTP and the live gateway alike so both apply the same rule. */
  async decide(principal: Principal, patientId: string): Promise<PatientAccessDecision> {
    return decidePatientAccess(principal, await this.patients.findById(patientId));
  }

  async latestVitals(
    principal: Principal,
    patientId: string,
    meta: RequestMeta,
  ): Promise<LatestVitalsResponse> {
    const decision = await this.decide(principal, patientId);
    if (decision === 'NOT_FOUND') throw new PatientError('PATIENT_NOT_FOUND');
    const allowed = decision === 'ALLOWED';
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId,
      action: AUDIT_ACTIONS.vitalsRead,
      resource: `patients/${patientId}/vitals/latest`,
      outcome: allowed ? 'allowed' : 'denied',
      sourceIp: meta.sourceIp,
    });
    if (!allowed) throw new PatientError('PATIENT_FORBIDDEN');
    return this.ingest.latestVitals(patientId);
  }
}
