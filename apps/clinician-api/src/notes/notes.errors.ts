import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the notes feature. */
export const NOTE_ERRORS = {
  NOTE_AMENDS_INVALID: { status: 422, title: '`amends` must name an existing note of the same patient' },
} as const satisfies ErrorTable;
export type NoteErrorCode = keyof typeof NOTE_ERRORS;

export class NoteError extends AppError {
  constructor(code: NoteErrorCode, detail?: string) {
    super(code, NOTE_ERRORS[code], detail);
  }
}
