import { Injectable } from '@nestjs/common';
import { DEVICE_ADDRESS_PATTERN, GATEWAY_ID_PATTERN } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort, type AuditAction } from '../audit/audit.port.js';
import { CommonError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import type { DeviceReassignedDto, GatewayRevokedDto, ReassignDeviceDto } from './registry-admin.dto.js';
import { RegistryError } from './registry.errors.js';
import { RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';

/**
 * Registry writes by an admin: each commits with a version bump, republishes the snapshot (ingest picks it up
 * from the feed within seconds) and is audited, failures included.
 */
@Injectable()
export class RegistryAdminService {
  constructor(
    private readonly repo: RegistryRepository,
    private readonly registry: RegistryService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {}

  async revokeGateway(
    principal: Principal,
    gatewayId: string,
    meta: RequestMeta,
  ): Promise<GatewayRevokedDto> {
    const resource = `gateways/${gatewayId}`;
    const outcome = GATEWAY_ID_PATTERN.test(gatewayId)
      ? await this.repo.revokeGateway(gatewayId)
      : 'not_found';
    if (outcome === 'not_found') {
      await this.record(principal, meta, AUDIT_ACTIONS.gatewayRevoke, resource, null, 'failure');
      throw new RegistryError('GATEWAY_NOT_FOUND');
    }
    // Revoking twice is harmless: nothing changed, the current version is returned.
    const snapshot = await this.registry.changed();
    await this.record(principal, meta, AUDIT_ACTIONS.gatewayRevoke, resource, null, 'success');
    return { gatewayId, status: 'revoked', registryVersion: snapshot.version };
  }

  async reassignDevice(
    principal: Principal,
    address: string,
    body: ReassignDeviceDto,
    meta: RequestMeta,
  ): Promise<DeviceReassignedDto> {
    const resource = `devices/${address}/assignments`;
    const from = body.from === undefined ? this.clock.now() : new Date(body.from);
    if (Number.isNaN(from.getTime())) throw new CommonError('BAD_REQUEST', 'from is not a valid instant');
    const result = DEVICE_ADDRESS_PATTERN.test(address)
      ? await this.repo.reassignDevice(address, body.patientId, from)
      : ({ ok: false, code: 'DEVICE_NOT_FOUND' } as const);
    if (!result.ok) {
      await this.record(principal, meta, AUDIT_ACTIONS.deviceReassign, resource, body.patientId, 'failure');
      throw new RegistryError(result.code);
    }
    const snapshot = await this.registry.changed();
    await this.record(principal, meta, AUDIT_ACTIONS.deviceReassign, resource, body.patientId, 'success');
    return {
      deviceAddress: address,
      patientId: body.patientId,
      from: from.toISOString(),
      previous: result.previous
        ? { patientId: result.previous.patientId, to: result.previous.to.toISOString() }
        : null,
      registryVersion: snapshot.version,
    };
  }

  private record(
    principal: Principal,
    meta: RequestMeta,
    action: AuditAction,
    resource: string,
    patientId: string | null,
    outcome: 'success' | 'failure',
  ): Promise<void> {
    return this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId,
      action,
      resource,
      outcome,
      sourceIp: meta.sourceIp,
    });
  }
}
