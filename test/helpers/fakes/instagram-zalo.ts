/** Fake Instagram Messaging (Messenger Platform) and Zalo OA v3 endpoints. */

import { chars, type FakeProvider, type FakeResponse, isObject, jsonBody, startFake } from './fake-provider.ts';
import { graphError } from './meta.ts';

/**
 * Instagram `POST /{version}/{page-id}/messages?access_token=…`, per
 * https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message:
 * `{ recipient: { id }, message: { text ≤ 1000 bytes, quick_replies? } | { attachment } }`.
 */
export function startFakeInstagram(options: { pageAccessToken: string; pageId: string }): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !path) return { reason: `unknown route ${req.path}`, response: { status: 404, body: 'Not Found' } };
      if (req.query.get('access_token') !== options.pageAccessToken)
        return { reason: 'bad page access token', response: graphError(401, 190, 'Invalid OAuth access token') };
      if (path[2] !== options.pageId && path[2] !== 'me')
        return { reason: 'unknown page id', response: graphError(400, 100, 'Invalid page id') };
      const problem = instagramProblem(jsonBody(req));
      return problem ? { reason: problem, response: graphError(400, 100, `(#100) ${problem}`) } : null;
    },
    success(req, sent) {
      const recipient = jsonBody(req)?.recipient;
      return { status: 200, body: { recipient_id: isObject(recipient) ? recipient.id : '', message_id: `aWdfZAG1fake${sent}` } };
    },
  });
}

function instagramProblem(body: Record<string, unknown> | null): string | null {
  if (!body || !isObject(body.recipient) || typeof body.recipient.id !== 'string') return 'recipient.id (IGSID) is required';
  const message = body.message;
  if (!isObject(message)) return 'message is required';
  if (message.attachment !== undefined) {
    const a = message.attachment;
    if (!isObject(a) || !['image', 'video', 'audio', 'file'].includes(String(a.type))) return 'attachment.type is invalid';
    return isObject(a.payload) && typeof a.payload.url === 'string' ? null : 'attachment.payload.url is required';
  }
  if (typeof message.text !== 'string' || message.text === '' || Buffer.byteLength(message.text) > 1000)
    return 'text must be 1 to 1000 bytes';
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length > 13) return 'quick_replies must hold 1 to 13 entries';
    if (!replies.every((r) => isObject(r) && r.content_type === 'text' && typeof r.title === 'string' && chars(r.title) <= 20))
      return 'quick replies must be text with titles of at most 20 characters';
  }
  return null;
}

/** A Zalo answer: always HTTP 200, `error` 0 or a negative code. */
export function zaloError(code: number, message: string): FakeResponse {
  return { status: 200, body: { error: code, message } };
}

/** Zalo OA `POST /v3.0/oa/message/cs` with the `access_token` header. */
export function startFakeZalo(options: { accessToken: string }): Promise<FakeProvider> {
  return startFake({
    check(req) {
      if (req.method !== 'POST' || req.path !== '/v3.0/oa/message/cs')
        return { reason: `unknown route ${req.path}`, response: zaloError(-14002, 'Method is not supported') };
      if (req.headers.access_token !== options.accessToken)
        return { reason: 'bad access token', response: zaloError(-216, 'Access token is invalid') };
      const body = jsonBody(req);
      if (!body || !isObject(body.recipient) || typeof body.recipient.user_id !== 'string')
        return { reason: 'no user_id', response: zaloError(-201, 'user_id is invalid') };
      const message = body.message;
      if (!isObject(message)) return { reason: 'no message', response: zaloError(-201, 'message is invalid') };
      if (message.text !== undefined && (typeof message.text !== 'string' || chars(message.text) > 2000))
        return { reason: 'text too long', response: zaloError(-201, 'text is invalid') };
      if (message.text === undefined && message.attachment === undefined)
        return { reason: 'empty message', response: zaloError(-201, 'message is empty') };
      return null;
    },
    success(_req, sent) {
      return { status: 200, body: { error: 0, message: 'Success', data: { message_id: `zalo-msg-${sent}`, user_id: '4242' } } };
    },
  });
}
