import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the observations feature (ingest's history API behind `/api/patients/:id/observations|series`). */
export const OBSERVATION_ERRORS = {
  OBSERVATION_BAD_RANGE: { status: 400, title: '`from` must not be after `to`' },
  OBSERVATION_TOO_MANY_BUCKETS: {
    status: 400,
    title: 'The range holds too many buckets: use larger buckets',
  },
  OBSERVATION_BAD_CURSOR: { status: 400, title: 'The cursor was not issued for this history' },
  OBSERVATION_BAD_QUERY: { status: 400, title: 'The vitals store refused the history query' },
} as const satisfies ErrorTable;
export type ObservationErrorCode = keyof typeof OBSERVATION_ERRORS;

export class ObservationError extends AppError {
  constructor(code: ObservationErrorCode, detail?: string) {
    super(code, OBSERVATION_ERRORS[code], detail);
  }
}
