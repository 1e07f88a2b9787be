/** Fake Meta Graph API endpoints: the WhatsApp Cloud API and the Messenger Send API. */
import { randomBytes } from 'node:crypto';
import { chars, E164, type FakeProvider, type FakeResponse, isObject, jsonBody, startFake } from './fake-provider.ts';

/** A Graph API error answer, as Meta sends it. */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { details?: string; subcode?: number; headers?: Record<string, string> } = {},
): FakeResponse {
  return {
    status,
    headers: extra.headers,
    body: {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(extra.details ? { error_data: { messaging_product: 'whatsapp', details: extra.details } } : {}),
        ...(extra.subcode ? { error_subcode: extra.subcode } : {}),
        fbtrace_id: 'AbCdEfGhIjK',
      },
    },
  };
}

const fbtrace = () => randomBytes(8).toString('base64url');
const invalidToken = (): FakeResponse => ({
  status: 401,
  body: {
    error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: fbtrace() },
  },
});
const invalidParameter = (details: string): FakeResponse => ({
  status: 400,
  body: {
    error: {
      message: '(#100) Invalid parameter',
      type: 'OAuthException',
      code: 100,
      error_data: { messaging_product: 'whatsapp', details },
      fbtrace_id: fbtrace(),
    },
  },
});

export interface FakeWhatsAppOptions {
  accessToken: string;
  phoneNumberId: string;
}

/**
 * WhatsApp Cloud API `POST /{version}/{phone-number-id}/messages` (text and interactive reply
 * buttons), per https://developers.facebook.com/docs/whatsapp/cloud-api/messages/text-messages
 * and …/interactive-reply-buttons-messages.
 */
export function startFakeWhatsApp(options: FakeWhatsAppOptions): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !path)
        return { reason: `unknown route ${req.method} ${req.path}`, response: { status: 404, body: 'Not Found' } };
      if (req.headers.authorization !== `Bearer ${options.accessToken}`) return { reason: 'bad access token', response: invalidToken() };
      if (path[2] !== options.phoneNumberId) {
        return {
          reason: 'unknown phone number id',
          response: graphError(400, 100, `Unsupported post request. Object with ID '${path[2]}' does not exist`),
        };
      }
      if (!req.headers['content-type']?.startsWith('application/json'))
        return { reason: 'not JSON', response: invalidParameter('Content-Type must be application/json') };
      const problem = whatsappProblem(jsonBody(req));
      return problem ? { reason: problem, response: invalidParameter(problem) } : null;
    },
    success(req, sent) {
      const to = String(jsonBody(req)?.to);
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
          messages: [{ id: `wamid.FAKE${sent}` }],
        },
      };
    },
  });
}

function whatsappProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'body is not a JSON object';
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return 'recipient_type must be "individual"';
  if (typeof body.to !== 'string' || !E164.test(body.to)) return 'to must be a phone number';
  if (body.type === 'text') {
    const text = body.text;
    if (!isObject(text) || typeof text.body !== 'string' || text.body === '' || chars(text.body) > 4096)
      return 'text.body must be 1 to 4096 characters';
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') return 'text.preview_url must be a boolean';
    return null;
  }
  if (body.type === 'interactive') {
    const interactive = body.interactive;
    if (!isObject(interactive) || interactive.type !== 'button') return 'interactive.type must be "button"';
    const text = isObject(interactive.body) ? interactive.body.text : undefined;
    if (typeof text !== 'string' || text === '' || chars(text) > 1024) return 'interactive.body.text must be 1 to 1024 characters';
    const buttons = isObject(interactive.action) ? interactive.action.buttons : undefined;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'interactive.action.buttons must hold 1 to 3 buttons';
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const button of buttons) {
      const reply = isObject(button) ? button.reply : undefined;
      if (!isObject(button) || button.type !== 'reply' || !isObject(reply)) return 'each button must be {type:"reply", reply:{id, title}}';
      if (typeof reply.id !== 'string' || reply.id === '' || chars(reply.id) > 256) return 'button id must be 1 to 256 characters';
      if (typeof reply.title !== 'string' || reply.title === '' || chars(reply.title) > 20)
        return 'button title must be 1 to 20 characters';
      ids.add(reply.id);
      titles.add(reply.title);
    }
    if (ids.size !== buttons.length || titles.size !== buttons.length) return 'button ids and titles must be unique';
    return null;
  }
  if (body.type === 'template') return templateProblem(body.template);
  if (typeof body.type === 'string' && ['image', 'video', 'audio', 'document'].includes(body.type))
    return mediaProblem(body.type, body[body.type]);
  return 'type must be text, interactive, template, image, video, audio or document';
}

