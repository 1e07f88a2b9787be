/**
 * Fake channel providers: real HTTP servers on 127.0.0.1 that check each request the way the
 * provider documents it (method, path, auth, body) and answer with the provider's own success and
 * error bodies. A request that does not fit the documentation is answered with the provider's
 * validation error and listed in `violations`, so a test sees the mistake as a user would.
 *
 * Each fake records what it received and answers scripted responses first (`respondWith`), then
 * its default success. Point an account's `config.apiBaseUrl` at `fake.apiBaseUrl`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  /** An object or array is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the connection stays open until the client gives up or the fake closes). */
  hang?: boolean;
}

export interface FakeProvider {
  /** What to put in the account's `config.apiBaseUrl`. */
  readonly apiBaseUrl: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Why requests were refused as not matching the provider's documented API. */
  readonly violations: string[];
  /** Answers the next requests with these, in order; afterwards the default success again. */
  respondWith(responses: FakeResponse[]): void;
  /** Forgets recorded requests, violations and unused scripted responses. */
  reset(): void;
  close(): Promise<void>;
}

interface FakeSpec {
  /** Path prefix that `apiBaseUrl` includes (Slack's `/api`). */
  basePath?: string;
  /** Returns a response when the request breaks the documented contract (and why), else null. */
  check(req: RecordedRequest): { reason: string; response: FakeResponse } | null;
  success(req: RecordedRequest): FakeResponse;
}

async function startFake(spec: FakeSpec): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  let script: FakeResponse[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const broken = spec.check(recorded);
      if (broken) {
        violations.push(broken.reason);
        return answer(res, broken.response);
      }
      const next = script.shift();
      if (next?.hang) return;
      answer(res, next ?? spec.success(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBaseUrl: `${origin}${spec.basePath ?? ''}`,
    origin,
    requests,
    violations,
    respondWith(responses) {
      script = [...script, ...responses];
    },
    reset() {
      requests.length = 0;
      violations.length = 0;
      script = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, response: FakeResponse): void {
  const isText = typeof response.body === 'string';
  const body = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
  const headers: Record<string, string> = { ...(response.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}), ...response.headers };
  res.writeHead(response.status, headers).end(body);
}

/** A port nothing listens on (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function jsonBody(req: RecordedRequest): Record<string, unknown> | null {
  try {
    const value = JSON.parse(req.body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const chars = (s: string) => Array.from(s).length;
const E164 = /^\+?[1-9]\d{6,14}$/;

// ---------------------------------------------------------------------------------------------
// Meta Graph API (WhatsApp Cloud API, Messenger Send API)

/** A Graph API error answer, as Meta sends it. */
export function graphError(status: number, code: number, message: string, extra: { details?: string; subcode?: number; headers?: Record<string, string> } = {}): FakeResponse {
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
  body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: fbtrace() } },
});
const invalidParameter = (details: string): FakeResponse => ({
  status: 400,
  body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: fbtrace() } },
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
  let sent = 0;
  return startFake({
    check(req) {
      const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !path) return { reason: `unknown route ${req.method} ${req.path}`, response: { status: 404, body: 'Not Found' } };
      if (req.headers.authorization !== `Bearer ${options.accessToken}`) return { reason: 'bad access token', response: invalidToken() };
      if (path[2] !== options.phoneNumberId) {
        return { reason: 'unknown phone number id', response: graphError(400, 100, `Unsupported post request. Object with ID '${path[2]}' does not exist`) };
      }
      if (!req.headers['content-type']?.startsWith('application/json')) return { reason: 'not JSON', response: invalidParameter('Content-Type must be application/json') };
      const problem = whatsappProblem(jsonBody(req));
      return problem ? { reason: problem, response: invalidParameter(problem) } : null;
    },
    success(req) {
      const to = String(jsonBody(req)?.to);
      sent += 1;
      return {
        status: 200,
        body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id: `wamid.FAKE${sent}` }] },
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
    if (!isObject(text) || typeof text.body !== 'string' || text.body === '' || chars(text.body) > 4096) return 'text.body must be 1 to 4096 characters';
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
      if (typeof reply.title !== 'string' || reply.title === '' || chars(reply.title) > 20) return 'button title must be 1 to 20 characters';
      ids.add(reply.id);
      titles.add(reply.title);
    }
    if (ids.size !== buttons.length || titles.size !== buttons.length) return 'button ids and titles must be unique';
    return null;
  }
  return 'type must be text or interactive';
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
  let sent = 0;
  return startFake({
    check(req) {
      const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !path) return { reason: `unknown route ${req.method} ${req.path}`, response: { status: 404, body: 'Not Found' } };
      if (req.query.get('access_token') !== options.pageAccessToken) return { reason: 'bad page access token', response: invalidToken() };
      if (path[2] !== options.pageId && path[2] !== 'me') return { reason: 'unknown page id', response: graphError(400, 100, '(#100) Invalid page id') };
      if (!req.headers['content-type']?.startsWith('application/json')) return { reason: 'not JSON', response: graphError(400, 100, '(#100) Invalid parameter') };
      const problem = messengerProblem(jsonBody(req));
      return problem ? { reason: problem, response: graphError(400, 100, `(#100) ${problem}`) } : null;
    },
    success(req) {
      sent += 1;
      const recipient = jsonBody(req)?.recipient;
      return { status: 200, body: { recipient_id: isObject(recipient) ? recipient.id : '', message_id: `m_FAKE${sent}` } };
    },
  });
}

function messengerProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'body is not a JSON object';
  if (!isObject(body.recipient) || typeof body.recipient.id !== 'string' || body.recipient.id === '') return 'recipient.id (PSID) is required';
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(body.messaging_type))) return 'messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG';
  const message = body.message;
  if (!isObject(message) || typeof message.text !== 'string' || message.text === '' || chars(message.text) >= 2000) return 'message.text must be 1 to 1999 characters';
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length < 1 || replies.length > 13) return 'quick_replies must hold 1 to 13 entries';
    for (const reply of replies) {
      if (!isObject(reply) || reply.content_type !== 'text') return 'quick reply content_type must be "text"';
      if (typeof reply.title !== 'string' || reply.title === '' || chars(reply.title) > 20) return 'quick reply title must be 1 to 20 characters';
      if (typeof reply.payload !== 'string' || chars(reply.payload) > 1000) return 'quick reply payload must be at most 1000 characters';
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Telegram Bot API

/** A Bot API error answer (`parameters.retry_after` for flood control). */
export function telegramError(errorCode: number, description: string, parameters?: Record<string, number>): FakeResponse {
  return { status: errorCode, body: { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) } };
}

/** Telegram `POST /bot<token>/sendMessage`, per https://core.telegram.org/bots/api#sendmessage. */
export function startFakeTelegram(options: { botToken: string }): Promise<FakeProvider> {
  let sent = 0;
  return startFake({
    check(req) {
      const path = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
      if (!path) return { reason: `unknown route ${req.path}`, response: telegramError(404, 'Not Found') };
      if (path[1] !== options.botToken) return { reason: 'bad bot token', response: telegramError(401, 'Unauthorized') };
      if (path[2] !== 'sendMessage') return { reason: `unexpected method ${path[2]}`, response: telegramError(404, 'Not Found: method not found') };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: telegramError(400, 'Bad Request: use POST') };
      if (!req.headers['content-type']?.startsWith('application/json')) return { reason: 'not JSON', response: telegramError(400, 'Bad Request: message text is empty') };
      const problem = telegramProblem(jsonBody(req));
      return problem ? { reason: problem, response: telegramError(400, `Bad Request: ${problem}`) } : null;
    },
    success(req) {
      sent += 1;
      const body = jsonBody(req) ?? {};
      return {
        status: 200,
        body: {
          ok: true,
          result: {
            message_id: 1000 + sent,
            from: { id: Number(options.botToken.split(':')[0]), is_bot: true, first_name: 'Hookgate Test', username: 'hookgate_test_bot' },
            chat: { id: Number(body.chat_id), type: 'private' },
            date: Math.floor(Date.now() / 1000),
            text: body.text,
          },
        },
      };
    },
  });
}

function telegramProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'body is not a JSON object';
  if (typeof body.chat_id !== 'string' && typeof body.chat_id !== 'number') return 'chat_id is required';
  if (typeof body.text !== 'string' || body.text === '') return 'message text is empty';
  if (chars(body.text) > 4096) return 'message is too long';
  if (body.reply_markup !== undefined) {
    const keyboard = isObject(body.reply_markup) ? body.reply_markup.inline_keyboard : undefined;
    if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray)) return "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays";
    for (const button of keyboard.flat() as unknown[]) {
      if (!isObject(button) || typeof button.text !== 'string' || button.text === '') return 'text buttons are unallowed in the inline keyboard';
      const data = button.callback_data;
      if (typeof data !== 'string' || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64) return 'BUTTON_DATA_INVALID';
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Slack Web API

/** A Slack Web API error answer: HTTP 200 unless told otherwise. */
export function slackError(error: string, status = 200, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { ok: false, error } };
}

/**
 * Slack `POST /api/chat.postMessage` with a JSON body, per
 * https://docs.slack.dev/reference/methods/chat.postMessage; `apiBaseUrl` ends in `/api`.
 */
