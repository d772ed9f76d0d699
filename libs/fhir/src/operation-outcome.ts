/** Errors as OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html). Pure. */
import { SYSTEMS } from './systems.js';
import type { OperationOutcome } from './types.js';

/** The IssueType code (http://hl7.org/fhir/issue-type) that best names an HTTP error status. */
export function issueTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 406:
    case 415:
      return 'not-supported';
    case 409:
      return 'conflict';
    case 413:
      return 'too-long';
    case 422:
      return 'processing';
    case 429:
      return 'throttled';
    case 502:
    case 503:
    case 504:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

export interface OutcomeError {
  readonly status: number;
  /** OpenWard error code (docs/errors.md). */
  readonly code: string;
  readonly title: string;
  /** Never patient data (ids at most). */
  readonly detail?: string;
}

/** One error as an OperationOutcome: the OpenWard code in `details.coding`, the title as `details.text`. */
export function errorOutcome(e: OutcomeError): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: issueTypeForStatus(e.status),
        details: { coding: [{ system: SYSTEMS.openwardError, code: e.code }], text: e.title },
        ...(e.detail ? { diagnostics: e.detail } : {}),
      },
    ],
  };
}
