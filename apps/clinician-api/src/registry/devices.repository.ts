import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { deviceAssignments, devices, gateways, patients } from '../database/schema.js';
import {
  assignmentAt,
  planAssignment,
  planReassignment,
  planUnassignment,
  type StoredAssignment,
} from './reassignment.js';
import { bumpRegistryVersion } from './registry.repository.js';

export interface DeviceRecord {
  address: string;
  gatewayId: string;
  kind: string;
  model: string | null;
  serial: string | null;
  manufacturer: string | null;
  createdAt: Date;
  /** The assignment in force at the `now` of the read. */
  current: StoredAssignment | null;
}

export interface DeviceListQuery {
  gatewayId: string | null;
  /** Only devices assigned to this patient now. */
  patientId: string | null;
  /** Exclusive keyset cursor (device address). */
  after: string | null;
  limit: number;
}

export type NewDevice = Omit<DeviceRecord, 'current'>;

/** Fields an admin may change; null clears a descriptive field. */
export interface DevicePatch {
  gatewayId?: string;
  model?: string | null;
  serial?: string | null;
  manufacturer?: string | null;
}

export type DeviceWriteResult =
  | { ok: true }
  | {
      ok: false;
      code: 'DEVICE_EXISTS' | 'DEVICE_NOT_FOUND' | 'DEVICE_GATEWAY_NOT_FOUND' | 'GATEWAY_REVOKED';
    };

export type AssignmentChange =
  { kind: 'assign' | 'reassign'; patientId: string; from: Date } | { kind: 'unassign'; to: Date };

export type AssignmentChangeResult =
  | {
      ok: true;
      opened: { patientId: string; from: Date } | null;
      closed: { patientId: string; from: Date; to: Date } | null;
    }
  | {
      ok: false;
      code:
        | 'DEVICE_NOT_FOUND'
        | 'ASSIGNMENT_PATIENT_NOT_FOUND'
        | 'ASSIGNMENT_PATIENT_INACTIVE'
        | 'ASSIGNMENT_UNCHANGED'
        | 'ASSIGNMENT_CONFLICT'
        | 'DEVICE_ALREADY_ASSIGNED'
        | 'DEVICE_NOT_ASSIGNED';
    };

/** Port: devices and their assignments over time. Every write bumps the registry version in its transaction. */
export abstract class DeviceRepository {
  abstract list(query: DeviceListQuery, now: Date): Promise<DeviceRecord[]>;
  abstract find(address: string, now: Date): Promise<DeviceRecord | null>;
  abstract create(device: NewDevice): Promise<DeviceWriteResult>;
  abstract update(address: string, patch: DevicePatch): Promise<DeviceWriteResult>;
  /** Every assignment of the device, oldest first; null when there is no such device. */
  abstract assignments(address: string): Promise<StoredAssignment[] | null>;
  /**
   * Applies an assignment change planned by the pure rules in reassignment.ts, under a lock on the device
   * row so concurrent changes of one device serialise.
   */
  abstract changeAssignment(address: string, change: AssignmentChange): Promise<AssignmentChangeResult>;
}

