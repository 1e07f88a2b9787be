/**
 * Telegram Bot API, following https://core.telegram.org/bots/api:
 * - "Making requests": `POST https://api.telegram.org/bot<token>/METHOD_NAME` with a JSON body;
 *   every answer is `{ ok, result }` or `{ ok: false, error_code, description, parameters? }`,
 *   where `parameters.retry_after` is the flood-control wait in seconds.
 * - `sendMessage`: `chat_id` (integer or `@channelusername`), `text` (1–4096 characters),
 *   `reply_markup` an InlineKeyboardMarkup `{ inline_keyboard: [[{ text, callback_data }]] }`
 *   with `callback_data` of 1–64 bytes; the answer's `result` is the sent Message.
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
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
  retryAfterFromSeconds,
  type SendFailure,
  statusFailure,
  unexpectedSuccess,
} from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';

export const TELEGRAM_API_BASE = 'https://api.telegram.org';

const MAX_CALLBACK_DATA_BYTES = 64;

/**
 * Sends a reply with `sendMessage`, as plain text (no `parse_mode`, so nothing in it is read as
 * markup). Buttons become an inline keyboard, one button per row (labels stay readable on a
 * phone), whose `callback_data` is the button id; an id over 64 bytes cannot be sent and fails
 * permanently before any request. The provider message id is `result.message_id`.
 *
 * Classification: 429 waits `parameters.retry_after`; 5xx is retried; 400 (chat not found, …),
 * 401 (bad token), 403 (bot blocked or kicked) and other 4xx are permanent. The code is
 * `telegram:<error_code>` and the message Telegram's description.
 */
export class TelegramAdapter extends ProviderAdapter {
  readonly channel = 'telegram' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const botToken = credential(credentials, 'botToken');
    if (!botToken) return missingCredentials('telegram', ['botToken']);
    const secrets = [botToken];

    const payload = part?.kind === 'media' ? mediaPayload(message, part) : telegramPayload(message, part?.options?.parseMode);
    if (!payload.ok) return payload;

    // The token is part of the path by design of the Bot API; it never reaches a result or a log.
    const url = `${apiBase(account.config, TELEGRAM_API_BASE)}/bot${botToken}/${payload.method}`;
    const sent = await this.request(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload.body),
        signal,
      },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;

    const answer = asRecord(parseJson(response.body));
    if (answer?.ok === true && isSuccessStatus(response.status)) {
      const id = asRecord(answer.result)?.message_id;
      return typeof id === 'number' || (typeof id === 'string' && id !== '')
        ? { ok: true, providerMessageId: String(id) }
        : unexpectedSuccess('telegram', response, secrets);
    }
    if (answer?.ok !== false) return statusFailure(response, secrets);
    return telegramFailure(response, answer, secrets);
  }
}

/** sendPhoto, sendVideo, sendAudio, sendDocument: the file by URL, `caption` (0–1024) with the message's parse_mode. */
const MEDIA_METHODS = {
  image: ['sendPhoto', 'photo'],
  video: ['sendVideo', 'video'],
  audio: ['sendAudio', 'audio'],
  document: ['sendDocument', 'document'],
} as const;

type TelegramPayload = { ok: true; method: string; body: object } | SendFailure;

function mediaPayload(message: Reply, part: Extract<ReplyPart, { kind: 'media' }>): TelegramPayload {
  const [method, field] = MEDIA_METHODS[part.media.kind];
  const body: Record<string, unknown> = { chat_id: message.contact, [field]: part.media.url };
  if (part.media.caption !== undefined) body.caption = part.media.caption;
  if (part.options?.parseMode) body.parse_mode = part.options.parseMode;
  return { ok: true, method, body };
}

function telegramPayload(message: Reply, parseMode: string | undefined): TelegramPayload {
  const buttons = message.buttons ?? [];
  const base = { chat_id: message.contact, text: message.text, ...(parseMode ? { parse_mode: parseMode } : {}) };
  if (buttons.length === 0) return { ok: true, method: 'sendMessage', body: base };
  const tooLong = buttons.find((b) => b.id === '' || Buffer.byteLength(b.id, 'utf8') > MAX_CALLBACK_DATA_BYTES);
  if (tooLong) {
    return failure(
      'telegram:unsupported_buttons',
      `Telegram callback data (button ids) must be 1 to ${MAX_CALLBACK_DATA_BYTES} bytes.`,
      false,
    );
  }
  const keyboard = buttons.map((b) => [{ text: b.title, callback_data: b.id }]);
  return { ok: true, method: 'sendMessage', body: { ...base, reply_markup: { inline_keyboard: keyboard } } };
}

function telegramFailure(response: HttpResponse, answer: Record<string, unknown>, secrets: readonly string[]): SendFailure {
  const errorCode = typeof answer.error_code === 'number' ? answer.error_code : response.status;
  const parameters = asRecord(answer.parameters);
  const retryable = errorCode === 429 || isRetryableStatus(response.status) || (errorCode >= 500 && errorCode <= 599);
  let message = typeof answer.description === 'string' ? answer.description : `Telegram error ${errorCode}`;
  if (parameters?.migrate_to_chat_id !== undefined) message += ` (the group is now chat ${String(parameters.migrate_to_chat_id)})`;
  const retryAfterMs = retryable
    ? (retryAfterFromSeconds(parameters?.retry_after) ?? parseRetryAfter(response.headers['retry-after']))
    : undefined;
  return failure(`telegram:${errorCode}`, redactSecrets(message, secrets), retryable, retryAfterMs);
}
