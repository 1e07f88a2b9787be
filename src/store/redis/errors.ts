import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { StoreUnavailableError } from '../errors.ts';

// Replies that mean "this server cannot serve now", not "this command is wrong".
const UNAVAILABLE_REPLIES = /^(LOADING|MASTERDOWN|READONLY|BUSY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

const CONNECTION_ERRORS = [
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
];

/** Runs a store operation, turning connection failures into StoreUnavailableError. */
export async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw toStoreError(err);
  }
}

export function toStoreError(err: unknown): unknown {
  if (err instanceof ErrorReply) return UNAVAILABLE_REPLIES.test(err.message) ? new StoreUnavailableError(err) : err;
  if (CONNECTION_ERRORS.some((type) => err instanceof type)) return new StoreUnavailableError(err);
  if (err instanceof Error && 'code' in err && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)/.test(String(err.code))) {
    return new StoreUnavailableError(err);
  }
  return err;
}
