/**
 * Zalo Official Account API v3, customer-service messages:
 * - `POST https://openapi.zalo.me/v3.0/oa/message/cs`, the OA access token in an `access_token`
 *   header, a JSON body `{ recipient: { user_id }, message: { text } }` (text up to 2000
 *   characters); an image by URL as `message.attachment { type: "template", payload:
 *   { template_type: "media", elements: [{ media_type: "image", url }] } }` with the text beside it.
 * - Every answer is HTTP 200 with `{ error, message, data }`: `error: 0` and `data.message_id` on
 *   success, a negative code otherwise. Retried: -32 (rate limit) and -500-range server errors;
 *   permanent: the token (-216, -124), the recipient (-213 not a follower, -230 no interaction in the
 *   last 7 days, -201 invalid parameters) and the OA's quota (-224).
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
import type { HttpResponse } from '../net/http-client.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  credential,
  failure,
  isSuccessStatus,
  missingCredentials,
  parseJson,
  parseRetryAfter,
  redactSecrets,
  type SendFailure,
  statusFailure,
  unexpectedSuccess,
} from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';

export const ZALO_API_BASE = 'https://openapi.zalo.me';

const RETRYABLE = new Set([-32, -500, -501, -502, -503]);

/** Sends text and images to a Zalo user id; other kinds are refused when the block is saved. */
export class ZaloAdapter extends ProviderAdapter {
  readonly channel = 'zalo' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const accessToken = credential(credentials, 'accessToken');
    if (!accessToken) return missingCredentials('zalo', ['accessToken']);
    const secrets = [accessToken];
    const payload = zaloPayload(message, part);
    if (!payload.ok) return payload;
    const sent = await this.request(
      {
        url: `${apiBase(account.config, ZALO_API_BASE)}/v3.0/oa/message/cs`,
        method: 'POST',
        headers: { access_token: accessToken, 'content-type': 'application/json' },
        body: JSON.stringify(payload.body),
        signal,
      },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;
    const answer = asRecord(parseJson(response.body));
    if (!isSuccessStatus(response.status) || typeof answer?.error !== 'number') return statusFailure(response, secrets);
    if (answer.error !== 0) return zaloFailure(response, answer.error, answer, secrets);
    const id = asRecord(answer.data)?.message_id;
    return typeof id === 'string' && id !== '' ? { ok: true, providerMessageId: id } : unexpectedSuccess('zalo', response, secrets);
  }
}

function zaloPayload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure {
  const recipient = { user_id: message.contact };
  if (part?.kind === 'media') {
    if (part.media.kind !== 'image')
      return failure('zalo:unsupported_message', `Zalo messages carry images, not ${part.media.kind}.`, false);
    const attachment = { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: part.media.url }] } };
    return { ok: true, body: { recipient, message: { ...(part.media.caption ? { text: part.media.caption } : {}), attachment } } };
  }
  if (part?.kind === 'template') return failure('zalo:unsupported_message', 'Zalo has no WhatsApp templates.', false);
  return { ok: true, body: { recipient, message: { text: message.text } } };
}

function zaloFailure(response: HttpResponse, code: number, answer: Record<string, unknown>, secrets: readonly string[]): SendFailure {
  const retryable = RETRYABLE.has(code);
  const text = typeof answer.message === 'string' ? answer.message : `Zalo error ${code}`;
  return failure(
    `zalo:${code}`,
    redactSecrets(text, secrets),
    retryable,
    retryable ? parseRetryAfter(response.headers['retry-after']) : undefined,
  );
}
