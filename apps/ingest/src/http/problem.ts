import type { ServerResponse } from 'node:http';
import type { HistoryErrorCode, Problem } from '@openward/contracts';

/** 400 codes of the history API (contracts HISTORY_ERROR_CODES; DESIGN.md §12.11). */
const HISTORY_ERRORS: Record<HistoryErrorCode, { status: 400; title: string }> = {
  BAD_PATIENT_ID: { status: 400, title: 'Invalid patient id' },
  BAD_TIME: { status: 400, title: 'Invalid time or date' },
  BAD_RANGE: { status: 400, title: 'Invalid time range' },
  UNKNOWN_METRIC: { status: 400, title: 'Unknown metric' },
  BAD_BUCKET: { status: 400, title: 'Invalid bucket size' },
  TOO_MANY_BUCKETS: { status: 400, title: 'Too many buckets' },
  BAD_LIMIT: { status: 400, title: 'Invalid limit' },
  BAD_CURSOR: { status: 400, title: 'Invalid cursor' },
  TOO_MANY_PATIENTS: { status: 400, title: 'Too many patients' },
  BAD_OFFSET: { status: 400, title: 'Invalid UTC offset' },
  BAD_BODY: { status: 400, title: 'Invalid request body' },
};

/** Error codes of ingest's HTTP API, each with its status and title (DESIGN.md §9). */
export const HTTP_ERRORS = {
  ...HISTORY_ERRORS,
  UNAUTHORIZED: { status: 401, title: 'Missing or invalid bearer token' },
  NOT_FOUND: { status: 404, title: 'No such route' },
  BAD_REQUEST: { status: 400, title: 'Invalid request' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  STORE_UNAVAILABLE: { status: 503, title: 'Store unavailable' },
} as const;
export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export function problem(code: HttpErrorCode, detail?: string): Problem {
  const e = HTTP_ERRORS[code];
  return {
    type: `https://openward.dev/problems/ingest/${code.toLowerCase().replaceAll('_', '-')}`,
    title: e.title,
    status: e.status,
    code,
    ...(detail ? { detail } : {}),
  };
}

export function sendProblem(res: ServerResponse, code: HttpErrorCode, detail?: string): void {
  const body = problem(code, detail);
  res.writeHead(body.status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
