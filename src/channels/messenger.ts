/**
 * Messenger Send API, following Meta's reference:
 * - https://developers.facebook.com/docs/messenger-platform/reference/send-api
 *   `POST /{version}/{page-id}/messages` with the Page access token as the `access_token`
 *   parameter (as every example there and in the quick replies reference passes it), a JSON body
 *   `{ recipient: { id: PSID }, messaging_type: "RESPONSE", message: { text } }`; the answer is
 *   `{ recipient_id, message_id }`.
 * - quick replies: https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies
 *   at most 13, `content_type: "text"`, title ≤ 20 characters, payload ≤ 1000 characters.
 * - errors: https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes
 *   the Graph error object; 1200 "temporary send message failure", 613 rate limit, 551 "this
 *   person isn't available right now", 10 (subcode 2018278) "sent outside of allowed window".
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  charLength,
  credential,
  failure,
  type GraphErrorCodes,
  graphFailure,
  isSuccessStatus,
  missingCredentials,
  parseJson,
  type SendFailure,
  truncate,
  unexpectedSuccess,
} from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';
import { DEFAULT_GRAPH_VERSION, GRAPH_API_BASE } from './whatsapp.ts';

const MAX_QUICK_REPLIES = 13;
const MAX_TITLE = 20;
const MAX_PAYLOAD = 1000;

export const MESSENGER_ERROR_CODES: GraphErrorCodes = {
  retryable: new Set([
    2, // unexpected error, "please retry your request later"
    4, // application request limit reached
    613, // calls to this API have exceeded the rate limit
    1200, // temporary send message failure
  ]),
  permanent: new Set([
    10, // permission / message sent outside of the allowed window
    100, // invalid parameter, no matching user
    190, // invalid OAuth access token
    200, // permissions error
    230, // permissions disallow message to user
    368, // deemed abusive or otherwise disallowed
    551, // this person isn't available right now
  ]),
};

/**
 * Sends a reply as a Messenger text message with `messaging_type: RESPONSE` (a reply to someone
 * who wrote to the Page, inside the standard messaging window). Buttons become text quick replies
 * whose payload is the button id; titles over 20 characters are shortened (ending in "…"). More
 * than 13 buttons, or an id over 1000 characters, fails permanently before any request.
 */
export class MessengerAdapter extends ProviderAdapter {
  readonly channel = 'messenger' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const pageAccessToken = credential(credentials, 'pageAccessToken');
    const pageId = credential(credentials, 'pageId');
    if (!pageAccessToken || !pageId) return missingCredentials('messenger', ['pageAccessToken', 'pageId']);
    const secrets = [pageAccessToken];

    const payload = messengerPayload(message, part);
    if (!payload.ok) return payload;

    const version = typeof account.config.apiVersion === 'string' ? account.config.apiVersion : DEFAULT_GRAPH_VERSION;
    const query = new URLSearchParams({ access_token: pageAccessToken });
    const url = `${apiBase(account.config, GRAPH_API_BASE)}/${encodeURIComponent(version)}/${encodeURIComponent(pageId)}/messages?${query}`;
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
    if (!isSuccessStatus(response.status)) return graphFailure('messenger', response, MESSENGER_ERROR_CODES, secrets);
    const id = asRecord(parseJson(response.body))?.message_id;
    return typeof id === 'string' && id !== '' ? { ok: true, providerMessageId: id } : unexpectedSuccess('messenger', response, secrets);
  }
}

/** Attachment types of the Send API (…/send-messages#sending_attachments); a document is a `file`. */
const ATTACHMENT_TYPES = { image: 'image', video: 'video', audio: 'audio', document: 'file' } as const;

function messengerPayload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure {
  const buttons = message.buttons ?? [];
  // RESPONSE answers someone who wrote within 24 hours; UPDATE and MESSAGE_TAG (with its tag) are the options outside it.
  const options = part?.options ?? {};
  const base = {
    recipient: { id: message.contact },
    messaging_type: options.messagingType ?? 'RESPONSE',
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
  };
  if (part?.kind === 'media') {
    const attachment = { type: ATTACHMENT_TYPES[part.media.kind], payload: { url: part.media.url, is_reusable: true } };
    return { ok: true, body: { ...base, message: { attachment } } };
  }
  if (part?.kind === 'template') return failure('messenger:unsupported_message', 'Messenger has no template messages.', false);
  if (buttons.length === 0) return { ok: true, body: { ...base, message: { text: message.text } } };
  if (buttons.length > MAX_QUICK_REPLIES) {
    return failure(
      'messenger:unsupported_buttons',
      `Messenger allows at most ${MAX_QUICK_REPLIES} quick replies; this reply has ${buttons.length}.`,
      false,
    );
  }
  if (buttons.some((b) => b.id === '' || charLength(b.id) > MAX_PAYLOAD)) {
    return failure(
      'messenger:unsupported_buttons',
      `Messenger quick reply payloads (button ids) must be 1 to ${MAX_PAYLOAD} characters.`,
      false,
    );
  }
  const quickReplies = buttons.map((b) => ({ content_type: 'text', title: truncate(b.title, MAX_TITLE), payload: b.id }));
  return { ok: true, body: { ...base, message: { text: message.text, quick_replies: quickReplies } } };
}
