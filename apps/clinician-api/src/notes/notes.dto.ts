import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTE_BODY_MAX, NOTE_KINDS, type Note, type NoteKind, type NotePage } from '@openward/contracts';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RECORD_ID_PATTERN } from '../patients/record-id.pipe.js';

/** Body of `POST /api/patients/:id/notes`. */
export class CreateNoteDto {
  @ApiProperty({ enum: NOTE_KINDS })
  @IsIn(NOTE_KINDS)
  kind!: NoteKind;

  @ApiProperty({ maxLength: NOTE_BODY_MAX, description: 'Free text (not blank)' })
  @IsString()
  @Length(1, NOTE_BODY_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;

  @ApiPropertyOptional({ description: 'Id of the note of the same patient this one corrects' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID_PATTERN, { message: 'amends must be a note id' })
  amends?: string;
}

export class NoteDto implements Note {
  @ApiProperty() id!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty({ enum: NOTE_KINDS }) kind!: NoteKind;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true }) amends!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotePageDto implements NotePage {
  @ApiProperty({ type: [NoteDto] }) items!: NoteDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}
