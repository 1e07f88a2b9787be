import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../src/channels/telegram.ts';
import type { Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, startFakeTelegram, telegramError } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const credentials = { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-secret' };
const CHAT = '987654321';

describe('Telegram adapter (Bot API)', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new TelegramAdapter(http);

  beforeAll(async () => {
    fake = await startFakeTelegram(credentials);
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const send = (message: Partial<Reply> = {}) =>
    adapter.send(aSendRequest('telegram', { apiBaseUrl: fake.apiBaseUrl }, credentials, { contact: CHAT, ...message }));
  const sentBody = () => JSON.parse(fake.requests[0]!.body) as unknown;

  it('calls sendMessage under the bot token with the chat id and text, returning the message id', async () => {
    const result = await send({ text: 'Your order <b>42</b> has shipped.' });

    expect(result).toEqual({ ok: true, providerMessageId: '1001' });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/bot${credentials.botToken}/sendMessage` });
    expect(request!.headers['content-type']).toBe('application/json');
    // No parse_mode: the text is sent as plain text, whatever it contains.
    expect(sentBody()).toEqual({ chat_id: CHAT, text: 'Your order <b>42</b> has shipped.' });
  });

  it('sends buttons as an inline keyboard, one button per row, with the id as callback data', async () => {
    const result = await send({
      text: 'Did that help?',
      buttons: [
        { id: 'helpful:yes', title: 'Yes 👍' },
        { id: 'helpful:no', title: 'No, talk to a person' },
      ],
    });
    expect(result.ok).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(sentBody()).toEqual({
      chat_id: CHAT,
      text: 'Did that help?',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Yes 👍', callback_data: 'helpful:yes' }],
          [{ text: 'No, talk to a person', callback_data: 'helpful:no' }],
        ],
      },
    });
  });

  it('fails for good, sending nothing, when a button id is over 64 bytes of callback data', async () => {
    const result = await send({ buttons: [{ id: 'é'.repeat(33), title: 'Too long' }] });
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'telegram:unsupported_buttons' });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails for good, sending nothing, without a bot token', async () => {
    const result = await adapter.send(aSendRequest('telegram', { apiBaseUrl: fake.apiBaseUrl }, {}, { contact: CHAT }));
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'telegram:missing_credentials' });
    expect(fake.requests).toHaveLength(0);
  });

  describe('classifies Bot API errors', () => {
    it('waits the retry_after Telegram asks for on a 429', async () => {
      fake.respondWith([telegramError(429, 'Too Many Requests: retry after 2', { retry_after: 2 })]);
      expect(await send()).toEqual({
        ok: false,
        retryable: true,
        code: 'telegram:429',
        message: 'Too Many Requests: retry after 2',
        retryAfterMs: 2000,
      });
    });

    it('falls back to the Retry-After header on a 429 without parameters', async () => {
      fake.respondWith([{ ...telegramError(429, 'Too Many Requests'), headers: { 'Retry-After': '2' } }]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code: 'telegram:429', retryAfterMs: 2000 });
    });

    it.each([
      ['500 internal server error', telegramError(500, 'Internal Server Error'), 'telegram:500'],
      ['502 bad gateway', telegramError(502, 'Bad Gateway'), 'telegram:502'],
    ])('retries later on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code });
    });

    it.each([
      ['400 chat not found', telegramError(400, 'Bad Request: chat not found'), 'telegram:400'],
      ['403 bot blocked by the user', telegramError(403, 'Forbidden: bot was blocked by the user'), 'telegram:403'],
      ['403 user deactivated', telegramError(403, 'Forbidden: user is deactivated'), 'telegram:403'],
      ['401 unauthorized', telegramError(401, 'Unauthorized'), 'telegram:401'],
    ])('fails for good on %s, keeping Telegram’s description', async (_name, response, code) => {
      fake.respondWith([response]);
      const result = await send();
      expect(result).toEqual({ ok: false, retryable: false, code, message: (response.body as { description: string }).description });
    });

    it('says where a group moved when it was upgraded to a supergroup', async () => {
      fake.respondWith([
        telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234567890 }),
      ]);
      expect(await send()).toMatchObject({ ok: false, retryable: false, message: expect.stringContaining('-1001234567890') });
    });

    it('is rejected as unauthorized with a wrong token, and never repeats the token', async () => {
      const wrong = '999999:ZZZdefGHIjklMNOpqrSTUvwxYZ-other';
      const result = await adapter.send(aSendRequest('telegram', { apiBaseUrl: fake.apiBaseUrl }, { botToken: wrong }, { contact: CHAT }));
      expect(result).toEqual({ ok: false, retryable: false, code: 'telegram:401', message: 'Unauthorized' });
      expect(JSON.stringify(result)).not.toContain(wrong);
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new TelegramAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('telegram', { apiBaseUrl: baseUrl }, credentials, { contact: CHAT }, signal),
    fake: () => fake,
    secrets: [credentials.botToken],
  });
});
