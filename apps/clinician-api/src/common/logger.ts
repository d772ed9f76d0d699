import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/app-config.js';

/** Injection token of the pino root logger. Log ids and codes only, never names or values (no PHI). */
export const LOGGER = Symbol('LOGGER');
export type AppLogger = Logger;

/** JSON logs to stdout (fd 1, synchronous so the ready line and shutdown logs are never lost). */
export function createLogger(level: LogLevel): AppLogger {
  return pino(
    { level, base: { service: 'clinician-api' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Routes Nest's own framework logs into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}
  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
