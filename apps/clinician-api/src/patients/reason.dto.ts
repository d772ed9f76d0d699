import { ApiProperty } from '@nestjs/swagger';
import { REASON_MAX, REASON_MIN } from '@openward/contracts';
import { IsString, Length, Matches } from 'class-validator';

/** A mandatory justification (break-glass, erasure, legal hold), kept out of logs and audit detail. */
export class ReasonDto {
  @ApiProperty({
    minLength: REASON_MIN,
    maxLength: REASON_MAX,
    description: 'Why. Never logged; audit keeps only its length.',
  })
  @IsString()
  @Length(REASON_MIN, REASON_MAX)
  // Linear-time pattern (\S and \s are disjoint): at least 10 non-space characters, not just padding.
  @Matches(/^\s*(?:\S\s*){10,}$/, { message: `reason must hold at least ${REASON_MIN} non-space characters` })
  reason!: string;
}
