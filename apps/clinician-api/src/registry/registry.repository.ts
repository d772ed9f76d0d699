import { Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { deviceAssignments, devices, gateways, registryState } from '../database/schema.js';
import type { RegistryContent } from './registry-snapshot.js';

/** Port: the registry tables. */
export abstract class RegistryRepository {
  /** Current content and version, read in one transaction (consistent snapshot). */
  abstract read(): Promise<{ version: number; content: RegistryContent }>;
  /** Raises the stored version to at least `min` (used when the file on disk is ahead). */
  abstract raiseVersion(min: number): Promise<void>;
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
          gateways: gw.map((g) => ({ id: g.id, secretHash: g.secretHash, status: g.status })),
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
