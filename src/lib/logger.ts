import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * JSON logger. We never log headers or bodies; the redaction list is a second line of defence
 * for a field that slips into a log object by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream, fields: Record<string, unknown> = {}): Logger {
  return pino(
    {
      level,
      // `fields`: what every line of this process carries, e.g. the pid and role of one of several processes.
      base: { service: 'hookgate', ...fields },
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'token',
          '*.token',
          'secret',
          '*.secret',
          'credentials',
          '*.credentials',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** How long an exit waits for the log to be written. */
const EXIT_FLUSH_MS = 2000;

/**
 * Exits once the log's buffered lines are written. The log is written asynchronously, and
 * `process.exit` right after a line can drop it (its write still in flight): the last line of a
 * shutdown ("drained; bye") is the one an operator looks for.
 */
export function exitAfterLog(logger: Logger, code: number): void {
  const exit = () => process.exit(code);
  setTimeout(exit, EXIT_FLUSH_MS);
  logger.flush(exit);
}