@Injectable()
export class DrizzleDeviceRepository extends DeviceRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async list(query: DeviceListQuery, now: Date): Promise<DeviceRecord[]> {
    const { db } = this.database;
    const assignedNow =
      query.patientId === null
        ? undefined
        : inArray(
            devices.address,
            db
              .select({ address: deviceAssignments.deviceAddress })
              .from(deviceAssignments)
              .where(
                and(
                  eq(deviceAssignments.patientId, query.patientId),
                  lte(deviceAssignments.from, now),
                  or(isNull(deviceAssignments.to), gt(deviceAssignments.to, now)),
                ),
              ),
          );
    const rows = await db
      .select()
      .from(devices)
      .where(
        and(
          query.gatewayId === null ? undefined : eq(devices.gatewayId, query.gatewayId),
          query.after === null ? undefined : gt(devices.address, query.after),
          assignedNow,
        ),
      )
      .orderBy(asc(devices.address))
      .limit(query.limit);
    return this.withCurrent(rows, now);
  }

  async find(address: string, now: Date): Promise<DeviceRecord | null> {
    const rows = await this.database.db.select().from(devices).where(eq(devices.address, address));
    return (await this.withCurrent(rows, now))[0] ?? null;
  }

  create(device: NewDevice): Promise<DeviceWriteResult> {
    return this.database.db.transaction(async (tx): Promise<DeviceWriteResult> => {
      const [gw] = await tx
        .select({ status: gateways.status })
        .from(gateways)
        .where(eq(gateways.id, device.gatewayId));
      if (!gw) return { ok: false, code: 'DEVICE_GATEWAY_NOT_FOUND' };
      if (gw.status === 'revoked') return { ok: false, code: 'GATEWAY_REVOKED' };
      const inserted = await tx
        .insert(devices)
        .values(device)
        .onConflictDoNothing()
        .returning({ address: devices.address });
      if (inserted.length === 0) return { ok: false, code: 'DEVICE_EXISTS' };
      await bumpRegistryVersion(tx);
      return { ok: true };
    });
  }

  update(address: string, patch: DevicePatch): Promise<DeviceWriteResult> {
    return this.database.db.transaction(async (tx): Promise<DeviceWriteResult> => {
      const [device] = await tx.select().from(devices).where(eq(devices.address, address)).for('update');
      if (!device) return { ok: false, code: 'DEVICE_NOT_FOUND' };
      if (patch.gatewayId !== undefined && patch.gatewayId !== device.gatewayId) {
        const [gw] = await tx
          .select({ status: gateways.status })
          .from(gateways)
          .where(eq(gateways.id, patch.gatewayId));
        if (!gw) return { ok: false, code: 'DEVICE_GATEWAY_NOT_FOUND' };
        if (gw.status === 'revoked') return { ok: false, code: 'GATEWAY_REVOKED' };
      }
      await tx.update(devices).set(patch).where(eq(devices.address, address));
      await bumpRegistryVersion(tx);
      return { ok: true };
    });
  }

  async assignments(address: string): Promise<StoredAssignment[] | null> {
    const { db } = this.database;
    const [device] = await db
      .select({ address: devices.address })
      .from(devices)
      .where(eq(devices.address, address));
    if (!device) return null;
    return db
      .select({
        id: deviceAssignments.id,
        patientId: deviceAssignments.patientId,
        from: deviceAssignments.from,
        to: deviceAssignments.to,
      })
      .from(deviceAssignments)
      .where(eq(deviceAssignments.deviceAddress, address))
      .orderBy(asc(deviceAssignments.from), asc(deviceAssignments.id));
  }

  changeAssignment(address: string, change: AssignmentChange): Promise<AssignmentChangeResult> {
    return this.database.db.transaction(async (tx): Promise<AssignmentChangeResult> => {
      const [device] = await tx.select().from(devices).where(eq(devices.address, address)).for('update');
      if (!device) return { ok: false, code: 'DEVICE_NOT_FOUND' };
      if (change.kind !== 'unassign') {
        const [patient] = await tx
          .select({ status: patients.status })
          .from(patients)
          .where(eq(patients.id, change.patientId));
        if (!patient) return { ok: false, code: 'ASSIGNMENT_PATIENT_NOT_FOUND' };
        if (patient.status !== 'active') return { ok: false, code: 'ASSIGNMENT_PATIENT_INACTIVE' };
      }
      const existing = await tx
        .select({
          id: deviceAssignments.id,
          patientId: deviceAssignments.patientId,
          from: deviceAssignments.from,
          to: deviceAssignments.to,
        })
        .from(deviceAssignments)
        .where(eq(deviceAssignments.deviceAddress, address));
      let close: { id: number; patientId: string; from: Date; to: Date } | null = null;
      let open: { patientId: string; from: Date } | null = null;
      if (change.kind === 'unassign') {
        const plan = planUnassignment(existing, change.to);
        if (!plan.ok) return plan;
        close = plan.close;
      } else if (change.kind === 'assign') {
        const plan = planAssignment(existing, change.patientId, change.from);
        if (!plan.ok) return plan;
        open = plan.open;
      } else {
        const plan = planReassignment(existing, change.patientId, change.from);
        if (!plan.ok) return plan;
        open = plan.open;
        const closed = plan.close;
        const row = closed ? existing.find((a) => a.id === closed.id) : undefined;
        close = closed && row ? { ...closed, from: row.from } : null;
      }
      if (close) {
        await tx.update(deviceAssignments).set({ to: close.to }).where(eq(deviceAssignments.id, close.id));
      }
      if (open) {
        await tx.insert(deviceAssignments).values({ deviceAddress: address, ...open });
      }
      await bumpRegistryVersion(tx);
      return {
        ok: true,
        opened: open,
        closed: close ? { patientId: close.patientId, from: close.from, to: close.to } : null,
      };
    });
  }

  private async withCurrent(rows: (typeof devices.$inferSelect)[], now: Date): Promise<DeviceRecord[]> {
    if (rows.length === 0) return [];
    const all = await this.database.db
      .select()
      .from(deviceAssignments)
      .where(
        inArray(
          deviceAssignments.deviceAddress,
          rows.map((r) => r.address),
        ),
      );
    const byDevice = new Map<string, StoredAssignment[]>();
    for (const a of all) {
      const list = byDevice.get(a.deviceAddress) ?? [];
      list.push({ id: a.id, patientId: a.patientId, from: a.from, to: a.to });
      byDevice.set(a.deviceAddress, list);
    }
    return rows.map((r) => ({
      address: r.address,
      gatewayId: r.gatewayId,
      kind: r.kind,
      model: r.model,
      serial: r.serial,
      manufacturer: r.manufacturer,
      createdAt: r.createdAt,
      current: assignmentAt(byDevice.get(r.address) ?? [], now),
    }));
  }
}
