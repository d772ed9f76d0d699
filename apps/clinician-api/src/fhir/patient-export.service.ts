import { Injectable } from '@nestjs/common';
import { EXPORT_MAX_LIMIT, PATIENT_ID_PATTERN, type ExportPoint } from '@openward/contracts';
import {
  collectionBundleParts,
  collectionEntry,
  readingObservations,
  toConsent,
  toDocumentReference,
  type FhirResource,
} from '@openward/fhir';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { IngestHistoryClient } from '../observations/ingest-history.client.js';
import { PatientError } from '../patients/patients.errors.js';
import { FhirDevicesService } from './fhir-devices.service.js';
import { FhirPatientsService } from './fhir-patients.service.js';
import { FhirRecordsRepository } from './fhir-records.repository.js';
import { FhirError } from './fhir.errors.js';
import { PointStream, type FetchPage } from './observation-pager.js';

/** Readings up to a day ahead of now are included (device clocks may run slightly fast). */
const AHEAD_MS = 24 * 3600_000;

/**
 * GDPR right of access (Art. 15) and portability (Art. 20): everything OpenWard holds about a patient as one
 * FHIR collection Bundle (Patient, devices and gateways, every Observation of all time, notes as
 * DocumentReference, consents as Consent), streamed as JSON text so its size is not bounded by memory.
 */
@Injectable()
export class PatientExportService {
  constructor(
    private readonly access: PatientAccess,
    private readonly audit: AuditPort,
    private readonly records: FhirRecordsRepository,
    private readonly patients: FhirPatientsService,
    private readonly devices: FhirDevicesService,
    private readonly history: IngestHistoryClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks access (the patient themself or staff of the care team: an emergency break-glass grant does not
   * cover exports), audits `patient.export`, reads the records and the first page of vitals, and resolves with
   * the JSON text chunks of the Bundle. Errors before the first chunk are ordinary API errors.
   */
  async export(
    principal: Principal,
    patientId: string,
    base: string,
    meta: RequestMeta,
  ): Promise<AsyncIterable<string>> {
    if (!PATIENT_ID_PATTERN.test(patientId)) throw new PatientError('PATIENT_NOT_FOUND');
    const resource = `patients/${patientId}/export`;
    const decision = await this.access.check(principal, patientId);
    if (decision.kind === 'ALLOWED' && decision.breakGlass) {
      await this.audit.record({
        actorId: principal.userId,
        actorRole: principal.role,
        patientId,
        action: AUDIT_ACTIONS.patientExport,
        resource,
        outcome: 'denied',
        sourceIp: meta.sourceIp,
        breakGlass: true,
      });
      throw new FhirError('EXPORT_FORBIDDEN');
    }
    await this.access.require(principal, patientId, { action: AUDIT_ACTIONS.patientExport, resource }, meta);
    const now = this.clock.now();
    const notes = await this.records.notes(patientId);
    const amended = new Set(notes.flatMap((n) => (n.amends === null ? [] : [n.amends])));
    const records: FhirResource[] = [
      await this.patients.patient(patientId),
      ...(await this.devices.devicesOf(patientId)).map((e) => e.resource),
      ...notes.map((n) => toDocumentReference(n, amended.has(n.id))),
      ...(await this.records.consents(patientId)).map(toConsent),
    ];
    const fetchPage: FetchPage = (_metric, after, limit) =>
      this.history.readings({
        patientId,
        fromMs: 0,
        toMs: now.getTime() + AHEAD_MS,
        limit,
        ...(after !== null ? { after } : {}),
      });
    const stream = new PointStream(fetchPage, undefined, { after: null, skip: 0 }, EXPORT_MAX_LIMIT);
    await stream.head(); // ingest unreachable → 502 now, not a truncated file later
    return exportChunks(base, now.toISOString(), records, patientId, stream);
  }
}

/** The Bundle's JSON text: head, the record entries, one entry per Observation (reading by reading), tail. */
async function* exportChunks(
  base: string,
  timestamp: string,
  records: readonly FhirResource[],
  patientId: string,
  stream: PointStream,
): AsyncGenerator<string> {
  const parts = collectionBundleParts(timestamp);
  let first = true;
  const entry = (r: FhirResource): string => {
    const text = (first ? '' : parts.separator) + JSON.stringify(collectionEntry(base, r));
    first = false;
    return text;
  };
  yield parts.head;
  for (const r of records) yield entry(r);
  let batch: string[] = [];
  for (let head = await stream.head(); head; head = await stream.head()) {
    const reading: ExportPoint[] = [];
    for (
      let p: ExportPoint | null = head;
      p && p.readingId === head.readingId && p.measuredAt === head.measuredAt;
      p = await stream.head()
    ) {
      reading.push(p);
      stream.advance();
    }
    for (const o of readingObservations(patientId, reading)) batch.push(entry(o));
    // Fewer, larger writes: one chunk per ~256 Observations.
    if (batch.length >= 256) {
      yield batch.join('');
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join('');
  yield parts.tail;
}
