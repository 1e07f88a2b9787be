import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  MaxCommandRedirectionsError,
  ReconnectStrategyError,
  RootNodesUnavailableError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { StoreOutcomeUnknownError, StoreUnavailableError } from '../errors.ts';

// Replies that mean "this server cannot serve now", not "this command is wrong".
const UNAVAILABLE_REPLIES = /^(LOADING|MASTERDOWN|READONLY|BUSY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

// Refused before anything was written: the client was closed or not ready (no offline queue), or
// never got a connection; on a cluster also a command redirected (MOVED, ASK) too often, which no
// node ran, and a topology that no seed node would give. Nothing ran, so a retry cannot run anything twice.
const NOT_SENT_ERRORS = [
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  MaxCommandRedirectionsError,
  RootNodesUnavailableError,
];

// A command failed with these once the client had queued it on a ready socket: it may have been
// written, and Redis (hung, not dead) may run it when it resumes. The outcome is unknown.
const IN_FLIGHT_ERRORS = [AbortError, DisconnectsClientError, SocketClosedUnexpectedlyError, SocketTimeoutError, TimeoutError];

/**
 * Runs a store operation, turning connection failures into StoreUnavailableError: its subclass
 * StoreOutcomeUnknownError when the failing command may already have been sent.
 */
export async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw toStoreError(err);
  }
}

export function toStoreError(err: unknown): unknown {
  if (err instanceof ErrorReply) return UNAVAILABLE_REPLIES.test(err.message) ? new StoreUnavailableError(err) : err;
  if (NOT_SENT_ERRORS.some((type) => err instanceof type)) return new StoreUnavailableError(err);
  if (IN_FLIGHT_ERRORS.some((type) => err instanceof type)) return new StoreOutcomeUnknownError(err);
  // A socket error reaches a command only when it was queued on a live connection: maybe sent.
  if (err instanceof Error && 'code' in err && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)/.test(String(err.code))) {
    return new StoreOutcomeUnknownError(err);
  }
  return err;
}
