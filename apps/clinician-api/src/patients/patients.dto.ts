import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GENDERS,
  METRIC_NAMES,
  PATIENT_ID_PATTERN,
  PATIENT_PAGE_MAX_LIMIT,
  PATIENT_STATUSES,
  type Gender,
  type LatestVital,
  type LatestVitalsResponse,
  type Metric,
  type MonitoringConsent,
  type PatientDetail,
  type PatientListItem,
  type PatientRecord,
  type PatientStatus,
} from '@openward/contracts';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination.js';

/** ISO 8601 instant with an explicit zone (`Z` or `±hh:mm`): no ambiguous local times. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** Calendar date; its validity (no 30 February) is checked by {@link isCalendarDate}. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Text with at least one non-space character and no leading/trailing space. */
export const TRIMMED = /^\S(.*\S)?$/s;
/** Printable ASCII without spaces (hospital MRN formats vary). */
export const MRN_PATTERN = /^[\x21-\x7e]{1,64}$/;

/** True for a real `YYYY-MM-DD` date. Pure. */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `GET /api/patients` query. */
export class PatientListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: `Search by name or MRN prefix (staff only; never logged or audited). Page size up to ${PATIENT_PAGE_MAX_LIMIT}.`,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    enum: ['latest'],
    description: "`latest`: each patient's latest vitals (one bulk call to ingest)",
  })
  @IsOptional()
  @IsIn(['latest'])
  include?: 'latest';

  @ApiPropertyOptional({ enum: ['active', 'discharged'], description: 'Default: both' })
  @IsOptional()
  @IsIn(['active', 'discharged'])
  status?: 'active' | 'discharged';
}

/** `GET /api/admin/patients` query (erased records included unless a status is given). */
export class AdminPatientListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search by name or MRN prefix (never logged or audited)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;
}

/** Body of `POST /api/admin/patients`. */
export class CreatePatientDto {
  @ApiPropertyOptional({ description: 'Opaque id (default: generated `p-…`)', example: 'p-2001' })
  @IsOptional()
  @IsString()
  @Matches(PATIENT_ID_PATTERN)
  id?: string;

  @ApiPropertyOptional({ description: 'Name on screens (default: given + family name)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'displayName must not be blank or padded' })
  displayName?: string;

  @ApiProperty({ example: 'Ada' })
  @IsString()
  @Length(1, 100)
  @Matches(TRIMMED, { message: 'givenName must not be blank or padded' })
  givenName!: string;

  @ApiProperty({ example: 'Example' })
  @IsString()
  @Length(1, 100)
  @Matches(TRIMMED, { message: 'familyName must not be blank or padded' })
  familyName!: string;

  @ApiProperty({ example: '1948-03-14', description: 'YYYY-MM-DD, not in the future' })
  @IsString()
  @Matches(ISO_DATE, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate!: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiProperty({ example: 'OW-0001001', description: 'Medical record number (unique)' })
  @IsString()
  @Matches(MRN_PATTERN, { message: 'mrn must be 1..64 printable characters without spaces' })
  mrn!: string;

  @ApiProperty({ example: 'team-north' })
  @IsString()
  @Length(1, 64)
  careTeamId!: string;

  @ApiPropertyOptional({ description: 'RPM enrolment start (default: now)', example: '2026-11-01T09:00:00Z' })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'enrolledAt must be an ISO 8601 date-time with a zone' })
  enrolledAt?: string;
}

/** Body of `PATCH /api/admin/patients/:id`: only the fields to change. */
export class UpdatePatientDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'displayName must not be blank or padded' })
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(TRIMMED, { message: 'givenName must not be blank or padded' })
  givenName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(TRIMMED, { message: 'familyName must not be blank or padded' })
  familyName?: string;

  @ApiPropertyOptional({ example: '1948-03-14' })
  @IsOptional()
  @IsString()
  @Matches(ISO_DATE, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(MRN_PATTERN, { message: 'mrn must be 1..64 printable characters without spaces' })
  mrn?: string;

  @ApiPropertyOptional({ description: 'Move the patient to another care team' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  careTeamId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'enrolledAt must be an ISO 8601 date-time with a zone' })
  enrolledAt?: string;

  @ApiPropertyOptional({ enum: ['active', 'discharged'], description: 'Discharge (or re-admit) the patient' })
  @IsOptional()
  @IsIn(['active', 'discharged'])
  status?: 'active' | 'discharged';
}

// --- responses (OpenAPI shapes of the contracts types) ------------------------------------------------------

export class MonitoringConsentDto implements MonitoringConsent {
  @ApiProperty({ enum: ['given', 'withdrawn', 'none'] }) state!: MonitoringConsent['state'];
  @ApiProperty({ type: String, nullable: true }) consentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
  @ApiProperty({ type: String, nullable: true }) givenAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt!: string | null;
}

export class LatestVitalDto implements LatestVital {
  @ApiProperty({ enum: METRIC_NAMES }) metric!: Metric;
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'UCUM unit', example: '/min' }) unit!: string;
  @ApiProperty() measuredAt!: string;
  @ApiProperty() storedAt!: string;
  @ApiProperty() readingId!: string;
  @ApiProperty() deviceAddress!: string;
}

export class LatestVitalsResponseDto implements LatestVitalsResponse {
  @ApiProperty() patientId!: string;
  @ApiProperty({ type: [LatestVitalDto] }) vitals!: LatestVitalDto[];
}

export class PatientListItemDto implements PatientListItem {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() careTeamId!: string;
  @ApiProperty({ enum: ['active', 'discharged'] }) status!: 'active' | 'discharged';
  @ApiProperty({ type: String, nullable: true }) mrn!: string | null;
  @ApiPropertyOptional({ type: [LatestVitalDto], description: 'Latest vitals, with `?include=latest` only' })
  latest?: LatestVitalDto[];
}

export class PatientPageDto {
  @ApiProperty({ type: [PatientListItemDto] }) items!: PatientListItemDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class PatientRecordDto implements PatientRecord {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() careTeamId!: string;
  @ApiProperty({ type: String, nullable: true }) givenName!: string | null;
  @ApiProperty({ type: String, nullable: true }) familyName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1948-03-14' }) birthDate!: string | null;
  @ApiProperty({ enum: GENDERS, nullable: true }) gender!: Gender | null;
  @ApiProperty({ type: String, nullable: true }) mrn!: string | null;
  @ApiProperty({ enum: PATIENT_STATUSES }) status!: PatientStatus;
  @ApiProperty({ type: String, nullable: true }) enrolledAt!: string | null;
  @ApiProperty() legalHold!: boolean;
  @ApiProperty({ type: String, nullable: true }) erasedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class PatientRecordPageDto {
  @ApiProperty({ type: [PatientRecordDto] }) items!: PatientRecordDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class PatientDetailDto extends PatientRecordDto implements PatientDetail {
  @ApiProperty({ type: MonitoringConsentDto }) monitoringConsent!: MonitoringConsentDto;
}
