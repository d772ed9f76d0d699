/** How one error code is presented as `application/problem+json`. */
export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
}

/** A feature's error-code table: code → spec. Codes are UPPER_SNAKE and unique across the API. */
export type ErrorTable = Readonly<Record<string, ErrorSpec>>;

/**
 * A typed, expected failure. Features throw subclasses built from their error table; the problem filter turns
 * them into RFC 9457 responses. `detail` must not contain PHI (ids only).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly spec: ErrorSpec,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
  }
}

/** Errors every feature can produce (framework-level failures). */
export const COMMON_ERRORS = {
  BAD_REQUEST: { status: 400, title: 'The request is malformed or invalid' },
  UNAUTHENTICATED: { status: 401, title: 'A valid access token is required' },
  ROLE_FORBIDDEN: { status: 403, title: "The caller's role may not use this route" },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON' },
  RATE_LIMITED: { status: 429, title: 'Too many requests; retry after the Retry-After delay' },
  INTERNAL: { status: 500, title: 'Internal server error' },
} as const satisfies ErrorTable;
export type CommonErrorCode = keyof typeof COMMON_ERRORS;

/** Thrown for cross-cutting failures (e.g. the auth guard). */
export class CommonError extends AppError {
  constructor(code: CommonErrorCode, detail?: string) {
    super(code, COMMON_ERRORS[code], detail);
  }
}
