/** Reading an inbound call's body-level facts, shared by the bearer and the sender-verified paths. */
import type { Context } from 'hono';
import type { JsonObject, JsonValue } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { parseFormBody } from '../../inbound/form-body.ts';
import type { InboundRequest } from '../../inbound/prepare-call.ts';
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
 * The call's durable id is ours alone, the request's own (src/http/request-context.ts): a caller's
 * X-Request-Id is recorded beside it (`callContext`), as two callers may send the same one.
 */
export function callRequestId(c: Context<AppEnv>): string {
  const id = c.get('requestId');
  return isId('req', id) ? id : newId('req');
}

/** What a call records of its request's context: the caller's X-Request-Id, and its span's traceparent. */
export function callContext(c: Context<AppEnv>): { callerRequestId: string | undefined; trace: string | undefined } {
  return { callerRequestId: c.get('callerRequestId'), trace: c.get('services').tracing.traceparent() };
}

/** A request read: `batch` holds the calls of a JSON array body (whose `body` is then empty), else null. */
export interface CallRead extends InboundRequest {
  batch: JsonValue[] | null;
}

const NO_BODY: JsonObject = Object.freeze({}) as JsonObject;

/** A parsed body as a call: an object, or a JSON array as a batch (allowed or not by the block, once admitted). */
export function asCall(parsed: JsonObject | JsonValue[]): { body: JsonObject; batch: JsonValue[] | null } {
  return Array.isArray(parsed) ? { body: NO_BODY, batch: parsed } : { body: parsed, batch: null };
}

/** A body of an accepted media type as the object mappings read, or a JSON array (400 when it is neither). */
export function parseBody(mediaType: string, raw: Uint8Array): JsonObject | JsonValue[] {
  if (mediaType === FORM_MEDIA_TYPE) return parseFormBody(raw);
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType();
  return parseJson(raw);
}

export function parseJson(raw: Uint8Array): JsonObject | JsonValue[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new ApiError('malformed-json', 'The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object') throw notAnObject();
  return value as JsonObject | JsonValue[];
}

export function notAnObject(): ApiError {
  return new ApiError('bad-request', 'The body must be a JSON object (a JSON array only on a block with batch: true).');
}
