/**
 * The `http` channel: a plain JSON POST of each reply to the account's `config.url`, for
 * receivers of our own making. Signed like event webhooks when the account has a
 * `signingSecret` (Standard Webhooks headers plus `X-Hookgate-Signature`, see src/net/signing.ts).
 */
import type { JsonObject } from '../domain/types.ts';
import type { Clock } from '../lib/clock.ts';
import { systemClock } from '../lib/clock.ts';
import type { HttpClient } from '../net/http-client.ts';
import { signStandardWebhook } from '../net/signing.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import { type AdapterOptions, asRecord, credential, failure, isSuccessStatus, parseJson, statusFailure } from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';

export interface HttpAdapterOptions extends AdapterOptions {
  clock?: Clock;
}

/** Headers a configured value may not set: the client computes them, or they would unsign the request. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'content-type',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-hookgate-signature',
]);

/**
 * POSTs `{ type: "message", id, contact, text, buttons, environment, webhookId, requestId,
 * timestamp }` with `config.headers`. `webhook-id` is the message id, the same on every retry, so
 * a receiver can drop duplicates. Any 2xx is success; the provider message id is the answer's
 * JSON `id` when it has one, else the message id. 408, 429 and 5xx (and no answer) are retried,
 * honouring `Retry-After`; other statuses fail permanently.
 */
export class HttpAdapter extends ProviderAdapter {
  readonly channel = 'http' as const;
  private readonly clock: Clock;

  constructor(http: HttpClient, options: HttpAdapterOptions = {}) {
    super(http, options);
    this.clock = options.clock ?? systemClock;
  }

  async send({ account, credentials, message, part, partIndex, signal }: SendRequest): Promise<SendResult> {
    const url = account.config.url;
    if (typeof url !== 'string' || url === '') return failure('http:missing_url', 'The http channel account has no config.url.', false);
    const signingSecret = credential(credentials, 'signingSecret');
    // Header values are sealed with the credentials; an account stored before that has them in config.
    const configured = { ...configuredHeaders(account.config), ...configuredHeaders(credentials) };
    const secrets = [...(signingSecret ? [signingSecret] : []), ...Object.values(configured)];

    const now = this.clock.now();
    // Each message of a several-message reply has an id of its own, so receivers deduplicating by
    // webhook-id keep them all; media and template messages come whole under `message`.
    const id = partIndex ? `${message.id}.${partIndex}` : message.id;
    const body = JSON.stringify({
      type: 'message',
      id,
      contact: message.contact,
      text: message.text,
      buttons: message.buttons ?? [],
      environment: message.environment,
      webhookId: message.webhookId,
      requestId: message.requestId,
      timestamp: new Date(now).toISOString(),
      ...(part && part.kind !== 'text' ? { message: part } : {}),
    });
    const headers: Record<string, string> = { ...configured, 'content-type': 'application/json' };
    if (signingSecret) {
      try {
        Object.assign(headers, signStandardWebhook(signingSecret, id, Math.floor(now / 1000), body));
      } catch (err) {
        return failure('http:invalid_signing_secret', err instanceof Error ? err.message : 'the signing secret cannot be used', false);
      }
    }

    const sent = await this.request({ url, method: 'POST', headers, body, signal }, secrets);
    if ('failure' in sent) return sent.failure;
    const { response } = sent;
    if (!isSuccessStatus(response.status)) return statusFailure(response, secrets);
    const answered = asRecord(parseJson(response.body))?.id;
    const providerMessageId =
      typeof answered === 'string' && answered !== '' ? answered : typeof answered === 'number' ? String(answered) : id;
    return { ok: true, providerMessageId };
  }
}

/** String values of `source.headers` (config names alone are `{ set: true }`), reserved names left out. */
function configuredHeaders(source: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(asRecord(source.headers) ?? {})) {
    const lower = name.toLowerCase();
    if (typeof value === 'string' && !RESERVED_HEADERS.has(lower)) out[lower] = value;
  }
  return out;
}
