import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { errorOutcome } from '@openward/fhir';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { toProblem } from '../common/problem.js';
import { FHIR_CONTENT_TYPE } from './fhir-request.js';

interface OutcomeResponse {
  headersSent: boolean;
  status(code: number): OutcomeResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/**
 * Errors of the /fhir/R4 routes as OperationOutcome (the rest of the API answers problem+json): the same status
 * and OpenWard code as the problem document would carry (docs/errors.md), in `issue[0].details.coding`.
 */
@Catch()
export class FhirExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: AppLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      this.logger.error(
        { err: error instanceof Error ? { name: error.name, stack: error.stack } : String(error) },
        'FHIR request failed',
      );
    }
    const res = host.switchToHttp().getResponse<OutcomeResponse>();
    if (res.headersSent) return;
    res.status(problem.status);
    res.setHeader('content-type', FHIR_CONTENT_TYPE);
    res.send(
      JSON.stringify(
        errorOutcome({
          status: problem.status,
          code: problem.code,
          title: problem.title,
          ...(problem.detail ? { detail: problem.detail } : {}),
        }),
      ),
    );
  }
}
