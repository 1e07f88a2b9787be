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
