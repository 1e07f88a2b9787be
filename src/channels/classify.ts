/**
 * Pieces every provider adapter shares: reading provider answers (Retry-After, JSON bodies, Meta
 * Graph errors) and turning transport errors and HTTP statuses into a classified SendResult.
 * Pure, except that they read the request's outcome handed to them.
 */
import type { JsonObject } from '../domain/types.ts';
import { redactSecrets } from '../lib/redact.ts';
import { HttpRequestError, type HttpResponse } from '../net/http-client.ts';
import type { SendResult } from './adapter.ts';

export type SendFailure = Extract<SendResult, { ok: false }>;

export interface AdapterOptions {
  /** Per-request limit; the request's own AbortSignal (the worker's deadline) applies as well. */
  timeoutMs?: number;
}

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../net/retry-after.ts';

import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../net/retry-after.ts';

const MAX_MESSAGE_LENGTH = 300;

export function failure(code: string, message: string, retryable: boolean, retryAfterMs?: number): SendFailure {
  const result: SendFailure = { ok: false, retryable, code, message: message.slice(0, MAX_MESSAGE_LENGTH) };
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** A provider's wait given in seconds inside its JSON body (Telegram's `parameters.retry_after`). */
export function retryAfterFromSeconds(seconds: unknown): number | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(Math.ceil(seconds * 1000), MAX_RETRY_AFTER_MS);
}

/** 408, 429 and 5xx are worth another try; any other status will answer the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * A request that got no HTTP response. HttpRequestError carries its own classification (only a
 * refused destination or an unusable URL is permanent); anything else is a bug and is rethrown
 * (the reply worker treats a throwing adapter as retryable).
 */
export function transportFailure(err: unknown, secrets: readonly string[]): SendFailure {
  if (!(err instanceof HttpRequestError)) throw err;
  return failure(err.code, redactSecrets(err.message, secrets), err.retryable);
}

/** A non-2xx answer classified by its status alone, for bodies that say nothing more useful. */
export function statusFailure(response: HttpResponse, secrets: readonly string[], detail?: string): SendFailure {
  // Redacted before the body is cut short: a secret across the cut would leave a prefix behind.
  const snippet = detail === undefined ? bodySnippet(response.body, secrets) : redactSecrets(detail, secrets);
  const message = `HTTP ${response.status}${statusNote(response.status)}${snippet ? `: ${snippet}` : ''}`;
  const retryable = isRetryableStatus(response.status);
  return failure(`http_${response.status}`, message, retryable, retryable ? parseRetryAfter(response.headers['retry-after']) : undefined);
}

/** 2xx without the id the provider documents: not retried, since the message may well have gone out. */
export function unexpectedSuccess(channel: string, response: HttpResponse, secrets: readonly string[]): SendFailure {
  return failure(
    `${channel}:unexpected_response`,
    `HTTP ${response.status} without a message id; not retried, as the message may have been sent: ${bodySnippet(response.body, secrets)}`,
    false,
  );
}

export function missingCredentials(channel: string, names: readonly string[]): SendFailure {
  return failure(`${channel}:missing_credentials`, `The ${channel} account needs the credentials ${names.join(', ')}.`, false);
}

export { redactSecrets };

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A non-empty string credential, or undefined. */
export function credential(credentials: JsonObject, name: string): string | undefined {
  const value = credentials[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `config.apiBaseUrl` when set, else the provider's default; without a trailing slash. */
export function apiBase(config: JsonObject, fallback: string): string {
  const base = typeof config.apiBaseUrl === 'string' && config.apiBaseUrl !== '' ? config.apiBaseUrl : fallback;
  return base.replace(/\/+$/, '');
}

/** Cuts a display text to `max` characters (code points, so no emoji is split), ending in "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function charLength(text: string): number {
  return Array.from(text).length;
}

export interface GraphErrorCodes {
  /** Graph error codes that clear up by themselves (rate limits, temporary failures). */
  retryable: ReadonlySet<number>;
  /** Codes that will fail the same way again, whatever the HTTP status says. */
  permanent: ReadonlySet<number>;
}

/**
 * A Meta Graph API error (WhatsApp Cloud API, Messenger Send API):
 * `{ error: { message, type, code, error_subcode?, error_data?: { details }, fbtrace_id } }`.
 * Classified by `code` as Meta recommends; codes in neither list fall back to the HTTP status.
 * The result's code is `<channel>:<graph code>`; the message keeps Meta's text, details, subcode
 * and trace id for support requests.
 */
export function graphFailure(channel: string, response: HttpResponse, codes: GraphErrorCodes, secrets: readonly string[]): SendFailure {
  const error = asRecord(asRecord(parseJson(response.body))?.error);
  const code = typeof error?.code === 'number' ? error.code : undefined;
  if (!error || code === undefined) return statusFailure(response, secrets);
  const retryable = codes.retryable.has(code) ? true : codes.permanent.has(code) ? false : isRetryableStatus(response.status);
  const details = asRecord(error.error_data)?.details;
  const parts = [typeof error.message === 'string' ? error.message : `Graph error ${code}`];
  if (typeof details === 'string' && details !== '') parts.push(details);
  if (typeof error.error_subcode === 'number') parts.push(`subcode ${error.error_subcode}`);
  if (typeof error.fbtrace_id === 'string') parts.push(`fbtrace_id ${error.fbtrace_id}`);
  return failure(
    `${channel}:${code}`,
    redactSecrets(parts.join(' — '), secrets),
    retryable,
    retryable ? parseRetryAfter(response.headers['retry-after']) : undefined,
  );
}

/** The start of a provider's answer for a message: secrets redacted first, then cut. */
function bodySnippet(body: string, secrets: readonly string[]): string {
  return redactSecrets(body, secrets).replace(/\s+/g, ' ').trim().slice(0, 200);
}

function statusNote(status: number): string {
  if (status >= 300 && status <= 399) return ' (redirects are not followed)';
  return '';
}
