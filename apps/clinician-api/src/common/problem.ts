import { HttpException } from '@nestjs/common';
import type { Problem } from '@openward/contracts';
import { AppError, COMMON_ERRORS, type CommonErrorCode } from './app-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URI of a problem code (documented in apps/clinician-api/docs/errors.md). */
export function problemType(code: string): string {
  return `urn:openward:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

function commonProblem(code: CommonErrorCode, detail?: string): Problem {
  const spec = COMMON_ERRORS[code];
  return {
    type: problemType(code),
    title: spec.title,
    status: spec.status,
    code,
    ...(detail ? { detail } : {}),
  };
}

const STATUS_TO_COMMON: Readonly<Record<number, CommonErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * Maps anything thrown by a handler to a problem document. Pure. Unknown errors become a generic 500 with no
 * detail, so internal messages (which might echo input) never reach the client.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      type: problemType(error.code),
      title: error.spec.title,
      status: error.spec.status,
      code: error.code,
      ...(error.detail ? { detail: error.detail } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_TO_COMMON[status];
    // body-parser's JSON SyntaxError message quotes the body (it could hold PHI): never echo it.
    if (code)
      return commonProblem(
        code,
        error.cause instanceof SyntaxError ? 'malformed JSON body' : validationDetail(error),
      );
    if (status >= 400 && status < 500) {
      return { type: problemType('HTTP_ERROR'), title: error.message, status, code: 'HTTP_ERROR' };
    }
  }
  return commonProblem('INTERNAL');
}

/** class-validator messages name fields, not values, so they are safe to return. */
function validationDetail(error: HttpException): string | undefined {
  const body = error.getResponse();
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const m = (body as { message: unknown }).message;
    if (Array.isArray(m)) return m.map(String).join('; ');
    if (typeof m === 'string') return m;
  }
  return undefined;
}
