import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { AUDIT_ACTIONS } from './audit.port.js';

/** ISO 8601 date-time with seconds and an explicit zone (`Z` or `±hh:mm`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** Record ids (patients, users): the characters ids use, nothing to inject. */
const RECORD_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

/** Query of `GET /api/admin/audit` and `GET /api/admin/audit/export` (all filters combine with AND). */
export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'p-1001' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID)
  patientId?: string;

  @ApiPropertyOptional({ example: 'u-nurse' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID)
  actorId?: string;

  @ApiPropertyOptional({ description: 'Inclusive lower bound of `at`', example: '2026-11-25T00:00:00Z' })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'from must be an ISO 8601 date-time with a zone' })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive upper bound of `at`', example: '2026-11-26T00:00:00Z' })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'to must be an ISO 8601 date-time with a zone' })
  to?: string;

  @ApiPropertyOptional({ enum: Object.values(AUDIT_ACTIONS), example: 'vitals.read' })
  @IsOptional()
  @IsIn(Object.values(AUDIT_ACTIONS))
  action?: string;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page (rows are newest first)' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9]\d{0,15}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;

  @ApiPropertyOptional({ description: `Rows per page, 1–${AUDIT_PAGE_MAX} (default ${AUDIT_PAGE_DEFAULT})` })
  @IsOptional()
  @IsString()
  @Matches(/^([1-9]\d{0,2}|1000)$/, { message: `limit must be an integer from 1 to ${AUDIT_PAGE_MAX}` })
  limit?: string;
}
