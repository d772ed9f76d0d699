import { Injectable } from '@nestjs/common';
import { PATIENT_ID_PATTERN } from '@openward/contracts';
import {
  parseDeviceId,
  parseReferenceParam,
  searchsetBundle,
  toPhdDevice,
  toPhgDevice,
  type Bundle,
  type Device,
  type SearchEntry,
} from '@openward/fhir';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { currentPatient, owningPatient } from './device-assignment.js';
import { FhirRecordsRepository, type DeviceWithAssignments } from './fhir-records.repository.js';
import { one, searchUrl, type FhirQuery } from './fhir-request.js';
import { FhirError } from './fhir.errors.js';

/**
 * Devices: a PHD is readable by whoever may see the patient it is (or was last) assigned to; a gateway (PHG) by
 * whoever may see one of the patients it serves. Never-assigned devices are not served.
 */
@Injectable()
export class FhirDevicesService {
  constructor(
    private readonly access: PatientAccess,
    private readonly records: FhirRecordsRepository,
    private readonly clock: Clock,
  ) {}

  async read(principal: Principal, id: string, meta: RequestMeta): Promise<Device> {
    const ref = parseDeviceId(id);
    if (!ref) throw new FhirError('FHIR_NOT_FOUND', `Device/${id}`);
    const request = { action: AUDIT_ACTIONS.fhirRead, resource: `fhir/Device/${id}` };
    const now = this.clock.now();
    if (ref.kind === 'phd') {
      const d = await this.records.device(ref.address);
      const owner = d ? owningPatient(d.assignments, now) : null;
      if (!d || !owner) throw new FhirError('FHIR_NOT_FOUND', `Device/${id}`);
      await this.access.require(principal, owner, request, meta);
      return this.phd(d, now);
    }
    const [gateway] = await this.records.gateways([ref.gatewayId]);
    const patients = gateway ? await this.records.patientIdsOfGateway(gateway.id, now) : [];
    const firstPatient = patients[0];
    if (!gateway || firstPatient === undefined) throw new FhirError('FHIR_NOT_FOUND', `Device/${id}`);
    // The first patient the caller may see decides; if none, the refusal is audited against the first one.
    let chosen = firstPatient;
    for (const p of patients) {
      if ((await this.access.check(principal, p)).kind === 'ALLOWED') {
        chosen = p;
        break;
      }
    }
    await this.access.require(principal, chosen, request, meta);
    return toPhgDevice(gateway);
  }

  /** `GET Device?patient=`: the patient's devices (match) and the gateways they report through (include). */
  async search(principal: Principal, q: FhirQuery, base: string, meta: RequestMeta): Promise<Bundle> {
    const ref = one(q, 'patient');
    if (ref === undefined) throw new FhirError('FHIR_PATIENT_REQUIRED');
    const parsed = parseReferenceParam(ref, 'Patient');
    if (!parsed.ok) throw new FhirError('FHIR_BAD_PARAMETER', parsed.message);
    const patientId = parsed.value;
    if (!PATIENT_ID_PATTERN.test(patientId))
      throw new FhirError('FHIR_BAD_PARAMETER', 'patient is not a patient id');
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.fhirSearch, resource: `fhir/Device?patient=${patientId}` },
      meta,
    );
    const entries = await this.devicesOf(patientId);
    return searchsetBundle(entries, {
      base,
      self: searchUrl(base, 'Device', [['patient', patientId]]),
      next: null,
      timestamp: this.clock.now().toISOString(),
    });
  }

  /** A patient's devices and their gateways (after the caller's access was checked). */
  async devicesOf(patientId: string): Promise<SearchEntry[]> {
    const now = this.clock.now();
    const devices = await this.records.devicesOfPatient(patientId);
    const gateways = await this.records.gateways([...new Set(devices.map((d) => d.device.gatewayId))]);
    return [
      ...devices.map((d) => ({ resource: this.phd(d, now, patientId), mode: 'match' as const })),
      ...gateways.map((g) => ({ resource: toPhgDevice(g), mode: 'include' as const })),
    ];
  }

  /**
   * `Device.patient` only names the current patient, and in a patient's own listing only that patient:
   * a device handed on to someone else never links one patient to another.
   */
  private phd(d: DeviceWithAssignments, now: Date, forPatient?: string): Device {
    const current = currentPatient(d.assignments, now);
    const shown = forPatient === undefined || current === forPatient ? current : null;
    return toPhdDevice({ ...d.device, currentPatientId: shown });
  }
}
