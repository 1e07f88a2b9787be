/**
 * Instagram Messaging through the Messenger Platform (a Facebook Page linked to the Instagram
 * professional account), following Meta's reference:
 * - https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
 *   `POST /{version}/{page-id}/messages` with the Page access token as `access_token`, a JSON body
 *   `{ recipient: { id: IGSID }, message: { text } }` (text up to 1000 bytes, UTF-8); media by URL
 *   as `message.attachment { type: image | video | audio | file, payload: { url } }`; quick replies
 *   (≤ 13, text, title ≤ 20 characters); the answer is `{ recipient_id, message_id }`.
 * - errors: the Graph error object, classified like Messenger's (same platform and codes).
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
import { failure, type SendFailure, truncate } from './classify.ts';
import { MESSENGER_ERROR_CODES } from './messenger.ts';
import { PageSendAdapter } from './page-send.ts';

const MAX_TEXT_BYTES = 1000;
const ATTACHMENT_TYPES = { image: 'image', video: 'video', audio: 'audio', document: 'file' } as const;

/** Sends text (buttons as quick replies whose payload is the button id) and media by URL to an IGSID. */
export class InstagramAdapter extends PageSendAdapter {
  readonly channel = 'instagram' as const;
  protected readonly errorCodes = MESSENGER_ERROR_CODES;

  protected payload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure {
    return instagramPayload(message, part);
  }
}

function instagramPayload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure {
  const recipient = { id: message.contact };
  if (part?.kind === 'media') {
    const attachment = { type: ATTACHMENT_TYPES[part.media.kind], payload: { url: part.media.url } };
    return { ok: true, body: { recipient, message: { attachment } } };
  }
  if (part?.kind === 'template') return failure('instagram:unsupported_message', 'Instagram has no template messages.', false);
  if (Buffer.byteLength(message.text, 'utf8') > MAX_TEXT_BYTES) {
    return failure('instagram:text_too_long', `Instagram text messages hold at most ${MAX_TEXT_BYTES} bytes.`, false);
  }
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return { ok: true, body: { recipient, message: { text: message.text } } };
  const quickReplies = buttons.map((b) => ({ content_type: 'text', title: truncate(b.title, 20), payload: b.id }));
  return { ok: true, body: { recipient, message: { text: message.text, quick_replies: quickReplies } } };
}
