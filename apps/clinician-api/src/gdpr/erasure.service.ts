import { Inject, Injectable } from '@nestjs/common';
import type { ErasureResult, LatestVital, LegalHoldResult } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { adminAudit } from '../audit/audit-entry.js';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { IngestClient } from '../patients/ingest.client.js';
import { PatientError } from '../patients/patients.errors.js';
import { decideErasure, pseudonym } from './erasure-rules.js';
import type { ErasePatientDto, LegalHoldDto } from './erasure.dto.js';
import { ErasureError } from './erasure.errors.js';
import { ErasureRepository } from './erasure.repository.js';

/**
 * GDPR Art. 17 erasure by pseudonymisation, bounded by legal hold and the records retention period
 * (docs/security.md "GDPR erasure"). Admin only. The free-text reasons are never stored in audit or logs
 * (only their length): an erasure reason may name the very person being erased.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly store: ErasureRepository,
    private readonly ingest: IngestClient,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async erase(
    principal: Principal,
    patientId: string,
    dto: ErasePatientDto,
    meta: RequestMeta,
  ): Promise<ErasureResult> {
    const stored = await this.store.facts(patientId);
    if (!stored) throw new PatientError('PATIENT_NOT_FOUND');
    // Readings live in ingest; if it cannot answer, nothing is decided (INGEST_UNAVAILABLE, 502).
    const latest =
      stored.status === 'erased' ? [] : ((await this.ingest.latestMany([patientId])).get(patientId) ?? []);
    const now = this.clock.now();
    const decision = decideErasure(
      {
        status: stored.status,
        legalHold: stored.legalHold,
        lastReadingAt: newestReading(latest),
        noteCount: stored.noteCount,
        lastNoteAt: stored.lastNoteAt,
        assignmentCount: stored.assignmentCount,
        lastAssignmentEndAt: stored.hasOpenAssignment ? now : stored.lastAssignmentEndAt,
        lastConsentEventAt: stored.lastConsentEventAt,
      },
      now,
      this.config.recordsRetentionYears,
    );
    const reasonLength = dto.reason.trim().length;
    if (!decision.ok) {
      await this.audit.record(
        adminAudit(
          principal,
          meta,
          AUDIT_ACTIONS.patientErase,
          `admin/patients/${patientId}`,
          'failure',
          patientId,
          {
            code: decision.code,
            reasonLength,
          },
        ),
      );
      throw decision.code === 'PATIENT_ERASED'
        ? new PatientError(decision.code)
        : new ErasureError(decision.code);
    }
    // Audited before the change: an erasure never happens without its audit row.
    await this.audit.record(
      adminAudit(
        principal,
        meta,
        AUDIT_ACTIONS.patientErase,
        `admin/patients/${patientId}`,
        'success',
        patientId,
        {
          basis: decision.basis,
          reasonLength,
        },
      ),
    );
    const counts = await this.store.erase(patientId, pseudonym(patientId), now);
    if (counts === null) throw new PatientError('PATIENT_ERASED');
    this.logger.info(
      { patientId, basis: decision.basis, ...counts },
      'patient record erased (pseudonymised)',
    );
    return { patientId, status: 'erased', erasedAt: now.toISOString(), basis: decision.basis, ...counts };
  }

  async legalHold(
    principal: Principal,
    patientId: string,
    dto: LegalHoldDto,
    meta: RequestMeta,
  ): Promise<LegalHoldResult> {
    const stored = await this.store.facts(patientId);
    if (!stored) throw new PatientError('PATIENT_NOT_FOUND');
    if (stored.status === 'erased') throw new PatientError('PATIENT_ERASED');
    await this.audit.record(
      adminAudit(
        principal,
        meta,
        AUDIT_ACTIONS.legalHold,
        `admin/patients/${patientId}`,
        'success',
        patientId,
        {
          hold: dto.hold,
          reasonLength: dto.reason.trim().length,
        },
      ),
    );
    if (!(await this.store.setLegalHold(patientId, dto.hold))) throw new PatientError('PATIENT_ERASED');
    return { patientId, legalHold: dto.hold };
  }
}

/** Newest `measuredAt` among the latest vitals, or null. */
function newestReading(vitals: readonly LatestVital[]): Date | null {
  const times = vitals.map((v) => Date.parse(v.measuredAt)).filter((t) => !Number.isNaN(t));
  return times.length === 0 ? null : new Date(Math.max(...times));
}
