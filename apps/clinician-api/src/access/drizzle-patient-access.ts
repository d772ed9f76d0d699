import { Injectable } from '@nestjs/common';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { Database } from '../database/database.js';
import { breakGlassGrants, patients } from '../database/schema.js';
import { PatientError } from '../patients/patients.errors.js';
import {
  decidePatientAccess,
  PatientAccess,
  type AccessDecision,
  type AccessGrant,
  type AccessRequest,
  type PatientFacts,
} from './patient-access.js';

/** {@link PatientAccess} over the patients and break_glass_grants tables. */
@Injectable()
export class DrizzlePatientAccess extends PatientAccess {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {
    super();
  }

  async check(principal: Principal, patientId: string): Promise<AccessDecision> {
    const db = this.database.db;
    const [patient] = await db
      .select({ id: patients.id, careTeamId: patients.careTeamId, status: patients.status })
      .from(patients)
      .where(eq(patients.id, patientId))
      .limit(1);
    const facts: PatientFacts | null = patient ?? null;
    let breakGlass = false;
    // Only looked up when it can change the answer (a clinician outside the patient's teams).
    if (facts && principal.role === 'clinician' && !principal.careTeams.includes(facts.careTeamId)) {
      const [grant] = await db
        .select({ id: breakGlassGrants.id })
        .from(breakGlassGrants)
        .where(
          and(
            eq(breakGlassGrants.userId, principal.userId),
            eq(breakGlassGrants.patientId, patientId),
            gt(breakGlassGrants.expiresAt, this.clock.now()),
            isNull(breakGlassGrants.endedAt),
          ),
        )
        .limit(1);
      breakGlass = grant !== undefined;
    }
    return decidePatientAccess(principal, facts, breakGlass);
  }

  async require(
    principal: Principal,
    patientId: string,
    request: AccessRequest,
    meta: RequestMeta,
  ): Promise<AccessGrant> {
    const decision = await this.check(principal, patientId);
    if (decision.kind === 'NOT_FOUND') throw new PatientError('PATIENT_NOT_FOUND');
    const allowed = decision.kind === 'ALLOWED';
    const breakGlass = allowed && decision.breakGlass;
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId,
      action: request.action,
      resource: request.resource,
      outcome: allowed ? 'allowed' : 'denied',
      sourceIp: meta.sourceIp,
      breakGlass,
      ...(request.detail ? { detail: request.detail } : {}),
    });
    if (!allowed) throw new PatientError('PATIENT_FORBIDDEN');
    return { patientId, breakGlass };
  }
}
