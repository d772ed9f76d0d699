import { Injectable } from '@nestjs/common';
import type { UserRole } from '@openward/contracts';
import { Database } from '../database/database.js';
import {
  careTeams,
  consents,
  deviceAssignments,
  devices,
  gateways,
  patients,
  staffCareTeams,
  staffUsers,
} from '../database/schema.js';
import { bumpRegistryVersion } from '../registry/registry.repository.js';

/** Everything the demo seed inserts, hashes already computed. */
export interface SeedWorld {
  careTeams: { id: string; name: string }[];
  patients: {
    id: string;
    displayName: string;
    careTeamId: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    gender: 'male' | 'female' | 'other' | 'unknown';
    mrn: string;
    enrolledAt: Date;
  }[];
  /** One monitoring consent per demo patient (recorded before the platform existed: no recorder). */
  consents: {
    id: string;
    patientId: string;
    kind: 'monitoring';
    version: string;
    language: string;
    method: 'paper';
    givenAt: Date;
  }[];
  /** Sign-in accounts: staff (with care teams) and patients (with their own record, no teams). */
  staff: {
    id: string;
    username: string;
    displayName: string;
    role: UserRole;
    patientId: string | null;
    passwordHash: string;
    careTeamIds: string[];
  }[];
  /** `mosquittoHash`: the same secret for Mosquitto's password file (`$7$`, external broker mode). */
  gateway: { id: string; secretHash: string; mosquittoHash: string };
  devices: { address: string; kind: string; patientId: string }[];
  assignedFrom: Date;
}

/** Port: seed persistence. */
export abstract class SeedRepository {
  /** True when no staff, patient or gateway exists (a fresh database). */
  abstract isEmpty(): Promise<boolean>;
  /** Inserts the whole world in one transaction and bumps the registry version. */
  abstract insert(world: SeedWorld): Promise<void>;
}

@Injectable()
export class DrizzleSeedRepository extends SeedRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async isEmpty(): Promise<boolean> {
    const { db } = this.database;
    const counts = await Promise.all([db.$count(staffUsers), db.$count(patients), db.$count(gateways)]);
    return counts.every((n) => n === 0);
  }

  async insert(world: SeedWorld): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.insert(careTeams).values(world.careTeams);
      await tx.insert(patients).values(world.patients);
      if (world.consents.length > 0) await tx.insert(consents).values(world.consents);
      await tx.insert(staffUsers).values(world.staff.map(({ careTeamIds: _teams, ...u }) => u));
      const memberships = world.staff.flatMap((u) =>
        u.careTeamIds.map((careTeamId) => ({ userId: u.id, careTeamId })),
      );
      if (memberships.length > 0) await tx.insert(staffCareTeams).values(memberships);
      await tx.insert(gateways).values({ ...world.gateway, status: 'active' });
      await tx
        .insert(devices)
        .values(
          world.devices.map((d) => ({ address: d.address, gatewayId: world.gateway.id, kind: d.kind })),
        );
      await tx.insert(deviceAssignments).values(
        world.devices.map((d) => ({
          deviceAddress: d.address,
          patientId: d.patientId,
          from: world.assignedFrom,
        })),
      );
      await bumpRegistryVersion(tx);
    });
  }
}
