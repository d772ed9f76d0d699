import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONSENT_KINDS,
  CONSENT_METHODS,
  type Consent,
  type ConsentKind,
  type ConsentList,
  type ConsentMethod,
} from '@openward/contracts';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ISO_INSTANT, MonitoringConsentDto, TRIMMED } from '../patients/patients.dto.js';

/** Body of `POST /api/patients/:id/consents`. */
export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind!: ConsentKind;

  @ApiProperty({ example: '2026-01', description: 'Version of the consent text agreed to' })
  @IsString()
  @Length(1, 50)
  @Matches(TRIMMED, { message: 'version must not be blank or padded' })
  version!: string;

  @ApiProperty({ example: 'en-GB', description: 'BCP 47 tag of the language of the text (stored canonical)' })
  @IsString()
  @Length(2, 35)
  language!: string;

  @ApiProperty({ enum: CONSENT_METHODS, description: 'A patient may only record `electronic`' })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiPropertyOptional({
    description:
      'When it was given (default now; staff may backdate to the signature; ignored for a patient)',
    example: '2026-11-20T09:30:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'givenAt must be an ISO 8601 date-time with a zone' })
  givenAt?: string;
}

export class ConsentDto implements Consent {
  @ApiProperty() id!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: CONSENT_KINDS }) kind!: ConsentKind;
  @ApiProperty() version!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty() givenAt!: string;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedBy!: string | null;
}

export class ConsentListDto implements ConsentList {
  @ApiProperty({ type: [ConsentDto] }) items!: ConsentDto[];
  @ApiProperty({ type: MonitoringConsentDto }) monitoring!: MonitoringConsentDto;
}
