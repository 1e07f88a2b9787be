/** A fake Slack Web API. */
import { chars, type FakeProvider, type FakeResponse, isObject, jsonBody, startFake } from './fake-provider.ts';

/** A Slack Web API error answer: HTTP 200 unless told otherwise. */
export function slackError(error: string, status = 200, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { ok: false, error } };
}

/**
 * Slack `POST /api/chat.postMessage` with a JSON body, per
 * https://docs.slack.dev/reference/methods/chat.postMessage; `apiBaseUrl` ends in `/api`.
 */
export function startFakeSlack(options: { botToken: string }): Promise<FakeProvider> {
  return startFake({
    basePath: '/api',
    check(req) {
      if (req.path !== '/api/chat.postMessage')
        return { reason: `unknown method ${req.path}`, response: slackError('unknown_method', 404) };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: slackError('invalid_request_data') };
      const auth = req.headers.authorization;
      if (!auth) return { reason: 'no token', response: slackError('not_authed') };
      if (auth !== `Bearer ${options.botToken}`) return { reason: 'bad token', response: slackError('invalid_auth') };
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\s*;\s*charset=utf-8$/i.test(type))
        return { reason: `content-type ${type}`, response: slackError('invalid_form_data') };
      const problem = slackProblem(jsonBody(req));
      return problem ? { reason: problem, response: slackError(problem) } : null;
    },
    success(req, sent) {
      const body = jsonBody(req) ?? {};
      const ts = `1503435956.${String(sent).padStart(6, '0')}`;
      return {
        status: 200,
        body: {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', text: body.text, bot_id: 'B123ABC456', ts, ...(body.blocks ? { blocks: body.blocks } : {}) },
        },
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
      if (
        !isObject(text) ||
        !['mrkdwn', 'plain_text'].includes(String(text.type)) ||
        typeof text.text !== 'string' ||
        text.text === '' ||
        chars(text.text) > 3000
      )
        return 'invalid_blocks';
    } else if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) return 'invalid_blocks';
      for (const el of block.elements as unknown[]) {
        if (!isObject(el) || el.type !== 'button' || !isObject(el.text) || el.text.type !== 'plain_text') return 'invalid_blocks';
        if (typeof el.text.text !== 'string' || el.text.text === '' || chars(el.text.text) > 75) return 'invalid_blocks';
        if (typeof el.action_id !== 'string' || chars(el.action_id) > 255 || actionIds.has(el.action_id)) return 'invalid_blocks';
        if (el.value !== undefined && (typeof el.value !== 'string' || chars(el.value) > 2000)) return 'invalid_blocks';
        actionIds.add(el.action_id);
      }
    } else if (block.type === 'image') {
      if (typeof block.image_url !== 'string' || typeof block.alt_text !== 'string' || block.alt_text === '') return 'invalid_blocks';
    } else if (!['divider', 'header', 'context'].includes(String(block.type))) {
      return 'invalid_blocks';
    }
  }
  return null;
}