/** …/messages/template-messages: name, language.code, components of header/body/button with parameters. */
function templateProblem(template: unknown): string | null {
  if (!isObject(template) || typeof template.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(template.name))
    return 'template.name is invalid';
  if (!isObject(template.language) || typeof template.language.code !== 'string') return 'template.language.code is required';
  if (template.components === undefined) return null;
  if (!Array.isArray(template.components)) return 'template.components must be an array';
  for (const c of template.components) {
    if (!isObject(c) || !['header', 'body', 'button'].includes(String(c.type))) return 'component type must be header, body or button';
    if (c.parameters !== undefined && !Array.isArray(c.parameters)) return 'component parameters must be an array';
  }
  return null;
}

/** …/messages/image-messages (and video, audio, document): by `link`; audio has no caption, only documents a filename. */
function mediaProblem(type: string, media: unknown): string | null {
  if (!isObject(media) || typeof media.link !== 'string' || !/^https?:\/\//.test(media.link)) return `${type}.link must be a URL`;
  if (media.caption !== undefined && type === 'audio') return 'audio has no caption';
  if (media.filename !== undefined && type !== 'document') return 'only documents have a filename';
  return null;
}

export interface FakeMessengerOptions {
  pageAccessToken: string;
  pageId: string;
}

/**
 * Messenger Send API `POST /{version}/{page-id}/messages?access_token=…`, per
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api and …/quick-replies.
 */
export function startFakeMessenger(options: FakeMessengerOptions): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !path)
        return { reason: `unknown route ${req.method} ${req.path}`, response: { status: 404, body: 'Not Found' } };
      if (req.query.get('access_token') !== options.pageAccessToken) return { reason: 'bad page access token', response: invalidToken() };
      if (path[2] !== options.pageId && path[2] !== 'me')
        return { reason: 'unknown page id', response: graphError(400, 100, '(#100) Invalid page id') };
      if (!req.headers['content-type']?.startsWith('application/json'))
        return { reason: 'not JSON', response: graphError(400, 100, '(#100) Invalid parameter') };
      const problem = messengerProblem(jsonBody(req));
      return problem ? { reason: problem, response: graphError(400, 100, `(#100) ${problem}`) } : null;
    },
    success(req, sent) {
      const recipient = jsonBody(req)?.recipient;
      return { status: 200, body: { recipient_id: isObject(recipient) ? recipient.id : '', message_id: `m_FAKE${sent}` } };
    },
  });
}

function messengerProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'body is not a JSON object';
  if (!isObject(body.recipient) || typeof body.recipient.id !== 'string' || body.recipient.id === '')
    return 'recipient.id (PSID) is required';
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(body.messaging_type)))
    return 'messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG';
  if ((body.messaging_type === 'MESSAGE_TAG') !== (typeof body.tag === 'string')) return 'tag is required with, and only with, MESSAGE_TAG';
  const message = body.message;
  if (isObject(message) && message.attachment !== undefined) {
    const attachment = message.attachment;
    if (!isObject(attachment) || !['image', 'video', 'audio', 'file'].includes(String(attachment.type)))
      return 'attachment.type is invalid';
    if (!isObject(attachment.payload) || typeof attachment.payload.url !== 'string') return 'attachment.payload.url is required';
    return null;
  }
  if (!isObject(message) || typeof message.text !== 'string' || message.text === '' || chars(message.text) >= 2000)
    return 'message.text must be 1 to 1999 characters';
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length < 1 || replies.length > 13) return 'quick_replies must hold 1 to 13 entries';
    for (const reply of replies) {
      if (!isObject(reply) || reply.content_type !== 'text') return 'quick reply content_type must be "text"';
      if (typeof reply.title !== 'string' || reply.title === '' || chars(reply.title) > 20)
        return 'quick reply title must be 1 to 20 characters';
      if (typeof reply.payload !== 'string' || chars(reply.payload) > 1000) return 'quick reply payload must be at most 1000 characters';
    }
  }
  return null;
}
