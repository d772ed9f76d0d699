import type { PipeTransform } from '@nestjs/common';
import type { AppError } from '../common/app-error.js';

/** Shape of the ids this API generates (`n-<uuid>`) and of seeded ones; anything else cannot exist. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/**
 * Rejects a path id that cannot exist with the feature's not-found error, before any lookup. Used as an
 * instance: `@Param('noteId', new RecordIdPipe(() => new NoteError('NOTE_NOT_FOUND')))`.
 */
export class RecordIdPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: () => AppError) {}

  transform(value: string): string {
    if (!RECORD_ID_PATTERN.test(value)) throw this.notFound();
    return value;
  }
}
