/**
 * WhatsApp Cloud API, following Meta's reference:
 * - text: https://developers.facebook.com/docs/whatsapp/cloud-api/messages/text-messages
 *   `POST /{version}/{phone-number-id}/messages`, `Authorization: Bearer`, `to` is the user's
 *   phone number (the docs' example is E.164 with `+`, which is how contacts are stored), the
 *   answer's `messages[0].id` is the wamid.
 * - reply buttons: https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages
 *   up to 3 buttons, id ≤ 256 characters, title ≤ 20 characters, body text ≤ 1024 characters.
 * - errors: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 *   `{ error: { message, type, code, error_data: { details }, fbtrace_id } }`; handle by `code`.
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

export const GRAPH_API_BASE = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';

const MAX_BUTTONS = 3;
const MAX_BUTTON_ID = 256;
const MAX_BUTTON_TITLE = 20;
const MAX_INTERACTIVE_BODY = 1024;

export const WHATSAPP_ERROR_CODES: GraphErrorCodes = {
  retryable: new Set([
    1, // API Unknown: "invalid request or possible server error"; retried within the attempt budget
    2, // API Service: temporary downtime or overload
    4, // API Too Many Calls (app rate limit)
    80007, // WhatsApp Business Account rate limit
    130429, // Cloud API throughput reached
    131000, // Something went wrong
    131016, // Service unavailable
    131056, // (Business, Consumer) pair rate limit: too many messages to this recipient
    131057, // Business account in maintenance mode
    133004, // Server temporarily unavailable
  ]),
  permanent: new Set([
    0, // AuthException
    3, // capability or permission
    10, // permission denied
    100, // invalid parameter
    190, // access token expired or invalid
    368, // temporarily blocked for policy violations (lasts days; not for automatic retry)
    131005, // access denied
    131008, // required parameter missing
    131009, // parameter value not valid
    131021, // recipient cannot be sender
    131026, // message undeliverable (not on WhatsApp, old app, terms not accepted)
    131031, // account locked
    131042, // payment issue
    131045, // certificate
    131047, // re-engagement: more than 24 hours since the user last replied
    131048, // spam rate limit: quality restriction on the number, not a short wait
    131049, // Meta chose not to deliver
    131051, // unsupported message type
    132000, // template parameter count mismatch
    133010, // phone number not registered
  ]),
};

/**
 * Sends a reply as a WhatsApp text message, or as an interactive reply-buttons message when the
 * reply has buttons. Titles over 20 characters are shortened (ending in "…"): a title is only a
 * label, and the button's id is what comes back. What cannot be shortened without changing its
 * meaning fails permanently before any request: more than 3 buttons, an id over 256 characters,
 * two buttons with the same id, or a text over 1024 characters together with buttons.
 */
export class WhatsAppAdapter extends ProviderAdapter {
  readonly channel = 'whatsapp' as const;
  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const accessToken = credential(credentials, 'accessToken');
    const phoneNumberId = credential(credentials, 'phoneNumberId');
    if (!accessToken || !phoneNumberId) return missingCredentials('whatsapp', ['accessToken', 'phoneNumberId']);
    const secrets = [accessToken];

    const payload =
      part?.kind === 'media' || part?.kind === 'template'
        ? { ok: true as const, body: partPayload(message, part) }
        : whatsappPayload(message);
    if (!payload.ok) return payload;

    const version = typeof account.config.apiVersion === 'string' ? account.config.apiVersion : DEFAULT_GRAPH_VERSION;
    const url = `${apiBase(account.config, GRAPH_API_BASE)}/${encodeURIComponent(version)}/${encodeURIComponent(phoneNumberId)}/messages`;
    const sent = await this.request(
      {
        url,
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload.body),
        signal,
      },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;
    if (!isSuccessStatus(response.status)) return graphFailure('whatsapp', response, WHATSAPP_ERROR_CODES, secrets);
    const first: unknown = (asRecord(parseJson(response.body))?.messages as unknown[] | undefined)?.[0];
    const id = asRecord(first)?.id;
    return typeof id === 'string' && id !== '' ? { ok: true, providerMessageId: id } : unexpectedSuccess('whatsapp', response, secrets);
  }
}

/**
 * Media by URL (…/messages/image-messages etc.: `{ type, <type>: { link, caption?, filename? } }`;
 * audio has no caption, only documents a filename) and template messages
 * (…/messages/template-messages: `{ type: "template", template: { name, language: { code }, components } }`).
 */
function partPayload(message: Reply, part: Extract<ReplyPart, { kind: 'media' | 'template' }>): object {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.contact };
  if (part.kind === 'template') {
    const { name, language, components } = part.template;
    return { ...base, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } };
  }
  const { kind, url, caption, filename } = part.media;
  const media: Record<string, string> = { link: url };
  if (caption !== undefined && kind !== 'audio') media.caption = caption;
  if (filename !== undefined && kind === 'document') media.filename = filename;
  return { ...base, type: kind, [kind]: media };
}

function whatsappPayload(message: Reply): { ok: true; body: object } | SendFailure {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.contact };
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return { ok: true, body: { ...base, type: 'text', text: { body: message.text, preview_url: false } } };

  const problem = buttonProblem(
    message.text,
    buttons.map((b) => b.id),
  );
  if (problem) return failure('whatsapp:unsupported_buttons', problem, false);
  const interactive = {
    type: 'button',
    body: { text: message.text },
    action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: truncate(b.title, MAX_BUTTON_TITLE) } })) },
  };
  return { ok: true, body: { ...base, type: 'interactive', interactive } };
}

function buttonProblem(text: string, ids: string[]): string | null {
  if (ids.length > MAX_BUTTONS) return `WhatsApp reply buttons allow at most ${MAX_BUTTONS} buttons; this reply has ${ids.length}.`;
  if (ids.some((id) => id === '' || charLength(id) > MAX_BUTTON_ID)) return `WhatsApp button ids must be 1 to ${MAX_BUTTON_ID} characters.`;
  if (new Set(ids).size !== ids.length) return 'WhatsApp button ids must be unique within a message.';
  if (charLength(text) > MAX_INTERACTIVE_BODY)
    return `A WhatsApp message with buttons allows at most ${MAX_INTERACTIVE_BODY} characters of text.`;
  return null;
}
