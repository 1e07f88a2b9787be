/**
 * Slack Web API `chat.postMessage`, following:
 * - https://docs.slack.dev/reference/methods/chat.postMessage — `POST https://slack.com/api/chat.postMessage`,
 *   `channel` (a conversation id, or a user id for the app's DM with that user), `text`, optional
 *   `blocks`; the answer is `{ ok: true, channel, ts, message }` or HTTP 200 with
 *   `{ ok: false, error: "channel_not_found" }`.
 * - https://docs.slack.dev/changelog/2017-10-keeping-up-with-the-jsons — JSON bodies need the token
 *   in `Authorization: Bearer` and `Content-type: application/json; charset=utf-8`.
 * - https://docs.slack.dev/apis/web-api/rate-limits — HTTP 429 with `Retry-After` in seconds.
 * - Block Kit: section block (mrkdwn text ≤ 3000 characters), actions block (≤ 25 elements),
 *   button element `{ type: "button", text: { type: "plain_text", text ≤ 75 }, action_id ≤ 255, value ≤ 2000 }`.
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  charLength,
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
  truncate,
  unexpectedSuccess,
} from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';

/** `config.apiBaseUrl` replaces this whole prefix: a proxy for Slack is set as `https://proxy.example/api`. */
export const SLACK_API_BASE = 'https://slack.com/api';

const MAX_SECTION_TEXT = 3000;
const MAX_ACTIONS = 25;
const MAX_BUTTON_TEXT = 75;
const MAX_ACTION_ID = 255;

/** Errors that clear up by themselves; every other `error` will come back the same way. */
const RETRYABLE_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'message_limit_exceeded',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Posts a reply with `chat.postMessage`. The text is Slack mrkdwn, as `text` always is. With
 * buttons, the message carries blocks: the text as section blocks (split at 3000 characters) and
 * an actions block of buttons whose `action_id` and `value` are the button id; `text` stays as
 * the notification fallback. Button labels over 75 characters are shortened; more than 25
 * buttons, an id over 255 characters or a repeated id fails permanently before any request.
 * The provider message id is `<channel>:<ts>`.
 */
export class SlackAdapter extends ProviderAdapter {
  readonly channel = 'slack' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const botToken = credential(credentials, 'botToken');
    if (!botToken) return missingCredentials('slack', ['botToken']);
    const secrets = [botToken];

    const payload = part?.kind === 'media' ? imagePayload(message, part) : slackPayload(message, part?.options?.blocks);
    if (!payload.ok) return payload;

    const sent = await this.request(
      {
        url: `${apiBase(account.config, SLACK_API_BASE)}/chat.postMessage`,
        method: 'POST',
        headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload.body),
        signal,
      },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;

    const answer = asRecord(parseJson(response.body));
    if (answer?.ok === true && isSuccessStatus(response.status)) {
      const { channel, ts } = answer;
      return typeof ts === 'string' && ts !== ''
        ? { ok: true, providerMessageId: `${typeof channel === 'string' ? channel : message.contact}:${ts}` }
        : unexpectedSuccess('slack', response, secrets);
    }
    if (answer?.ok !== false || typeof answer.error !== 'string') return statusFailure(response, secrets);
    const retryable = RETRYABLE_ERRORS.has(answer.error) || isRetryableStatus(response.status);
    const retryAfterMs = retryable ? parseRetryAfter(response.headers['retry-after']) : undefined;
    return failure(`slack:${answer.error}`, redactSecrets(slackMessage(answer), secrets), retryable, retryAfterMs);
  }
}

/** An image by URL as an image block (`image_url`, `alt_text`); `text` is the notification fallback. */
function imagePayload(message: Reply, part: Extract<ReplyPart, { kind: 'media' }>): { ok: true; body: object } | SendFailure {
  if (part.media.kind !== 'image')
    return failure('slack:unsupported_message', `Slack messages carry images, not ${part.media.kind}.`, false);
  const alt = part.media.caption ?? 'image';
  const block = { type: 'image', image_url: part.media.url, alt_text: alt };
  return { ok: true, body: { channel: message.contact, text: part.media.caption ?? part.media.url, blocks: [block] } };
}

/** `blocks`: the block's own Block Kit (strings templated, caller data escaped), before any buttons. */
function slackPayload(message: Reply, custom: readonly object[] | undefined): { ok: true; body: object } | SendFailure {
  const buttons = message.buttons ?? [];
  const base = { channel: message.contact, text: message.text };
  if (custom && buttons.length === 0) return { ok: true, body: { ...base, blocks: custom } };
  if (buttons.length === 0) return { ok: true, body: base };

  const ids = buttons.map((b) => b.id);
  if (ids.length > MAX_ACTIONS)
    return failure(
      'slack:unsupported_buttons',
      `A Slack actions block holds at most ${MAX_ACTIONS} buttons; this reply has ${ids.length}.`,
      false,
    );
  if (ids.some((id) => id === '' || charLength(id) > MAX_ACTION_ID))
    return failure('slack:unsupported_buttons', `Slack action ids (button ids) must be 1 to ${MAX_ACTION_ID} characters.`, false);
  if (new Set(ids).size !== ids.length)
    return failure('slack:unsupported_buttons', 'Slack action ids (button ids) must be unique within a message.', false);

  const sections = custom ?? chunk(message.text, MAX_SECTION_TEXT).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  const actions = {
    type: 'actions',
    elements: buttons.map((b) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncate(b.title, MAX_BUTTON_TEXT) },
      action_id: b.id,
      value: b.id,
    })),
  };
  return { ok: true, body: { ...base, blocks: [...sections, actions] } };
}

function chunk(text: string, size: number): string[] {
  const chars = Array.from(text);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
  return parts;
}

function slackMessage(answer: Record<string, unknown>): string {
  const details = asRecord(answer.response_metadata)?.messages;
  const extra = Array.isArray(details) ? details.filter((d) => typeof d === 'string').join('; ') : '';
  return extra ? `${String(answer.error)}: ${extra}` : String(answer.error);
}
