import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** JSON logs to stdout. Never log payload values or secrets (DESIGN.md §9). */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'ingest' }, timestamp: pino.stdTimeFunctions.isoTime });
}
