/**
 * Twilio Programmable Messaging, following:
 * - https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource —
 *   `POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
 *   `To`, `From`, `Body` (≤ 1600 characters), HTTP Basic auth `AccountSid:AuthToken`; `201 Created`
 *   with the Message resource, whose `sid` (SM…) identifies it. WhatsApp through Twilio uses
 *   `whatsapp:+E164` addresses in both `From` and `To`.
 * - https://www.twilio.com/docs/usage/twilios-response — errors are `{ code, message, more_info, status }`.
 * - https://www.twilio.com/docs/api/errors — 21211 invalid To, 21610 recipient replied STOP,
 *   21614 To is not a mobile number, 21408 region not enabled, 20003 authentication failed,
 *   20429 too many requests (safe to retry after backing off).
 */
import type { Reply } from '../domain/types.ts';
import type { HttpResponse } from '../net/http-client.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  credential,
  failure,
  isRetryableStatus,
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

export const TWILIO_API_BASE = 'https://api.twilio.com';

const RETRYABLE_CODES = new Set([20429]);
const PERMANENT_CODES = new Set([20003, 20404, 21211, 21408, 21606, 21610, 21612, 21614, 21617]);

/**
 * Sends a reply as an SMS (or as a Twilio WhatsApp message when the account's `from` starts with
 * `whatsapp:`; the contact then gets the same prefix). SMS has no buttons, so they are appended to
 * the body as numbered lines after a blank line ("1. Yes", "2. No"); the contact answers with
 * the number or the words. The provider message id is the Message `sid`.
 */
export class SmsAdapter extends ProviderAdapter {
  readonly channel = 'sms' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const accountSid = credential(credentials, 'accountSid');
    const authToken = credential(credentials, 'authToken');
    const from = credential(credentials, 'from');
    if (!accountSid || !authToken || !from) return missingCredentials('sms', ['accountSid', 'authToken', 'from']);
    const secrets = [authToken];

    const to = from.startsWith('whatsapp:') && !message.contact.startsWith('whatsapp:') ? `whatsapp:${message.contact}` : message.contact;
    // MMS: the picture or file by URL (`MediaUrl`), with the caption or text as Body (either may be empty, not both).
    const mediaUrl = part?.kind === 'media' ? part.media.url : part?.options?.mediaUrl;
    const body = part?.kind === 'media' ? (part.media.caption ?? '') : smsBody(message);
    const form = new URLSearchParams({ To: to, From: from });
    if (body !== '') form.set('Body', body);
    if (mediaUrl !== undefined) form.set('MediaUrl', mediaUrl);
    const sent = await this.request(
      {
        url: `${apiBase(account.config, TWILIO_API_BASE)}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal,
      },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;

    const answer = asRecord(parseJson(response.body));
    if (isSuccessStatus(response.status)) {
      const sid = answer?.sid;
      return typeof sid === 'string' && sid !== '' ? { ok: true, providerMessageId: sid } : unexpectedSuccess('sms', response, secrets);
    }
    if (typeof answer?.code !== 'number') return statusFailure(response, secrets);
    return twilioFailure(response, answer.code, answer, secrets);
  }
}

/** The SMS text: the reply, then its buttons as numbered lines. */
export function smsBody(message: Reply): string {
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return message.text;
  return `${message.text}\n\n${buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n')}`;
}

function twilioFailure(response: HttpResponse, code: number, answer: Record<string, unknown>, secrets: readonly string[]): SendFailure {
  const retryable = RETRYABLE_CODES.has(code) ? true : PERMANENT_CODES.has(code) ? false : isRetryableStatus(response.status);
  const text = typeof answer.message === 'string' ? answer.message : `Twilio error ${code}`;
  const more = typeof answer.more_info === 'string' ? ` (${answer.more_info})` : '';
  const retryAfterMs = retryable ? parseRetryAfter(response.headers['retry-after']) : undefined;
  return failure(`sms:${code}`, redactSecrets(`${text}${more}`, secrets), retryable, retryAfterMs);
}
