import { ApiProperty } from '@nestjs/swagger';
import {
  BREAK_GLASS_STATES,
  type BreakGlassGrant,
  type BreakGlassReviewItem,
  type BreakGlassReviewPage,
  type BreakGlassState,
} from '@openward/contracts';
import { ReasonDto } from '../patients/reason.dto.js';

/** Body of `POST /api/patients/:id/break-glass`. */
export class OpenBreakGlassDto extends ReasonDto {}

export class BreakGlassGrantDto implements BreakGlassGrant {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) endedAt!: string | null;
  @ApiProperty({ enum: BREAK_GLASS_STATES }) state!: BreakGlassState;
}

export class BreakGlassReviewItemDto extends BreakGlassGrantDto implements BreakGlassReviewItem {
  @ApiProperty() userDisplayName!: string;
  @ApiProperty() reason!: string;
}

export class BreakGlassReviewPageDto implements BreakGlassReviewPage {
  @ApiProperty({ type: [BreakGlassReviewItemDto] }) items!: BreakGlassReviewItemDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}
