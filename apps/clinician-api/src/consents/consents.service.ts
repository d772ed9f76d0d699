import { Injectable } from '@nestjs/common';
import type { Consent, ConsentList } from '@openward/contracts';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { RecordIds } from '../patients/record-ids.js';
import { canonicalLanguage, consentGivenAt } from './consent-rules.js';
import { consentState } from './consent-state.js';
import type { RecordConsentDto } from './consents.dto.js';
import { ConsentError } from './consents.errors.js';
import { ConsentRepository, type ConsentRow } from './consents.repository.js';

/**
 * Consent records (GDPR Art. 7: the controller must be able to prove consent; withdrawing is as easy as
 * giving). Records are never deleted or edited: a withdrawal stamps `withdrawnAt`, a new version is a new
 * record. Access: PatientAccess (care team, the patient themself, break-glass), audited per call.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly ids: RecordIds,
  ) {}

  async list(principal: Principal, patientId: string, meta: RequestMeta): Promise<ConsentList> {
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.consentList, resource: `patients/${patientId}/consents` },
      meta,
    );
    const rows = await this.consents.list(patientId);
    return {
      items: rows.map(toConsent),
      monitoring: consentState(rows.filter((r) => r.kind === 'monitoring')),
    };
  }

  async record(
    principal: Principal,
    patientId: string,
    dto: RecordConsentDto,
    meta: RequestMeta,
  ): Promise<Consent> {
    const language = canonicalLanguage(dto.language);
    if (language === null) throw new ConsentError('CONSENT_LANGUAGE_INVALID');
    const requested = dto.givenAt === undefined ? null : new Date(dto.givenAt);
    const when = consentGivenAt(principal.role, dto.method, requested, this.clock.now());
    if (!when.ok) throw new ConsentError(when.code);
    const id = this.ids.next('c');
    await this.access.require(
      principal,
      patientId,
      {
        action: AUDIT_ACTIONS.consentRecord,
        resource: `patients/${patientId}/consents/${id}`,
        detail: { consentId: id, kind: dto.kind, method: dto.method, version: dto.version },
      },
      meta,
    );
    const row: ConsentRow = {
      id,
      patientId,
      kind: dto.kind,
      version: dto.version,
      language,
      method: dto.method,
      givenAt: when.givenAt,
      withdrawnAt: null,
      recordedBy: principal.userId,
    };
    await this.consents.insert(row);
    return toConsent(row);
  }

  async withdraw(
    principal: Principal,
    patientId: string,
    consentId: string,
    meta: RequestMeta,
  ): Promise<Consent> {
    await this.access.require(
      principal,
      patientId,
      {
        action: AUDIT_ACTIONS.consentWithdraw,
        resource: `patients/${patientId}/consents/${consentId}`,
        detail: { consentId },
      },
      meta,
    );
    const withdrawn = await this.consents.withdraw(patientId, consentId, this.clock.now());
    if (withdrawn) return toConsent(withdrawn);
    const existing = await this.consents.find(patientId, consentId);
    throw new ConsentError(existing ? 'CONSENT_ALREADY_WITHDRAWN' : 'CONSENT_NOT_FOUND');
  }
}

function toConsent(r: ConsentRow): Consent {
  return {
    id: r.id,
    patientId: r.patientId,
    kind: r.kind,
    version: r.version,
    language: r.language,
    method: r.method,
    givenAt: r.givenAt.toISOString(),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    recordedBy: r.recordedBy,
  };
}
