import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import { pino } from 'pino';
import { AuthError } from '../auth/auth.errors.js';
import { PatientError } from '../patients/patients.errors.js';
import { ProblemFilter } from './problem.filter.js';
import { toProblem } from './problem.js';

class CapturedResponse {
  headersSent = false;
  statusCode = 0;
  headers: Record<string, string> = {};
  body = '';
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: string): void {
    this.body = body;
  }
}

function httpHost(res: CapturedResponse): ArgumentsHost {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({}), getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

describe('toProblem', () => {
  it('maps a feature error to its code, status and title', () => {
    expect(toProblem(new PatientError('PATIENT_FORBIDDEN'))).toEqual({
      type: 'urn:openward:problem:patient-forbidden',
      title: "The patient is not in the caller's care teams",
      status: 403,
      code: 'PATIENT_FORBIDDEN',
    });
    expect(toProblem(new AuthError('INVALID_CREDENTIALS', 'x'))).toMatchObject({ status: 401, detail: 'x' });
  });

  it('maps validation errors to BAD_REQUEST with the field messages', () => {
    const p = toProblem(new BadRequestException(['username must be a string', 'password must be a string']));
    expect(p).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'username must be a string; password must be a string',
    });
  });

  it('maps an unknown route to ROUTE_NOT_FOUND and hides unknown errors behind INTERNAL without detail', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/x'))).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    });
    const p = toProblem(new Error('secret internals: patient Ada'));
    expect(p).toEqual({
      type: 'urn:openward:problem:internal',
      title: 'Internal server error',
      status: 500,
      code: 'INTERNAL',
    });
  });
});

describe('ProblemFilter', () => {
  it('writes application/problem+json with a body matching the contracts Problem schema', () => {
    const res = new CapturedResponse();
    new ProblemFilter(pino({ level: 'silent' })).catch(new PatientError('INGEST_UNAVAILABLE'), httpHost(res));
    expect(res.statusCode).toBe(502);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body: unknown = JSON.parse(res.body);
    expect(problemSchema.parse(body)).toMatchObject({ code: 'INGEST_UNAVAILABLE', status: 502 });
  });
});
