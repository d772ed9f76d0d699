import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_ID_PATTERN } from '@openward/contracts';
import { IsOptional, IsString, Matches } from 'class-validator';

/** ISO 8601 date-time with seconds and an explicit zone (`Z` or `±hh:mm`): no ambiguous local times. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Body of `POST /api/admin/devices/:address/reassign`. */
export class ReassignDeviceDto {
  @ApiProperty({ example: 'p-1002' })
  @IsString()
  @Matches(PATIENT_ID_PATTERN)
  patientId!: string;

  @ApiPropertyOptional({
    description: 'Start of the new assignment (default: now)',
    example: '2026-11-25T08:00:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'from must be an ISO 8601 date-time with a zone' })
  from?: string;
}

/** Answer of `POST /api/admin/gateways/:gatewayId/revoke`. */
export interface GatewayRevokedDto {
  gatewayId: string;
  status: 'revoked';
  /** Registry version that carries the change (ingest applies it within seconds). */
  registryVersion: number;
}

/** Answer of `POST /api/admin/devices/:address/reassign`. */
export interface DeviceReassignedDto {
  deviceAddress: string;
  patientId: string;
  from: string;
  /** The assignment that was ended at `from`, if any. */
  previous: { patientId: string; to: string } | null;
  registryVersion: number;
}
