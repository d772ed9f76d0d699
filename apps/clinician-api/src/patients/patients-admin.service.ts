import { Injectable } from '@nestjs/common';
import {
  PAGE_DEFAULT_LIMIT,
  PATIENT_PAGE_MAX_LIMIT,
  type PatientRecord,
  type PatientRecordPage,
} from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort } from '../audit/audit.port.js';
import { adminAudit } from '../audit/audit-entry.js';
import { CommonError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { pageRequestOrThrow, toPage } from '../common/pagination.js';
import { normaliseSearch } from './patient-list-scope.js';
import { fullName, nextDisplayName, toRecord } from './patient-mappers.js';
import {
  isCalendarDate,
  type AdminPatientListQueryDto,
  type CreatePatientDto,
  type UpdatePatientDto,
} from './patients.dto.js';
import { PatientError } from './patients.errors.js';
import { isUniqueViolation, PatientRepository, type PatientPatch } from './patients.repository.js';
import { RecordIds } from './record-ids.js';

/**
 * Admin management of patient records (enrolment, demographics, care team, discharge). Admins hold no care
 * team, so these routes are role-guarded instead of going through PatientAccess; every call is audited.
 */
@Injectable()
export class PatientsAdminService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
    private readonly ids: RecordIds,
  ) {}

  /** Every patient record (erased ones too unless a status is asked for), ordered by display name. */
  async list(
    principal: Principal,
    query: AdminPatientListQueryDto,
    meta: RequestMeta,
  ): Promise<PatientRecordPage> {
    const search = normaliseSearch(query.q);
    const page = pageRequestOrThrow(query, {
      arity: 2,
      defaultLimit: PAGE_DEFAULT_LIMIT,
      maxLimit: PATIENT_PAGE_MAX_LIMIT,
    });
    const rows = await this.patients.list({
      scope: { kind: 'all' },
      search,
      status: query.status ?? null,
      includeErased: true,
      after: page.after,
      fetch: page.limit + 1,
    });
    const { items, next } = toPage(rows, page.limit, (r) => [r.displayName, r.id]);
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.patientList, 'admin/patients', 'success', null, {
        count: items.length,
        search: search !== null,
      }),
    );
    return { items: items.map(toRecord), next };
  }

  async create(principal: Principal, dto: CreatePatientDto, meta: RequestMeta): Promise<PatientRecord> {
    const now = this.clock.now();
    checkBirthDate(dto.birthDate, now);
    if (!(await this.patients.careTeamExists(dto.careTeamId)))
      throw new PatientError('PATIENT_CARE_TEAM_UNKNOWN');
    if ((await this.patients.mrnHolder(dto.mrn)) !== null) throw new PatientError('PATIENT_MRN_TAKEN');
    const id = dto.id ?? this.ids.next('p');
    let inserted: boolean;
    try {
      inserted = await this.patients.insert(
        {
          id,
          displayName: dto.displayName ?? fullName(dto.givenName, dto.familyName),
          careTeamId: dto.careTeamId,
          givenName: dto.givenName,
          familyName: dto.familyName,
          birthDate: dto.birthDate,
          gender: dto.gender,
          mrn: dto.mrn,
          enrolledAt: dto.enrolledAt === undefined ? now : new Date(dto.enrolledAt),
        },
        now,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new PatientError('PATIENT_MRN_TAKEN');
      throw e;
    }
    if (!inserted) throw new PatientError('PATIENT_ID_TAKEN');
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.patientCreate, `admin/patients/${id}`, 'success', id, {
        careTeamId: dto.careTeamId,
      }),
    );
    const row = await this.patients.findById(id);
    if (!row) throw new PatientError('PATIENT_NOT_FOUND');
    return toRecord(row);
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdatePatientDto,
    meta: RequestMeta,
  ): Promise<PatientRecord> {
    const old = await this.patients.findById(id);
    if (!old) throw new PatientError('PATIENT_NOT_FOUND');
    if (old.status === 'erased') throw new PatientError('PATIENT_ERASED');
    if (dto.birthDate !== undefined) checkBirthDate(dto.birthDate, this.clock.now());
    if (dto.careTeamId !== undefined && !(await this.patients.careTeamExists(dto.careTeamId))) {
      throw new PatientError('PATIENT_CARE_TEAM_UNKNOWN');
    }
    if (dto.mrn !== undefined) {
      const holder = await this.patients.mrnHolder(dto.mrn);
      if (holder !== null && holder !== id) throw new PatientError('PATIENT_MRN_TAKEN');
    }
    const patch: PatientPatch = {
      ...pick(dto, ['careTeamId', 'givenName', 'familyName', 'birthDate', 'gender', 'mrn', 'status']),
      ...(dto.enrolledAt === undefined ? {} : { enrolledAt: new Date(dto.enrolledAt) }),
    };
    const displayName = nextDisplayName(old, dto);
    if (displayName !== old.displayName) patch.displayName = displayName;
    let row;
    try {
      row = await this.patients.update(id, patch);
    } catch (e) {
      if (isUniqueViolation(e)) throw new PatientError('PATIENT_MRN_TAKEN');
      throw e;
    }
    if (!row) throw new PatientError('PATIENT_NOT_FOUND');
    // Field names only: the values are demographics (PHI), except the team and the status.
    await this.audit.record(
      adminAudit(principal, meta, AUDIT_ACTIONS.patientUpdate, `admin/patients/${id}`, 'success', id, {
        fields: Object.keys(patch).sort().join(','),
        careTeamId: row.careTeamId,
        status: row.status,
      }),
    );
    return toRecord(row);
  }
}

function checkBirthDate(birthDate: string, now: Date): void {
  if (!isCalendarDate(birthDate) || birthDate > now.toISOString().slice(0, 10)) {
    throw new CommonError('BAD_REQUEST', 'birthDate must be a real date, not in the future');
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
