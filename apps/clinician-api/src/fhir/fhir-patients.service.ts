import { Injectable } from '@nestjs/common';
import { PATIENT_ID_PATTERN } from '@openward/contracts';
import {
  fromFhirId,
  parseCount,
  parseDateParams,
  parseToken,
  searchsetBundle,
  SYSTEMS,
  toPatient,
  toPractitioner,
  type Bundle,
  type Patient,
  type Practitioner,
  type SearchEntry,
} from '@openward/fhir';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { PatientError } from '../patients/patients.errors.js';
import { FhirDevicesService } from './fhir-devices.service.js';
import {
  FhirObservationsService,
  OBSERVATION_PAGE_DEFAULT,
  OBSERVATION_PAGE_MAX,
} from './fhir-observations.service.js';
import { FhirRecordsRepository } from './fhir-records.repository.js';
import { one, searchUrl, type FhirQuery } from './fhir-request.js';
import { FhirError } from './fhir.errors.js';

const PATIENT_PAGE_DEFAULT = 50;
const PATIENT_PAGE_MAX = 200;

/** Patient read, search and $everything; Practitioner read. */
@Injectable()
export class FhirPatientsService {
  constructor(
    private readonly access: PatientAccess,
    private readonly audit: AuditPort,
    private readonly records: FhirRecordsRepository,
    private readonly observations: FhirObservationsService,
    private readonly devices: FhirDevicesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async read(principal: Principal, fhirId: string, meta: RequestMeta): Promise<Patient> {
    const id = patientIdOf(fhirId);
    await this.access.require(
      principal,
      id,
      { action: AUDIT_ACTIONS.fhirRead, resource: `fhir/Patient/${id}` },
      meta,
    );
    return this.patient(id);
  }

  /**
   * `GET Patient?_id=&identifier=&_count=&_getpages=`: only patients the caller may see (care teams; a patient
   * sees only themself; a clinician's break-glass patient when named by `_id`). Each patient returned is
   * audited as a `fhir.search` access.
   */
  async search(principal: Principal, q: FhirQuery, base: string, meta: RequestMeta): Promise<Bundle> {
    const count = parseCount(one(q, '_count'), PATIENT_PAGE_DEFAULT, PATIENT_PAGE_MAX);
    if (!count.ok) throw new FhirError('FHIR_BAD_PARAMETER', count.message);
    const offset = offsetOf(one(q, '_getpages'));
    const ids = one(q, '_id');
    const identifier = one(q, 'identifier');
    let candidates: string[] | null = null;
    if (ids !== undefined) {
      candidates = ids.split(',').flatMap((x) => {
        const id = fromFhirId(x);
        return id !== null && PATIENT_ID_PATTERN.test(id) ? [id] : [];
      });
    }
    if (identifier !== undefined) {
      const byIdentifier = await this.byIdentifier(identifier);
      candidates = candidates === null ? byIdentifier : candidates.filter((c) => byIdentifier.includes(c));
    }
    if (candidates === null) {
      candidates =
        principal.role === 'patient'
          ? principal.patientId
            ? [principal.patientId]
            : []
          : await this.records.patientIdsOfCareTeams(principal.careTeams);
    }
    const visible: string[] = [];
    for (const id of [...new Set(candidates)].sort()) {
      if ((await this.access.check(principal, id)).kind === 'ALLOWED') visible.push(id);
    }
    const pageIds = visible.slice(offset, offset + count.value);
    const entries: SearchEntry[] = [];
    for (const id of pageIds) {
      await this.access.require(
        principal,
        id,
        { action: AUDIT_ACTIONS.fhirSearch, resource: 'fhir/Patient' },
        meta,
      );
      entries.push({ resource: await this.patient(id), mode: 'match' });
    }
    if (pageIds.length === 0) {
      await this.audit.record({
        actorId: principal.userId,
        actorRole: principal.role,
        patientId: null,
        action: AUDIT_ACTIONS.fhirSearch,
        resource: 'fhir/Patient',
        outcome: 'success',
        sourceIp: meta.sourceIp,
        detail: { matches: 0 },
      });
    }
    const params: [string, string][] = [];
    if (ids !== undefined) params.push(['_id', ids]);
    if (identifier !== undefined) params.push(['identifier', identifier]);
    params.push(['_count', String(count.value)]);
    const nextOffset = offset + count.value;
    return searchsetBundle(entries, {
      base,
      self: searchUrl(
        base,
        'Patient',
        offset > 0 ? [...params, ['_getpages', encodeOffset(offset)]] : params,
      ),
      next:
        nextOffset < visible.length
          ? searchUrl(base, 'Patient', [...params, ['_getpages', encodeOffset(nextOffset)]])
          : null,
      timestamp: this.clock.now().toISOString(),
      total: visible.length,
    });
  }

  /**
   * `GET Patient/:id/$everything?start=&end=&_count=&_getpages=`: the first page holds the Patient, their
   * devices and gateways, then Observations (device status included) in the date range; later pages hold
   * Observations only.
   */
  async everything(
    principal: Principal,
    fhirId: string,
    q: FhirQuery,
    base: string,
    meta: RequestMeta,
  ): Promise<Bundle> {
    const id = patientIdOf(fhirId);
    const start = one(q, 'start');
    const end = one(q, 'end');
    const range = parseDateParams([...(start ? [`ge${start}`] : []), ...(end ? [`le${end}`] : [])]);
    if (!range.ok) throw new FhirError('FHIR_BAD_PARAMETER', range.message);
    const count = parseCount(one(q, '_count'), OBSERVATION_PAGE_DEFAULT, OBSERVATION_PAGE_MAX);
    if (!count.ok) throw new FhirError('FHIR_BAD_PARAMETER', count.message);
    const rawCursor = one(q, '_getpages');
    const cursor = this.observations.cursorOf(rawCursor, id);
    await this.access.require(
      principal,
      id,
      { action: AUDIT_ACTIONS.fhirRead, resource: `fhir/Patient/${id}/$everything` },
      meta,
    );
    const head: SearchEntry[] = cursor
      ? []
      : [{ resource: await this.patient(id), mode: 'match' }, ...(await this.devices.devicesOf(id))];
    const page = await this.observations.page({
      patientId: id,
      ...this.observations.window(range.value.fromMs, range.value.toMs),
      metrics: null,
      count: count.value,
      includeDeviceStatus: true,
      cursor,
    });
    const path = `Patient/${fhirId}/$everything`;
    const params: [string, string][] = [];
    if (start) params.push(['start', start]);
    if (end) params.push(['end', end]);
    params.push(['_count', String(count.value)]);
    return searchsetBundle(
      [...head, ...page.observations.map((resource) => ({ resource, mode: 'match' as const }))],
      {
        base,
        self: searchUrl(base, path, rawCursor ? [...params, ['_getpages', rawCursor]] : params),
        next: page.next === null ? null : searchUrl(base, path, [...params, ['_getpages', page.next]]),
        timestamp: this.clock.now().toISOString(),
      },
    );
  }

  /** `GET Practitioner/:id` (staff only, by route policy): a staff member's id and name. */
  async practitioner(principal: Principal, fhirId: string, meta: RequestMeta): Promise<Practitioner> {
    const id = fromFhirId(fhirId);
    const staff = id === null ? null : await this.records.staff(id);
    await this.audit.record({
      actorId: principal.userId,
      actorRole: principal.role,
      patientId: null,
      action: AUDIT_ACTIONS.fhirRead,
      resource: `fhir/Practitioner/${fhirId}`,
      outcome: staff ? 'success' : 'failure',
      sourceIp: meta.sourceIp,
    });
    if (!staff) throw new FhirError('FHIR_NOT_FOUND', `Practitioner/${fhirId}`);
    return toPractitioner(staff);
  }

  /** The Patient resource of a record the caller was granted. */
  async patient(id: string): Promise<Patient> {
    const record = await this.records.patient(id);
    if (!record || record.status === 'erased') throw new PatientError('PATIENT_NOT_FOUND');
    return toPatient(record, { mrnSystem: this.config.fhirMrnSystem });
  }

  /** Patients named by an identifier token: an MRN (hospital system or none) or OpenWard's own id. */
  private async byIdentifier(raw: string): Promise<string[]> {
    const t = parseToken(raw);
    if (!t.ok) throw new FhirError('FHIR_BAD_PARAMETER', `identifier: ${t.message}`);
    const { system, code } = t.value;
    if (code === undefined) throw new FhirError('FHIR_BAD_PARAMETER', 'identifier needs a value');
    const out: string[] = [];
    if (system === undefined || system === this.config.fhirMrnSystem)
      out.push(...(await this.records.patientIdsByMrn(code)));
    if ((system === undefined || system === SYSTEMS.openwardPatient) && PATIENT_ID_PATTERN.test(code))
      out.push(code);
    return out;
  }
}

/** The patient record id behind a Patient FHIR id; an impossible one is simply not found. */
function patientIdOf(fhirId: string): string {
  const id = fromFhirId(fhirId);
  if (id === null || !PATIENT_ID_PATTERN.test(id)) throw new PatientError('PATIENT_NOT_FOUND');
  return id;
}

/** `_getpages` of a Patient search: an offset, `p1.<n>`. */
function encodeOffset(offset: number): string {
  return `p1.${offset}`;
}

function offsetOf(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const m = /^p1\.(\d{1,6})$/.exec(raw);
  if (!m) throw new FhirError('FHIR_BAD_CURSOR');
  return Number(m[1]);
}
