/** A fake Telegram Bot API. */
import { chars, type FakeProvider, type FakeResponse, isObject, jsonBody, startFake } from './fake-provider.ts';

/** A Bot API error answer (`parameters.retry_after` for flood control). */
export function telegramError(errorCode: number, description: string, parameters?: Record<string, number>): FakeResponse {
  return { status: errorCode, body: { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) } };
}

/** Telegram `POST /bot<token>/sendMessage`, per https://core.telegram.org/bots/api#sendmessage. */
export function startFakeTelegram(options: { botToken: string }): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
      if (!path) return { reason: `unknown route ${req.path}`, response: telegramError(404, 'Not Found') };
      if (path[1] !== options.botToken) return { reason: 'bad bot token', response: telegramError(401, 'Unauthorized') };
      const media = MEDIA_FIELDS[path[2] ?? ''];
      if (path[2] !== 'sendMessage' && !media)
        return { reason: `unexpected method ${path[2]}`, response: telegramError(404, 'Not Found: method not found') };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: telegramError(400, 'Bad Request: use POST') };
      if (!req.headers['content-type']?.startsWith('application/json'))
        return { reason: 'not JSON', response: telegramError(400, 'Bad Request: message text is empty') };
      const problem = media ? mediaProblem(jsonBody(req), media) : telegramProblem(jsonBody(req));
      return problem ? { reason: problem, response: telegramError(400, `Bad Request: ${problem}`) } : null;
    },
    success(req, sent) {
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

const MEDIA_FIELDS: Record<string, string> = { sendPhoto: 'photo', sendVideo: 'video', sendAudio: 'audio', sendDocument: 'document' };

/** sendPhoto and friends: chat_id, the file (here a URL), optional caption ≤ 1024 and parse_mode. */
function mediaProblem(body: Record<string, unknown> | null, field: string): string | null {
  if (!body) return 'body is not a JSON object';
  if (typeof body.chat_id !== 'string' && typeof body.chat_id !== 'number') return 'chat_id is required';
  if (typeof body[field] !== 'string' || !/^https?:\/\//.test(body[field] as string)) return `${field} must be a URL`;
  if (body.caption !== undefined && (typeof body.caption !== 'string' || chars(body.caption) > 1024)) return 'message caption is too long';
  if (body.parse_mode !== undefined && !['MarkdownV2', 'HTML', 'Markdown'].includes(String(body.parse_mode)))
    return 'unsupported parse_mode';
  return null;
}

function telegramProblem(body: Record<string, unknown> | null): string | null {
  if (!body) return 'body is not a JSON object';
  if (typeof body.chat_id !== 'string' && typeof body.chat_id !== 'number') return 'chat_id is required';
  if (typeof body.text !== 'string' || body.text === '') return 'message text is empty';
  if (chars(body.text) > 4096) return 'message is too long';
  if (body.parse_mode !== undefined && !['MarkdownV2', 'HTML', 'Markdown'].includes(String(body.parse_mode)))
    return 'unsupported parse_mode';
  if (body.reply_markup !== undefined) {
    const keyboard = isObject(body.reply_markup) ? body.reply_markup.inline_keyboard : undefined;
    if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray))
      return "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays";
    for (const button of keyboard.flat() as unknown[]) {
      if (!isObject(button) || typeof button.text !== 'string' || button.text === '')
        return 'text buttons are unallowed in the inline keyboard';
      const data = button.callback_data;
      if (typeof data !== 'string' || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64) return 'BUTTON_DATA_INVALID';
    }
  }
  return null;
}
