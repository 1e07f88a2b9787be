/**
 * How a Redis failure is told to the API: refused before it was written (safe to retry) or failed
 * while it may have been in flight (the outcome is unknown). The errors are node-redis's own.
 */
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ErrorReply,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
} from 'redis';
import { describe, expect, it } from 'vitest';
import { StoreOutcomeUnknownError, StoreUnavailableError } from '../../src/store/errors.ts';
import { guard, toStoreError } from '../../src/store/redis/errors.ts';

describe('toStoreError', () => {
  it.each([
    ['the client is offline (no offline queue)', new ClientOfflineError()],
    ['the client is closed', new ClientClosedError()],
    ['the connection could not be made', new ConnectionTimeoutError()],
    ['Redis is loading', new ErrorReply('LOADING Redis is loading the dataset in memory')],
  ])('nothing was sent when %s: store unavailable', (_, err) => {
    const mapped = toStoreError(err);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped).not.toBeInstanceOf(StoreOutcomeUnknownError);
  });

  it.each([
    ['the socket timed out', new SocketTimeoutError(5000)],
    ['the socket closed', new SocketClosedUnexpectedlyError()],
    ['the connection was reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('a command in flight when %s: outcome unknown, still a store-unavailable error', (_, err) => {
    const mapped = toStoreError(err);
    expect(mapped).toBeInstanceOf(StoreOutcomeUnknownError);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
  });

  it('leaves command errors as they are', async () => {
    const reply = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(toStoreError(reply)).toBe(reply);
    await expect(guard(() => Promise.reject(new SocketTimeoutError(5000)))).rejects.toBeInstanceOf(StoreOutcomeUnknownError);
  });
});
