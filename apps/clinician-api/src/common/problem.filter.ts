import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER, type AppLogger } from './logger.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/** Minimal view of the HTTP response this filter writes (express under Nest). */
interface ProblemResponse {
  headersSent: boolean;
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** The single mapper from thrown errors to `application/problem+json` responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: AppLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      this.logger.error(
        { err: error instanceof Error ? { name: error.name, stack: error.stack } : String(error) },
        'request failed',
      );
    }
    // socket.io handlers answer through acks; an escaped error there is logged, not sent.
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<ProblemResponse>();
    if (res.headersSent) return;
    res.status(problem.status);
    res.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.send(JSON.stringify(problem));
  }
}
