import type { BotEvent } from '../domain/types.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import { REDACTED, redactSecrets } from '../lib/redact.ts';
import type { Secrets } from '../lib/secrets.ts';
import { type HttpClient, HttpRequestError } from '../net/http-client.ts';
import { parseRetryAfter } from '../net/retry-after.ts';
import { signStandardWebhook } from '../net/signing.ts';
import type { DeliveryAttempt, Subscription } from '../store/subscriptions.ts';
import { noTracing, type Tracing } from '../telemetry/tracing.ts';
import { buildRequest } from './request-template.ts';
import { HARMLESS_HEADERS, maskQuery, openRequest, secretValues } from './sealed-request.ts';

/** Response bytes kept in the delivery log. */
const RESPONSE_SNIPPET_BYTES = 16 * 1024;
const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie|session/i;

export interface SenderDeps {
  http: HttpClient;
  clock: Clock;
  secrets: Secrets;
  tracing?: Tracing;
}

export interface AttemptOutcome {
  attempt: Omit<DeliveryAttempt, 'number' | 'trigger' | 'nextAttemptAt'>;
  /** The endpoint answered 410 Gone: the subscription is to be disabled. */
  gone: boolean;
  /** A failure that no retry can fix (template error, refused destination). */
  permanent: boolean;
  /** The endpoint's own Retry-After. */
  retryAfterMs: number | null;
}

/** The secrets that sign now: the current one, and the previous one during a rotation's overlap. */
async function signingSecrets(deps: SenderDeps, subscription: Subscription): Promise<string[]> {
  const { current, previous } = subscription.secrets;
  const secrets = [await deps.secrets.open<string>(current)];
  if (previous && previous.expiresAt > deps.clock.now()) secrets.push(await deps.secrets.open<string>(previous.secret));
  return secrets;
}

/**
 * Sends one event to one subscription: renders the templates, signs (Standard Webhooks with the
 * event id as `webhook-id`, stable across retries, plus X-Hookgate-Signature), posts through the
 * guarded client, and describes what happened for the delivery log. With tracing on, the attempt
 * is a span under the one that published the event, and the request carries its traceparent.
 */
export async function sendEvent(deps: SenderDeps, subscription: Subscription, event: BotEvent): Promise<AttemptOutcome> {
  const tracing = deps.tracing ?? noTracing;
  if (!tracing.enabled) return send(deps, subscription, event);
  const attributes = { 'hookgate.event_id': event.id, 'hookgate.event_type': event.type, 'hookgate.subscription_id': subscription.id };
  return tracing.attempt('event.deliver', event.trace, attributes, async (span) => {
    const outcome = await send(deps, subscription, event);
    const status = outcome.attempt.response?.status;
    if (status !== undefined) span.setAttributes({ 'http.response.status_code': status });
    span.setAttributes({ 'hookgate.outcome': outcome.attempt.succeeded ? 'succeeded' : 'failed' });
    if (!outcome.attempt.succeeded) span.fail(status === undefined ? 'no response' : `HTTP ${status}`);
    return outcome;
  });
}

async function send(deps: SenderDeps, subscription: Subscription, event: BotEvent): Promise<AttemptOutcome> {
  const startedAt = deps.clock.now();
  const at = isoTime(startedAt);
  const configured = await openRequest(deps.secrets, subscription);
  const built = buildRequest(
    { ...subscription, ...configured },
    {
      id: event.id,
      event: event.type,
      timestamp: event.createdAt,
      bot_id: event.botId,
      environment: event.environment,
      data: event.data,
    },
  );
  if (!built.ok) {
    return {
      attempt: {
        at,
        durationMs: 0,
        request: { method: subscription.method, url: maskQuery(subscription.url), headers: {}, body: null },
        response: null,
        error: `template_error: ${built.error}`,
        succeeded: false,
      },
      gone: false,
      permanent: true,
      retryAfterMs: null,
    };
  }
  const { request } = built;
  const body = request.body ?? '';
  const signature = signStandardWebhook(await signingSecrets(deps, subscription), event.id, Math.floor(startedAt / 1000), body);
  const headers = { ...request.headers, ...signature };
  const secrets = secretValues(configured);
  const redact = (text: string) => redactSecrets(text, secrets);
  const logged = {
    method: request.method,
    url: redact(maskQuery(request.url)),
    headers: redactHeaders(headers, configured.headers, redact),
    body: request.body === null ? null : redact(request.body),
  };
  try {
    const res = await deps.http.request({
      url: request.url,
      method: request.method,
      headers,
      ...(request.body === null ? {} : { body: request.body }),
      timeoutMs: subscription.timeoutMs,
    });
    const succeeded = res.status >= 200 && res.status < 300;
    // Redacted before it is cut to the snippet's length, so no secret leaves a prefix behind.
    const redactedBody = redact(res.body);
    const snippet = utf8Prefix(redactedBody, RESPONSE_SNIPPET_BYTES);
    const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, redact(v)]));
    return {
      attempt: {
        at,
        durationMs: res.durationMs,
        request: logged,
        response: {
          status: res.status,
          headers: responseHeaders,
          body: snippet,
          truncated: res.truncated || snippet.length < redactedBody.length,
        },
        error: succeeded ? null : `HTTP ${res.status}`,
        succeeded,
      },
      gone: res.status === 410,
      permanent: false,
      retryAfterMs: succeeded ? null : (parseRetryAfter(res.headers['retry-after'], deps.clock.now()) ?? null),
    };
  } catch (err) {
    const error =
      err instanceof HttpRequestError ? `${err.code}: ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`;
    return {
      attempt: {
        at,
        durationMs: Math.round(deps.clock.now() - startedAt),
        request: logged,
        response: null,
        error: redact(error),
        succeeded: false,
      },
      gone: false,
      permanent: err instanceof HttpRequestError && !err.retryable,
      retryAfterMs: null,
    };
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between characters. */
function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that does not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Configured headers (but the harmless ones) and those named like secrets are shown as [redacted]; the rest redacted by value. */
function redactHeaders(
  headers: Record<string, string>,
  configured: Record<string, string>,
  redact: (text: string) => string,
): Record<string, string> {
  const secretNames = new Set(Object.keys(configured).filter((name) => !HARMLESS_HEADERS.has(name.toLowerCase())));
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) || secretNames.has(k) ? REDACTED : redact(v)]),
  );
}
