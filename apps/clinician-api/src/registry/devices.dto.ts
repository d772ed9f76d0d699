import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEVICE_KINDS, GATEWAY_ID_PATTERN, PATIENT_ID_PATTERN } from '@openward/contracts';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination.js';
import { PRINTABLE } from './gateways.dto.js';

/** ISO 8601 date-time with seconds and an explicit zone (`Z` or `±hh:mm`): no ambiguous local times. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** A Bluetooth device address (MAC-48), any case; stored lowercase. */
export const MAC_ADDRESS = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const INSTANT_MESSAGE = 'must be an ISO 8601 date-time with a zone';

/** `GET /api/admin/devices` query: `?gatewayId=&patientId=&cursor=&limit=` (limit 1–200, default 50). */
export class ListDevicesQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'gw-demo-home-1' })
  @IsOptional()
  @Matches(GATEWAY_ID_PATTERN)
  gatewayId?: string;

  @ApiPropertyOptional({ description: 'Only devices assigned to this patient now', example: 'p-1001' })
  @IsOptional()
  @Matches(PATIENT_ID_PATTERN)
  patientId?: string;
}

class DeviceInfoFields {
  @ApiPropertyOptional({ example: 'OW-HRM', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(PRINTABLE)
  model?: string | null;

  @ApiPropertyOptional({ example: 'SN-000123', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(PRINTABLE)
  serial?: string | null;

  @ApiPropertyOptional({ example: 'OpenWard Labs', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(PRINTABLE)
  manufacturer?: string | null;
}

/** `POST /api/admin/devices` body. */
export class CreateDeviceDto extends DeviceInfoFields {
  @ApiProperty({ description: 'Bluetooth address', example: 'c0:ff:ee:00:20:01' })
  @IsString()
  @Matches(MAC_ADDRESS, { message: 'address must be a Bluetooth address like c0:ff:ee:00:20:01' })
  address!: string;

  @ApiProperty({ example: 'gw-demo-home-1' })
  @IsString()
  @Matches(GATEWAY_ID_PATTERN)
  gatewayId!: string;

  @ApiProperty({ enum: DEVICE_KINDS })
  @IsIn(DEVICE_KINDS)
  kind!: (typeof DEVICE_KINDS)[number];
}

/** `PATCH /api/admin/devices/:address` body (null clears model, serial or manufacturer). */
export class UpdateDeviceDto extends DeviceInfoFields {
  @ApiPropertyOptional({ description: 'Move the device to another gateway', example: 'gw-home-0042' })
  @IsOptional()
  @IsString()
  @Matches(GATEWAY_ID_PATTERN)
  gatewayId?: string;
}

/** `POST /api/admin/devices/:address/assign` and `…/reassign` body. */
export class AssignDeviceDto {
  @ApiProperty({ example: 'p-1002' })
  @IsString()
  @Matches(PATIENT_ID_PATTERN)
  patientId!: string;

  @ApiPropertyOptional({
    description: 'Start of the assignment (default: now)',
    example: '2026-11-25T08:00:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;
}

/** `POST /api/admin/devices/:address/unassign` body. */
export class UnassignDeviceDto {
  @ApiPropertyOptional({
    description: 'End of the current assignment (default: now)',
    example: '2026-12-01T08:00:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;
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
