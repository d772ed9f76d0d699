import { Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { deviceAssignments, devices, gateways, patients, registryState } from '../database/schema.js';
import { planReassignment } from './reassignment.js';
import type { RegistryContent } from './registry-snapshot.js';

/** Result of {@link RegistryRepository.reassignDevice}. */
export type ReassignResult =
  | { ok: true; previous: { patientId: string; to: Date } | null }
  | {
      ok: false;
      code:
        'DEVICE_NOT_FOUND' | 'ASSIGNMENT_PATIENT_NOT_FOUND' | 'ASSIGNMENT_UNCHANGED' | 'ASSIGNMENT_CONFLICT';
    };

/** Port: the registry tables. */
export abstract class RegistryRepository {
  /** Current content and version, read in one transaction (consistent snapshot). */
  abstract read(): Promise<{ version: number; content: RegistryContent }>;
  /** Raises the stored version to at least `min` (used when the file on disk or a feed client is ahead). */
  abstract raiseVersion(min: number): Promise<void>;
  /** The stored version alone (a one-row read, polled while feed requests wait). */
  abstract version(): Promise<number>;
  /** Sets the gateway's status to revoked (version bumped when it changed). */
  abstract revokeGateway(id: string): Promise<'revoked' | 'already_revoked' | 'not_found'>;
  /**
   * Ends the device's open assignment at `from` and assigns it to `patientId` from `from`, in one transaction
   * with a version bump (rules: `planReassignment`).
   */
  abstract reassignDevice(address: string, patientId: string, from: Date): Promise<ReassignResult>;
}

@Injectable()
export class DrizzleRegistryRepository extends RegistryRepository {
  constructor(private readonly database: Database) {
    super();
  }

  read(): Promise<{ version: number; content: RegistryContent }> {
    return this.database.db.transaction(async (tx) => {
      const [state] = await tx.select().from(registryState).where(eq(registryState.id, 1));
      const gw = await tx.select().from(gateways).orderBy(asc(gateways.id));
      const dev = await tx.select().from(devices).orderBy(asc(devices.address));
      const asg = await tx
        .select()
        .from(deviceAssignments)
        .orderBy(asc(deviceAssignments.deviceAddress), asc(deviceAssignments.from));
      return {
        version: state?.version ?? 0,
        content: {
          // A pending gateway has no credentials yet, so ingest has nothing to know about it.
          gateways: gw.flatMap((g) =>
            g.status === 'pending' || g.secretHash === null
              ? []
              : [
                  {
                    id: g.id,
                    secretHash: g.secretHash,
                    ...(g.mosquittoHash === null ? {} : { mosquittoHash: g.mosquittoHash }),
                    status: g.status,
                  },
                ],
          ),
          devices: dev.map((d) => ({ address: d.address, gatewayId: d.gatewayId, kind: d.kind })),
          assignments: asg.map((a) => ({
            deviceAddress: a.deviceAddress,
            patientId: a.patientId,
            from: a.from.toISOString(),
            to: a.to ? a.to.toISOString() : null,
          })),
        },
      };
    });
  }

  async version(): Promise<number> {
    const [state] = await this.database.db
      .select({ version: registryState.version })
      .from(registryState)
      .where(eq(registryState.id, 1));
    return state?.version ?? 0;
  }

  revokeGateway(id: string): Promise<'revoked' | 'already_revoked' | 'not_found'> {
    return this.database.db.transaction(async (tx) => {
      const [gw] = await tx.select().from(gateways).where(eq(gateways.id, id)).for('update');
      if (!gw) return 'not_found';
      if (gw.status === 'revoked') return 'already_revoked';
      await tx.update(gateways).set({ status: 'revoked' }).where(eq(gateways.id, id));
      await bumpRegistryVersion(tx);
      return 'revoked';
    });
  }

  reassignDevice(address: string, patientId: string, from: Date): Promise<ReassignResult> {
    return this.database.db.transaction(async (tx): Promise<ReassignResult> => {
      const [device] = await tx.select().from(devices).where(eq(devices.address, address)).for('update');
      if (!device) return { ok: false, code: 'DEVICE_NOT_FOUND' };
      const [patient] = await tx.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId));
      if (!patient) return { ok: false, code: 'ASSIGNMENT_PATIENT_NOT_FOUND' };
      const existing = await tx
        .select()
        .from(deviceAssignments)
        .where(eq(deviceAssignments.deviceAddress, address));
      const plan = planReassignment(existing, patientId, from);
      if (!plan.ok) return plan;
      if (plan.close) {
        await tx
          .update(deviceAssignments)
          .set({ to: plan.close.to })
          .where(eq(deviceAssignments.id, plan.close.id));
      }
      await tx
        .insert(deviceAssignments)
        .values({ deviceAddress: address, patientId: plan.open.patientId, from: plan.open.from });
      await bumpRegistryVersion(tx);
      return {
        ok: true,
        previous: plan.close ? { patientId: plan.close.patientId, to: plan.close.to } : null,
      };
    });
  }

  async raiseVersion(min: number): Promise<void> {
    await this.database.db
      .update(registryState)
      .set({ version: sql`greatest(${registryState.version}, ${min})` })
      .where(eq(registryState.id, 1));
  }
}

/** Bumps the registry version inside a caller's transaction; every registry write must call it. */
export async function bumpRegistryVersion(tx: Pick<Database['db'], 'update'>): Promise<void> {
  await tx
    .update(registryState)
    .set({ version: sql`${registryState.version} + 1` })
    .where(eq(registryState.id, 1));
}
