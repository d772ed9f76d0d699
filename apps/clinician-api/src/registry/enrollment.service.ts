import { Inject, Injectable } from '@nestjs/common';
import { normalizeEnrollmentCode, type GatewayEnrollResponse } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort, type AuditOutcome } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { AttemptLimiter } from './attempt-limiter.js';
import { codeState } from './enrollment-code.js';
import { GatewaySecrets } from './gateway-secrets.js';
import { GatewayRepository } from './gateways.repository.js';
import { RegistryError, type RegistryErrorCode } from './registry.errors.js';
import { RegistryService } from './registry.service.js';

/** ENROLLMENT_RATE_LIMITED, with the wait the controller sends as `Retry-After`. */
export class EnrollmentRateLimited extends RegistryError {
  constructor(readonly retryAfterSeconds: number) {
    super('ENROLLMENT_RATE_LIMITED');
  }
}

/**
 * `POST /api/gateways/enroll`: a gateway exchanges its one-time code for MQTT credentials. The code is found
 * by its SHA-256 (an index lookup: timing says nothing about how close a guess was); the secret is generated
 * here, returned once and stored only as hashes. Every attempt is audited (actor = none: the caller is a
 * device, identified afterwards by the gateway id); attempts are capped per source address.
 */
@Injectable()
export class EnrollmentService {
  private readonly limiter = new AttemptLimiter();

  constructor(
    private readonly repo: GatewayRepository,
    private readonly secrets: GatewaySecrets,
    private readonly registry: RegistryService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async enroll(rawCode: string, meta: RequestMeta): Promise<GatewayEnrollResponse> {
    const admitted = this.limiter.take(meta.sourceIp ?? 'unknown', this.clock.now().getTime());
    if (!admitted.ok) {
      if (admitted.firstRefusal) await this.record(meta, null, 'failure', 'ENROLLMENT_RATE_LIMITED');
      throw new EnrollmentRateLimited(admitted.retryAfterSeconds);
    }
    const canonical = normalizeEnrollmentCode(rawCode);
    if (canonical === null) return this.refuse(meta, null, 'ENROLLMENT_CODE_INVALID');
    const codeHash = this.secrets.codeHash(canonical);
    // Cheap checks first: the slow hash below is only spent on a code that can still be exchanged.
    const stored = await this.repo.findCode(codeHash);
    if (!stored) return this.refuse(meta, null, 'ENROLLMENT_CODE_INVALID');
    const state = codeState(stored, this.clock.now());
    if (state === 'used') return this.refuse(meta, stored.gatewayId, 'ENROLLMENT_CODE_USED');
    if (state === 'expired') return this.refuse(meta, stored.gatewayId, 'ENROLLMENT_CODE_EXPIRED');

    const issued = await this.secrets.issueSecret();
    const result = await this.repo.exchangeCode(codeHash, this.clock.now(), {
      secretHash: issued.secretHash,
      mosquittoHash: issued.mosquittoHash,
    });
    if (!result.ok) return this.refuse(meta, result.gatewayId, result.code);
    await this.registry.changed();
    await this.record(meta, result.gatewayId, 'success', null, result.rotated);
    this.logger.info({ gatewayId: result.gatewayId, rotated: result.rotated }, 'gateway enrolled');
    return {
      gatewayId: result.gatewayId,
      username: result.gatewayId,
      password: issued.secret,
      ...(this.config.publicMqttUrl === null ? {} : { mqttUrl: this.config.publicMqttUrl }),
    };
  }

  private async refuse(meta: RequestMeta, gatewayId: string | null, code: RegistryErrorCode): Promise<never> {
    await this.record(meta, gatewayId, 'failure', code);
    if (gatewayId !== null) this.logger.warn({ gatewayId, code }, 'gateway enrolment refused');
    throw new RegistryError(code);
  }

  private record(
    meta: RequestMeta,
    gatewayId: string | null,
    outcome: AuditOutcome,
    reason: RegistryErrorCode | null,
    rotated?: boolean,
  ): Promise<void> {
    return this.audit.record({
      actorId: null,
      actorRole: null,
      patientId: null,
      action: AUDIT_ACTIONS.gatewayEnroll,
      resource: gatewayId === null ? 'gateways/enrollment' : `gateways/${gatewayId}/enrollment`,
      outcome,
      sourceIp: meta.sourceIp,
      ...(reason !== null ? { detail: { reason } } : rotated !== undefined ? { detail: { rotated } } : {}),
    });
  }
}
