import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GATEWAY_ID_PATTERN, GATEWAY_STATUSES, type GatewayStatusName } from '@openward/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination.js';

/** Free text without control characters (labels end up in tables and logs of the admin UI). */
export const PRINTABLE = /^[^\p{Cc}]*$/u;

/** `GET /api/admin/gateways` query: `?status=&cursor=&limit=` (limit 1–200, default 50). */
export class ListGatewaysQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: GATEWAY_STATUSES })
  @IsOptional()
  @IsIn(GATEWAY_STATUSES)
  status?: GatewayStatusName;
}

/** `POST /api/admin/gateways` body. */
export class CreateGatewayDto {
  @ApiPropertyOptional({
    description: 'Gateway id (MQTT username); generated when absent',
    example: 'gw-home-0042',
  })
  @IsOptional()
  @IsString()
  @Matches(GATEWAY_ID_PATTERN)
  id?: string;

  @ApiProperty({ description: 'Where the gateway is, for staff (no patient names)', example: 'Kit 42' })
  @IsString()
  @Length(1, 100)
  @Matches(PRINTABLE, { message: 'label must not contain control characters' })
  label!: string;
}

/** `POST /api/admin/gateways/:gatewayId/rotate` body. */
export class RotateGatewayDto {
  @ApiPropertyOptional({
    description:
      'Revoke the current secret now (the gateway goes back to pending and is disconnected) instead of when it exchanges the new code',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  immediate?: boolean;
}

/** `POST /api/gateways/enroll` body. */
export class EnrollGatewayDto {
  @ApiProperty({ description: 'The one-time enrolment code', example: '7K3Q-AB12-CDEF-GHJK-MNPQ-RSTV-WXYZ' })
  @IsString()
  @Length(1, 64)
  code!: string;
}

/** Answer of `POST /api/admin/gateways/:gatewayId/revoke`. */
export interface GatewayRevokedDto {
  gatewayId: string;
  status: 'revoked';
  /** Registry version that carries the change (ingest applies it within seconds). */
  registryVersion: number;
}
