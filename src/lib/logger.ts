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

/** How long an exit waits for the log's write in flight (a pipe or file takes far less). */
export const EXIT_FLUSH_MS = 500;

/** pino's default destination (sonic-boom) while a write is in flight, as far as an exit is concerned. */
interface WritingStream {
  _writing?: boolean;
  once(event: 'write' | 'error', listener: () => void): unknown;
}

/**
 * Exits once the log's write in flight has landed. pino's default destination writes
 * asynchronously; at exit it writes what is still buffered synchronously, but not a write already
 * under way (sonic-boom's flushSync), so an exit during one drops or reorders the last lines — the
 * ones an operator looks for ("drained; bye"). `flush()` does not help there: with no minimum
 * length it calls back at once. So this waits, at most EXIT_FLUSH_MS, until no write is in flight.
 */
export function exitAfterLog(logger: Logger, code: number): void {
  const exit = () => process.exit(code);
  setTimeout(exit, EXIT_FLUSH_MS);
  const stream = (logger as unknown as Record<symbol, WritingStream | undefined>)[pino.symbols.streamSym];
  const whenIdle = (): void => {
    if (stream?._writing) stream.once('write', whenIdle);
    else exit();
  };
  whenIdle();
}
