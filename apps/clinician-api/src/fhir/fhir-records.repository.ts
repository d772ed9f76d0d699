import { Injectable } from '@nestjs/common';
import type {
  ConsentRecord,
  DeviceRecord,
  GatewayRecord,
  NoteRecord,
  PatientRecord,
  StaffRecord,
} from '@openward/fhir';
import { and, asc, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { Database } from '../database/database.js';
import {
  consents,
  deviceAssignments,
  devices,
  gateways,
  notes,
  patients,
  staffUsers,
} from '../database/schema.js';

/** A registry device with the patients it was assigned to, newest assignment first. */
export interface DeviceWithAssignments {
  readonly device: Omit<DeviceRecord, 'currentPatientId'>;
  readonly assignments: readonly { patientId: string; from: Date; to: Date | null }[];
}

/**
 * Port: the records the FHIR view and the GDPR export read (patients, staff, registry, notes, consents).
 * Read-only; the features owning these tables write them.
 */
export abstract class FhirRecordsRepository {
  abstract patient(id: string): Promise<PatientRecord | null>;
  /** Ids of the patients in these care teams (not erased), ordered by id. */
  abstract patientIdsOfCareTeams(careTeamIds: readonly string[]): Promise<string[]>;
  /** Ids of the patients (not erased) with this medical record number. */
  abstract patientIdsByMrn(mrn: string): Promise<string[]>;
  /** A staff member (never a patient account). */
  abstract staff(id: string): Promise<StaffRecord | null>;
  abstract device(address: string): Promise<DeviceWithAssignments | null>;
  /** Every device ever assigned to the patient. */
  abstract devicesOfPatient(patientId: string): Promise<DeviceWithAssignments[]>;
  abstract gateways(ids: readonly string[]): Promise<GatewayRecord[]>;
  /** Patients with a device of this gateway assigned at `at`; if none, those it ever served. */
  abstract patientIdsOfGateway(gatewayId: string, at: Date): Promise<string[]>;
  abstract notes(patientId: string): Promise<NoteRecord[]>;
  abstract consents(patientId: string): Promise<ConsentRecord[]>;
}

const iso = (d: Date): string => d.toISOString();

@Injectable()
export class DrizzleFhirRecordsRepository extends FhirRecordsRepository {
  constructor(private readonly database: Database) {
    super();
  }

  async patient(id: string): Promise<PatientRecord | null> {
    const [row] = await this.database.db
      .select({
        id: patients.id,
        displayName: patients.displayName,
        givenName: patients.givenName,
        familyName: patients.familyName,
        birthDate: patients.birthDate,
        gender: patients.gender,
        mrn: patients.mrn,
        status: patients.status,
      })
      .from(patients)
      .where(eq(patients.id, id))
      .limit(1);
    return row ?? null;
  }

  async patientIdsOfCareTeams(careTeamIds: readonly string[]): Promise<string[]> {
    if (careTeamIds.length === 0) return [];
    const rows = await this.database.db
      .select({ id: patients.id })
      .from(patients)
      .where(
        and(
          inArray(patients.careTeamId, [...careTeamIds]),
          or(eq(patients.status, 'active'), eq(patients.status, 'discharged')),
        ),
      )
      .orderBy(asc(patients.id));
    return rows.map((r) => r.id);
  }

  async patientIdsByMrn(mrn: string): Promise<string[]> {
    const rows = await this.database.db
      .select({ id: patients.id, status: patients.status })
      .from(patients)
      .where(eq(patients.mrn, mrn));
    return rows.filter((r) => r.status !== 'erased').map((r) => r.id);
  }

  async staff(id: string): Promise<StaffRecord | null> {
    const [row] = await this.database.db
      .select({
        id: staffUsers.id,
        displayName: staffUsers.displayName,
        role: staffUsers.role,
        disabledAt: staffUsers.disabledAt,
      })
      .from(staffUsers)
      .where(eq(staffUsers.id, id))
      .limit(1);
    if (!row || row.role === 'patient') return null;
    return { id: row.id, displayName: row.displayName, disabled: row.disabledAt !== null };
  }

  async device(address: string): Promise<DeviceWithAssignments | null> {
    const [row] = await this.database.db.select().from(devices).where(eq(devices.address, address)).limit(1);
    if (!row) return null;
    const assignments = await this.database.db
      .select({
        patientId: deviceAssignments.patientId,
        from: deviceAssignments.from,
        to: deviceAssignments.to,
      })
      .from(deviceAssignments)
      .where(eq(deviceAssignments.deviceAddress, address))
      .orderBy(desc(deviceAssignments.from));
    return { device: deviceRecord(row), assignments };
  }

  async devicesOfPatient(patientId: string): Promise<DeviceWithAssignments[]> {
    const rows = await this.database.db
      .selectDistinct({ address: deviceAssignments.deviceAddress })
      .from(deviceAssignments)
      .where(eq(deviceAssignments.patientId, patientId))
      .orderBy(asc(deviceAssignments.deviceAddress));
    const out: DeviceWithAssignments[] = [];
    for (const r of rows) {
      const d = await this.device(r.address);
      if (d) out.push(d);
    }
    return out;
  }

  async gateways(ids: readonly string[]): Promise<GatewayRecord[]> {
    if (ids.length === 0) return [];
    return this.database.db
      .select({ id: gateways.id, status: gateways.status })
      .from(gateways)
      .where(inArray(gateways.id, [...ids]))
      .orderBy(asc(gateways.id));
  }

  async patientIdsOfGateway(gatewayId: string, at: Date): Promise<string[]> {
    const base = this.database.db
      .selectDistinct({ patientId: deviceAssignments.patientId })
      .from(deviceAssignments)
      .innerJoin(devices, eq(devices.address, deviceAssignments.deviceAddress));
    const current = await base
      .where(
        and(
          eq(devices.gatewayId, gatewayId),
          lte(deviceAssignments.from, at),
          or(isNull(deviceAssignments.to), gt(deviceAssignments.to, at)),
        ),
      )
      .orderBy(asc(deviceAssignments.patientId));
    if (current.length > 0) return current.map((r) => r.patientId);
    const ever = await this.database.db
      .selectDistinct({ patientId: deviceAssignments.patientId })
      .from(deviceAssignments)
      .innerJoin(devices, eq(devices.address, deviceAssignments.deviceAddress))
      .where(eq(devices.gatewayId, gatewayId))
      .orderBy(asc(deviceAssignments.patientId));
    return ever.map((r) => r.patientId);
  }

  async notes(patientId: string): Promise<NoteRecord[]> {
    const rows = await this.database.db
      .select()
      .from(notes)
      .where(eq(notes.patientId, patientId))
      .orderBy(asc(notes.createdAt), asc(notes.id));
    return rows.map((n) => ({
      id: n.id,
      patientId: n.patientId,
      authorId: n.authorId,
      kind: n.kind,
      body: n.body,
      amends: n.amends,
      createdAt: iso(n.createdAt),
    }));
  }

  async consents(patientId: string): Promise<ConsentRecord[]> {
    const rows = await this.database.db
      .select()
      .from(consents)
      .where(eq(consents.patientId, patientId))
      .orderBy(asc(consents.givenAt), asc(consents.id));
    return rows.map((c) => ({
      id: c.id,
      patientId: c.patientId,
      kind: c.kind,
      version: c.version,
      language: c.language,
      method: c.method,
      givenAt: iso(c.givenAt),
      withdrawnAt: c.withdrawnAt ? iso(c.withdrawnAt) : null,
    }));
  }
}

function deviceRecord(row: typeof devices.$inferSelect): Omit<DeviceRecord, 'currentPatientId'> {
  return {
    address: row.address,
    gatewayId: row.gatewayId,
    kind: row.kind,
    model: row.model,
    serial: row.serial,
    manufacturer: row.manufacturer,
  };
}
