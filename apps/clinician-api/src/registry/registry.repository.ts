import { Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { Database } from '../database/database.js';
import { deviceAssignments, devices, gateways, registryState } from '../database/schema.js';
import type { RegistryContent } from './registry-snapshot.js';

/** Port: the registry as the feed exports it (writes live in the gateway and device repositories). */
export abstract class RegistryRepository {
  /** Current content and version, read in one transaction (consistent snapshot). */
  abstract read(): Promise<{ version: number; content: RegistryContent }>;
  /** Raises the stored version to at least `min` (used when the file on disk or a feed client is ahead). */
  abstract raiseVersion(min: number): Promise<void>;
  /** The stored version alone (a one-row read, polled while feed requests wait). */
  abstract version(): Promise<number>;
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
