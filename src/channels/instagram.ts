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
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  credential,
  failure,
  graphFailure,
  isSuccessStatus,
  missingCredentials,
  parseJson,
  type SendFailure,
  truncate,
  unexpectedSuccess,
} from './classify.ts';
import { MESSENGER_ERROR_CODES } from './messenger.ts';
import { ProviderAdapter } from './provider-adapter.ts';
import { DEFAULT_GRAPH_VERSION, GRAPH_API_BASE } from './whatsapp.ts';

const MAX_TEXT_BYTES = 1000;
const ATTACHMENT_TYPES = { image: 'image', video: 'video', audio: 'audio', document: 'file' } as const;

/** Sends text (buttons as quick replies whose payload is the button id) and media by URL to an IGSID. */
export class InstagramAdapter extends ProviderAdapter {
  readonly channel = 'instagram' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const pageAccessToken = credential(credentials, 'pageAccessToken');
    const pageId = credential(credentials, 'pageId');
    if (!pageAccessToken || !pageId) return missingCredentials('instagram', ['pageAccessToken', 'pageId']);
    const secrets = [pageAccessToken];

    const payload = instagramPayload(message, part);
    if (!payload.ok) return payload;
    const version = typeof account.config.apiVersion === 'string' ? account.config.apiVersion : DEFAULT_GRAPH_VERSION;
    const query = new URLSearchParams({ access_token: pageAccessToken });
    const url = `${apiBase(account.config, GRAPH_API_BASE)}/${encodeURIComponent(version)}/${encodeURIComponent(pageId)}/messages?${query}`;
    const sent = await this.request(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload.body), signal },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;
    if (!isSuccessStatus(response.status)) return graphFailure('instagram', response, MESSENGER_ERROR_CODES, secrets);
    const id = asRecord(parseJson(response.body))?.message_id;
    return typeof id === 'string' && id !== '' ? { ok: true, providerMessageId: id } : unexpectedSuccess('instagram', response, secrets);
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
