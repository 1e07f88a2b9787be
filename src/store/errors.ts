/** Raised by the store when its backend cannot be reached; the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
  }
}

/** A page cursor that this store did not issue. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
  }
}
