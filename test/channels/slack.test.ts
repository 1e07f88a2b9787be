import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../src/channels/slack.ts';
import type { Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, slackError, startFakeSlack } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const credentials = { botToken: 'xoxb-1234567890-secretslacktoken' };
const CHANNEL = 'C123ABC456';

describe('Slack adapter (chat.postMessage)', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new SlackAdapter(http);

  beforeAll(async () => {
    fake = await startFakeSlack(credentials);
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const send = (message: Partial<Reply> = {}) =>
    adapter.send(aSendRequest('slack', { apiBaseUrl: fake.apiBaseUrl }, credentials, { contact: CHANNEL, ...message }));
  const sentBody = () => JSON.parse(fake.requests[0]!.body) as unknown;

  it('posts the text to the channel with the bot token, returning channel and ts', async () => {
    fake.respondWith([
      {
        status: 200,
        body: {
          ok: true,
          channel: CHANNEL,
          ts: '1503435956.000247',
          message: { text: 'Order 42 shipped', type: 'message', bot_id: 'B123ABC456', ts: '1503435956.000247' },
        },
      },
    ]);
    const result = await send({ text: 'Order 42 shipped' });

    expect(result).toEqual({ ok: true, providerMessageId: 'C123ABC456:1503435956.000247' });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/chat.postMessage' });
    expect(request!.headers.authorization).toBe(`Bearer ${credentials.botToken}`);
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sentBody()).toEqual({ channel: CHANNEL, text: 'Order 42 shipped' });
  });

  it('sends buttons as a section and an actions block, keeping text as the fallback', async () => {
    const result = await send({
      text: 'Approve the refund?',
      buttons: [
        { id: 'refund:approve', title: 'Approve' },
        { id: 'refund:deny', title: 'Deny' },
      ],
    });
    expect(result.ok).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(sentBody()).toEqual({
      channel: CHANNEL,
      text: 'Approve the refund?',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Approve the refund?' } },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Approve' }, action_id: 'refund:approve', value: 'refund:approve' },
            { type: 'button', text: { type: 'plain_text', text: 'Deny' }, action_id: 'refund:deny', value: 'refund:deny' },
          ],
        },
      ],
    });
  });

  it('splits text over 3000 characters across section blocks', async () => {
    const text = 'x'.repeat(3000) + 'y'.repeat(10);
    const result = await send({ text, buttons: [{ id: 'ok', title: 'OK' }] });
    expect(result.ok).toBe(true);
    expect(fake.violations).toEqual([]);
    const body = sentBody() as { blocks: Array<{ type: string; text?: { text: string } }> };
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions']);
    expect(body.blocks[1]!.text!.text).toBe('y'.repeat(10));
  });

  it('fails for good, sending nothing, when two buttons share an id', async () => {
    const result = await send({
      buttons: [
        { id: 'same', title: 'One' },
        { id: 'same', title: 'Two' },
      ],
    });
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'slack:unsupported_buttons' });
    expect(fake.requests).toHaveLength(0);
  });

  describe('classifies Web API errors', () => {
    it('waits as long as Retry-After says on an HTTP 429', async () => {
      fake.respondWith([slackError('ratelimited', 429, { 'Retry-After': '2' })]);
      expect(await send()).toEqual({ ok: false, retryable: true, code: 'slack:ratelimited', message: 'ratelimited', retryAfterMs: 2000 });
    });

    it.each(['rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])(
      'retries later on %s',
      async (error) => {
        fake.respondWith([slackError(error)]);
        expect(await send()).toMatchObject({ ok: false, retryable: true, code: `slack:${error}` });
      },
    );

    it.each([
      'channel_not_found',
      'not_in_channel',
      'invalid_auth',
      'account_inactive',
      'token_revoked',
      'is_archived',
      'msg_too_long',
      'missing_scope',
    ])('fails for good on %s (sent with HTTP 200)', async (error) => {
      fake.respondWith([slackError(error)]);
      expect(await send()).toEqual({ ok: false, retryable: false, code: `slack:${error}`, message: error });
    });

    it('keeps Slack’s response_metadata messages', async () => {
      fake.respondWith([
        {
          status: 200,
          body: {
            ok: false,
            error: 'invalid_blocks',
            response_metadata: { messages: ['[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/0/text/text]'] },
          },
        },
      ]);
      expect(await send()).toMatchObject({ ok: false, retryable: false, message: expect.stringContaining('less than 76 characters') });
    });

    it('is rejected as invalid_auth with a wrong token, and never repeats the token', async () => {
      const wrong = 'xoxb-999-not-the-right-token';
      const result = await adapter.send(aSendRequest('slack', { apiBaseUrl: fake.apiBaseUrl }, { botToken: wrong }, { contact: CHANNEL }));
      expect(result).toEqual({ ok: false, retryable: false, code: 'slack:invalid_auth', message: 'invalid_auth' });
      expect(JSON.stringify(result)).not.toContain(wrong);
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new SlackAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('slack', { apiBaseUrl: baseUrl }, credentials, { contact: CHANNEL }, signal),
    fake: () => fake,
    secrets: [credentials.botToken],
  });
});
