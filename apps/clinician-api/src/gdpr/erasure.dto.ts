import { ApiProperty } from '@nestjs/swagger';
import {
  ERASURE_BASES,
  type ErasureBasis,
  type ErasureResult,
  type LegalHoldResult,
} from '@openward/contracts';
import { IsBoolean } from 'class-validator';
import { ReasonDto } from '../patients/reason.dto.js';

/** Body of `POST /api/admin/patients/:id/erase`. */
export class ErasePatientDto extends ReasonDto {}

/** Body of `POST /api/admin/patients/:id/legal-hold`. */
export class LegalHoldDto extends ReasonDto {
  @ApiProperty({ description: 'true places the hold, false lifts it' })
  @IsBoolean()
  hold!: boolean;
}

export class ErasureResultDto implements ErasureResult {
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: ['erased'] }) status!: 'erased';
  @ApiProperty() erasedAt!: string;
  @ApiProperty({ enum: ERASURE_BASES }) basis!: ErasureBasis;
  @ApiProperty() notesRedacted!: number;
  @ApiProperty() accountsDisabled!: number;
}

export class LegalHoldResultDto implements LegalHoldResult {
  @ApiProperty() patientId!: string;
  @ApiProperty() legalHold!: boolean;
}
