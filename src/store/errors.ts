/** Raised by the store when its backend cannot be reached; the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
  }
}

/**
 * The connection failed after a command may have been sent (a socket timeout or close while it
 * was in flight): Redis may yet have run it. Still a StoreUnavailableError (retry later), but a
 * write answered with it must not claim that nothing was written.
 */
export class StoreOutcomeUnknownError extends StoreUnavailableError {}

/** A page cursor that this store did not issue. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
  }
}
