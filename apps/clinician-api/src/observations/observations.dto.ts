import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPORT_MAX_LIMIT, METRIC_NAMES, type Metric } from '@openward/contracts';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

/** ISO 8601 date-time with an explicit zone (`Z` or `±hh:mm`), seconds and milliseconds optional. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_MESSAGE = 'must be an ISO 8601 date-time with a zone, e.g. 2026-01-10T00:00:00Z';

/** `GET /api/patients/:id/observations`: raw stored measurements, oldest first, paged by `cursor`. */
export class ObservationsQuery {
  @ApiProperty({ example: '2026-01-10T00:00:00Z', description: 'Range start (inclusive)' })
  @Matches(ISO_TIME, { message: `from ${TIME_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: '2026-01-11T00:00:00Z', description: 'Range end (exclusive)' })
  @Matches(ISO_TIME, { message: `to ${TIME_MESSAGE}` })
  to!: string;

  @ApiPropertyOptional({ enum: METRIC_NAMES, description: 'Only this metric' })
  @IsOptional()
  @IsIn(METRIC_NAMES)
  metric?: Metric;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @MaxLength(1024)
  @Matches(/^[A-Za-z0-9._~-]+$/, { message: 'cursor must be the `next` of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: `Page size, 1–${EXPORT_MAX_LIMIT} (default 1000)`, example: '500' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,4}$/, { message: 'limit must be a positive integer' })
  limit?: string;
}

/** `GET /api/patients/:id/series`: min/max/mean per time bucket, for charts. */
export class SeriesQueryDto {
  @ApiProperty({ enum: METRIC_NAMES })
  @IsIn(METRIC_NAMES)
  metric!: Metric;

  @ApiProperty({ example: '2026-01-10T00:00:00Z' })
  @Matches(ISO_TIME, { message: `from ${TIME_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: '2026-01-11T00:00:00Z' })
  @Matches(ISO_TIME, { message: `to ${TIME_MESSAGE}` })
  to!: string;

  @ApiProperty({ description: 'Bucket size in seconds (≥ 1)', example: '300' })
  @Matches(/^[1-9]\d{0,7}$/, { message: 'bucket must be a whole number of seconds ≥ 1' })
  bucket!: string;
}