export function startFakeSlack(options: { botToken: string }): Promise<FakeProvider> {
  let sent = 0;
  return startFake({
    basePath: '/api',
    check(req) {
      if (req.path !== '/api/chat.postMessage') return { reason: `unknown method ${req.path}`, response: slackError('unknown_method', 404) };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: slackError('invalid_request_data') };
      const auth = req.headers.authorization;
      if (!auth) return { reason: 'no token', response: slackError('not_authed') };
      if (auth !== `Bearer ${options.botToken}`) return { reason: 'bad token', response: slackError('invalid_auth') };
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\s*;\s*charset=utf-8$/i.test(type)) return { reason: `content-type ${type}`, response: slackError('invalid_form_data') };
      const problem = slackProblem(jsonBody(req));
      return problem ? { reason: problem, response: slackError(problem) } : null;
    },
    success(req) {
      sent += 1;
      const body = jsonBody(req) ?? {};
      const ts = `1503435956.${String(sent).padStart(6, '0')}`;
      return {
        status: 200,
        body: { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, bot_id: 'B123ABC456', ts, ...(body.blocks ? { blocks: body.blocks } : {}) } },
      };
    },
  });
}

function slackProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'invalid_json';
  if (typeof body.channel !== 'string' || body.channel === '') return 'channel_not_found';
  if (typeof body.text !== 'string' || body.text === '') return 'no_text';
  if (chars(body.text) > 40000) return 'msg_too_long';
  if (body.blocks === undefined) return null;
  if (!Array.isArray(body.blocks) || body.blocks.length > 50) return 'invalid_blocks';
  const actionIds = new Set<string>();
  for (const block of body.blocks as unknown[]) {
    if (!isObject(block)) return 'invalid_blocks';
    if (block.type === 'section') {
      const text = block.text;
      if (!isObject(text) || !['mrkdwn', 'plain_text'].includes(String(text.type)) || typeof text.text !== 'string' || text.text === '' || chars(text.text) > 3000) return 'invalid_blocks';
    } else if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) return 'invalid_blocks';
      for (const el of block.elements as unknown[]) {
        if (!isObject(el) || el.type !== 'button' || !isObject(el.text) || el.text.type !== 'plain_text') return 'invalid_blocks';
        if (typeof el.text.text !== 'string' || el.text.text === '' || chars(el.text.text) > 75) return 'invalid_blocks';
        if (typeof el.action_id !== 'string' || chars(el.action_id) > 255 || actionIds.has(el.action_id)) return 'invalid_blocks';
        if (el.value !== undefined && (typeof el.value !== 'string' || chars(el.value) > 2000)) return 'invalid_blocks';
        actionIds.add(el.action_id);
      }
    } else {
      return 'invalid_blocks';
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Twilio Messages API

/** A Twilio REST error answer. */
export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
}

/**
 * Twilio `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic auth, per
 * https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource.
 */
export function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
      if (!path) return { reason: `unknown route ${req.path}`, response: twilioError(404, 20404, 'The requested resource was not found') };
      const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected || path[1] !== options.accountSid) return { reason: 'bad credentials', response: twilioError(401, 20003, 'Authenticate') };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: twilioError(405, 20004, 'Method not allowed') };
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return { reason: 'not form-encoded', response: twilioError(400, 21604, "A 'To' phone number is required.") };
      const form = new URLSearchParams(req.body);
      const to = form.get('To');
      const from = form.get('From');
      const text = form.get('Body');
      if (!to) return { reason: 'no To', response: twilioError(400, 21604, "A 'To' phone number is required.") };
      if (!from) return { reason: 'no From', response: twilioError(400, 21603, "A 'From' phone number is required.") };
      if (!text) return { reason: 'no Body', response: twilioError(400, 21602, 'Message body is required.') };
      const channelOf = (address: string) => (address.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
      if (!E164.test(to.replace(/^whatsapp:/, '')) || !to.replace(/^whatsapp:/, '').startsWith('+')) {
        return { reason: 'To is not E.164', response: twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`) };
      }
      if (channelOf(to) !== channelOf(from)) return { reason: 'To and From on different channels', response: twilioError(400, 21910, 'Invalid From and To pair. From and To should be of the same channel') };
      if (chars(text) > 1600) return { reason: 'Body too long', response: twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.') };
      return null;
    },
    success(req) {
      const form = new URLSearchParams(req.body);
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return {
        status: 201,
        body: {
          account_sid: options.accountSid,
          api_version: '2010-04-01',
          body: form.get('Body'),
          date_created: new Date().toUTCString(),
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: form.get('From'),
          num_segments: '1',
          sid,
          status: 'queued',
          to: form.get('To'),
          uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}.json`,
        },
      };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// A plain HTTP receiver (the `http` channel)

/** Accepts JSON POSTs on any path and answers 200 `{ "received": true }` unless scripted otherwise. */
export function startFakeReceiver(): Promise<FakeProvider> {
  return startFake({
    check(req) {
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: { status: 405 } };
      if (!req.headers['content-type']?.startsWith('application/json') || !jsonBody(req)) return { reason: 'not a JSON object', response: { status: 415 } };
      return null;
    },
    success: () => ({ status: 200, body: { received: true } }),
  });
}
