import type { NoteErrorCode } from './notes.errors.js';

/**
 * Notes are immutable: a correction is a new note whose `amends` names the note it corrects. The amended
 * note must exist and belong to the same patient (otherwise a note could point into another patient's
 * record). Amending an amendment is allowed (a chain of corrections). Pure.
 */
export function checkAmends(
  patientId: string,
  amends: string | undefined,
  target: { readonly patientId: string } | null,
): NoteErrorCode | null {
  if (amends === undefined) return null;
  return target !== null && target.patientId === patientId ? null : 'NOTE_AMENDS_INVALID';
}
