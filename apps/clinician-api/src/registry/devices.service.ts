import { Injectable } from '@nestjs/common';
import {
  DEVICE_ADDRESS_PATTERN,
  type DeviceAssignment,
  type DeviceAssignmentChanged,
  type DeviceAssignmentHistory,
  type DevicePage,
  type DeviceSummary,
  type DeviceWritten,
} from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort, type AuditAction } from '../audit/audit.port.js';
import { CommonError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { pageRequestOrThrow, toPage } from '../common/pagination.js';
import { ADMIN_PAGE, instantOr } from './admin-params.js';
import { adminAudit } from '../audit/audit-entry.js';
import type {
  AssignDeviceDto,
  CreateDeviceDto,
  DeviceReassignedDto,
  ListDevicesQuery,
  UnassignDeviceDto,
  UpdateDeviceDto,
} from './devices.dto.js';
import { DeviceRepository, type DevicePatch, type DeviceRecord } from './devices.repository.js';
import type { StoredAssignment } from './reassignment.js';
import { RegistryError, type RegistryErrorCode } from './registry.errors.js';
import { RegistryService } from './registry.service.js';

/**
 * Device administration (role admin): the registry of BLE devices per gateway and their assignment to
 * patients over time. Writes commit with a registry version bump and are republished to the feed at once;
 * every call is audited (assignments with the patient concerned), failures included.
 */
@Injectable()
export class DeviceAdminService {
  constructor(
    private readonly repo: DeviceRepository,
    private readonly registry: RegistryService,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, query: ListDevicesQuery, meta: RequestMeta): Promise<DevicePage> {
    const page = pageRequestOrThrow(query, ADMIN_PAGE);
    const rows = await this.repo.list(
      {
        gatewayId: query.gatewayId ?? null,
        patientId: query.patientId ?? null,
        after: page.after?.[0] ?? null,
        limit: page.limit + 1,
      },
      this.clock.now(),
    );
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.deviceList, 'devices', 'success', query.patientId ?? null),
    );
    const { items, next } = toPage(rows, page.limit, (d) => [d.address]);
    return { items: items.map(deviceSummary), next };
  }

  async create(principal: Principal, body: CreateDeviceDto, meta: RequestMeta): Promise<DeviceWritten> {
    const address = body.address.toLowerCase();
    const now = this.clock.now();
    const result = await this.repo.create({
      address,
      gatewayId: body.gatewayId,
      kind: body.kind,
      model: body.model ?? null,
      serial: body.serial ?? null,
      manufacturer: body.manufacturer ?? null,
      createdAt: now,
    });
    return this.written(principal, meta, address, result);
  }

  async update(
    principal: Principal,
    rawAddress: string,
    body: UpdateDeviceDto,
    meta: RequestMeta,
  ): Promise<DeviceWritten> {
    const address = rawAddress.toLowerCase();
    const patch: DevicePatch = {
      ...(body.gatewayId === undefined ? {} : { gatewayId: body.gatewayId }),
      ...(body.model === undefined ? {} : { model: body.model }),
      ...(body.serial === undefined ? {} : { serial: body.serial }),
      ...(body.manufacturer === undefined ? {} : { manufacturer: body.manufacturer }),
    };
    if (Object.keys(patch).length === 0) throw new CommonError('BAD_REQUEST', 'nothing to change');
    const result = DEVICE_ADDRESS_PATTERN.test(address)
      ? await this.repo.update(address, patch)
      : ({ ok: false, code: 'DEVICE_NOT_FOUND' } as const);
    return this.written(principal, meta, address, result);
  }

  async history(
    principal: Principal,
    rawAddress: string,
    meta: RequestMeta,
  ): Promise<DeviceAssignmentHistory> {
    const address = rawAddress.toLowerCase();
    const resource = `devices/${address}/assignments`;
    const rows = DEVICE_ADDRESS_PATTERN.test(address) ? await this.repo.assignments(address) : null;
    if (rows === null) {
      await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.deviceList, resource, 'failure'));
      throw new RegistryError('DEVICE_NOT_FOUND');
    }
    await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.deviceList, resource, 'success'));
    return { deviceAddress: address, items: rows.map(assignmentDto) };
  }

  async assign(
    principal: Principal,
    rawAddress: string,
    body: AssignDeviceDto,
    meta: RequestMeta,
  ): Promise<DeviceAssignmentChanged> {
    const from = instantOr(body.from, this.clock.now(), 'from');
    const r = await this.change(principal, meta, rawAddress, AUDIT_ACTIONS.deviceAssign, body.patientId, {
      kind: 'assign',
      patientId: body.patientId,
      from,
    });
    return {
      deviceAddress: r.address,
      assignment: assignmentDto({ patientId: body.patientId, from, to: null }),
      registryVersion: r.version,
    };
  }

  async unassign(
    principal: Principal,
    rawAddress: string,
    body: UnassignDeviceDto,
    meta: RequestMeta,
  ): Promise<DeviceAssignmentChanged> {
    const to = instantOr(body.to, this.clock.now(), 'to');
    const r = await this.change(principal, meta, rawAddress, AUDIT_ACTIONS.deviceUnassign, null, {
      kind: 'unassign',
      to,
    });
    if (!r.closed) throw new RegistryError('DEVICE_NOT_ASSIGNED');
    return { deviceAddress: r.address, assignment: assignmentDto(r.closed), registryVersion: r.version };
  }

  async reassign(
    principal: Principal,
    rawAddress: string,
    body: AssignDeviceDto,
    meta: RequestMeta,
  ): Promise<DeviceReassignedDto> {
    const from = instantOr(body.from, this.clock.now(), 'from');
    const r = await this.change(principal, meta, rawAddress, AUDIT_ACTIONS.deviceReassign, body.patientId, {
      kind: 'reassign',
      patientId: body.patientId,
      from,
    });
    return {
      deviceAddress: r.address,
      patientId: body.patientId,
      from: from.toISOString(),
      previous: r.closed ? { patientId: r.closed.patientId, to: r.closed.to.toISOString() } : null,
      registryVersion: r.version,
    };
  }

  /** Applies an assignment change, republishes, audits; the audit names the patient concerned. */
  private async change(
    principal: Principal,
    meta: RequestMeta,
    rawAddress: string,
    action: AuditAction,
    patientId: string | null,
    change: Parameters<DeviceRepository['changeAssignment']>[1],
  ): Promise<{
    address: string;
    version: number;
    closed: { patientId: string; from: Date; to: Date } | null;
  }> {
    const address = rawAddress.toLowerCase();
    const resource = `devices/${address}/assignments`;
    const result = DEVICE_ADDRESS_PATTERN.test(address)
      ? await this.repo.changeAssignment(address, change)
      : ({ ok: false, code: 'DEVICE_NOT_FOUND' } as const);
    if (!result.ok) {
      await this.audit.record(
        adminAudit(principal, meta, action, resource, 'failure', patientId, { reason: result.code }),
      );
      throw new RegistryError(result.code);
    }
    const snapshot = await this.registry.changed();
    await this.audit.record(
      adminAudit(
        principal,
        meta,
        action,
        resource,
        'success',
        patientId ?? result.closed?.patientId ?? null,
        {
          previousPatientId: change.kind === 'unassign' ? null : (result.closed?.patientId ?? null),
        },
      ),
    );
    return { address, version: snapshot.version, closed: result.closed };
  }

  private async written(
    principal: Principal,
    meta: RequestMeta,
    address: string,
    result: { ok: true } | { ok: false; code: RegistryErrorCode },
  ): Promise<DeviceWritten> {
    const resource = `devices/${address}`;
    if (!result.ok) {
      await this.audit.record(
        adminAudit(principal, meta, AUDIT_ACTIONS.deviceWrite, resource, 'failure', null, {
          reason: result.code,
        }),
      );
      throw new RegistryError(result.code);
    }
    const snapshot = await this.registry.changed();
    await this.audit.record(adminAudit(principal, meta, AUDIT_ACTIONS.deviceWrite, resource, 'success'));
    const device = await this.repo.find(address, this.clock.now());
    if (!device) throw new RegistryError('DEVICE_NOT_FOUND');
    return { device: deviceSummary(device), registryVersion: snapshot.version };
  }
}

function assignmentDto(a: Pick<StoredAssignment, 'patientId' | 'from' | 'to'>): DeviceAssignment {
  return { patientId: a.patientId, from: a.from.toISOString(), to: a.to?.toISOString() ?? null };
}

function deviceSummary(d: DeviceRecord): DeviceSummary {
  return {
    address: d.address,
    gatewayId: d.gatewayId,
    kind: d.kind,
    model: d.model,
    serial: d.serial,
    manufacturer: d.manufacturer,
    createdAt: d.createdAt.toISOString(),
    assignment: d.current ? assignmentDto(d.current) : null,
  };
}
