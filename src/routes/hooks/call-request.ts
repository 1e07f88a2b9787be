/** Reading an inbound call's body-level facts, shared by the bearer and the sender-verified paths. */
import type { Context } from 'hono';
import type { JsonObject } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { parseFormBody } from '../../inbound/form-body.ts';
import { isId, newId } from '../../lib/ids.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

export function mediaTypeOf(c: Context<AppEnv>): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function unsupportedMediaType(): ApiError {
  return new ApiError('unsupported-media-type', 'Send the body as application/json or application/x-www-form-urlencoded.');
}

/** The Idempotency-Key header, or null; 400 when it is not 1–255 visible ASCII characters. */
export function idempotencyKeyOf(c: Context<AppEnv>): string | null {
  const key = c.req.header('idempotency-key') ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError('bad-request', 'Idempotency-Key must be 1–255 visible ASCII characters.');
  }
  return key;
}

/**
 * The call's durable id is ours alone: a caller's X-Request-Id is echoed and logged, but two calls
 * sending the same one must not share an activity entry's id.
 */
export function callRequestId(c: Context<AppEnv>): string {
  return c.req.header('x-request-id') === undefined && isId('req', c.get('requestId')) ? c.get('requestId') : newId('req');
}

/** A body of an accepted media type as the object mappings read (400 when it is not one). */
export function parseBody(mediaType: string, raw: Uint8Array): JsonObject {
  if (mediaType === FORM_MEDIA_TYPE) return parseFormBody(raw);
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType();
  return parseJsonObject(raw);
}

export function parseJsonObject(raw: Uint8Array): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new ApiError('malformed-json', 'The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError('bad-request', 'The body must be a JSON object.');
  }
  return value as JsonObject;
}
