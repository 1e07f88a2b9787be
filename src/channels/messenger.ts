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
import { charLength, failure, type GraphErrorCodes, type SendFailure, truncate } from './classify.ts';
import { PageSendAdapter } from './page-send.ts';

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
export class MessengerAdapter extends PageSendAdapter {
  readonly channel = 'messenger' as const;
  protected readonly errorCodes = MESSENGER_ERROR_CODES;

  protected payload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure {
    return messengerPayload(message, part);
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
