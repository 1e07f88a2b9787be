import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessengerAdapter } from '../../src/channels/messenger.ts';
import type { Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, graphError, startFakeMessenger } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const credentials = { pageAccessToken: 'EAAGsecret-messenger-page-token-91bc', pageId: '918273645546372' };
const PSID = '6543210987654321';

describe('Messenger adapter (Send API)', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new MessengerAdapter(http);

  beforeAll(async () => {
    fake = await startFakeMessenger(credentials);
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const send = (message: Partial<Reply> = {}, config: Record<string, string> = {}) =>
    adapter.send(aSendRequest('messenger', { apiBaseUrl: fake.apiBaseUrl, ...config }, credentials, { contact: PSID, ...message }));
  const sentBody = () => JSON.parse(fake.requests[0]!.body) as unknown;

  it('sends a RESPONSE text message to the PSID with the page token and returns the message id', async () => {
    fake.respondWith([
      {
        status: 200,
        body: { recipient_id: PSID, message_id: 'AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P' },
      },
    ]);
    const result = await send({ text: 'hello, world' });

    expect(result).toEqual({
      ok: true,
      providerMessageId: 'AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P',
    });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v21.0/918273645546372/messages' });
    expect(Object.fromEntries(request!.query)).toEqual({ access_token: credentials.pageAccessToken });
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.headers['content-type']).toBe('application/json');
    expect(sentBody()).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'hello, world' } });
  });

  it('uses the account’s Graph API version', async () => {
    const result = await send({}, { apiVersion: 'v19.0' });
    expect(result.ok).toBe(true);
    expect(fake.requests[0]!.path).toBe('/v19.0/918273645546372/messages');
  });

  it('sends buttons as text quick replies whose payload is the button id', async () => {
    const result = await send({
      text: 'Pick a color:',
      buttons: [
        { id: 'PICK_RED', title: 'Red' },
        { id: 'PICK_GREEN', title: 'A rather long green label' },
      ],
    });
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^m_/) });
    expect(fake.violations).toEqual([]);
    expect(sentBody()).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: {
        text: 'Pick a color:',
        quick_replies: [
          { content_type: 'text', title: 'Red', payload: 'PICK_RED' },
          { content_type: 'text', title: 'A rather long green…', payload: 'PICK_GREEN' },
        ],
      },
    });
  });

  it('fails for good, sending nothing, when a reply has more than 13 quick replies', async () => {
    const buttons = Array.from({ length: 14 }, (_, i) => ({ id: `opt-${i}`, title: `Option ${i}` }));
    const result = await send({ buttons });
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'messenger:unsupported_buttons' });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails for good, sending nothing, without a page id', async () => {
    const result = await adapter.send(
      aSendRequest('messenger', { apiBaseUrl: fake.apiBaseUrl }, { pageAccessToken: credentials.pageAccessToken }, { contact: PSID }),
    );
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'messenger:missing_credentials' });
    expect(fake.requests).toHaveLength(0);
  });

  describe('classifies Send API errors by their code', () => {
    it.each([
      [
        '1200 temporary send message failure',
        graphError(500, 1200, 'Temporary send message failure. Please try again later.'),
        'messenger:1200',
      ],
      ['613 rate limit', graphError(400, 613, 'Calls to this api have exceeded the rate limit.'), 'messenger:613'],
      ['2 unexpected error', graphError(500, 2, 'An unexpected error has occurred. Please retry your request later.'), 'messenger:2'],
      ['4 application request limit', graphError(400, 4, '(#4) Application request limit reached'), 'messenger:4'],
      ['HTTP 500 without a Graph error', { status: 500, body: '' }, 'http_500'],
    ])('retries later on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code });
    });

    it.each([
      ['551 person not available', graphError(400, 551, "(#551) This person isn't available right now."), 'messenger:551'],
      [
        '10 outside the messaging window',
        graphError(400, 10, '(#10) This message is sent outside of allowed window.', { subcode: 2018278 }),
        'messenger:10',
      ],
      ['190 invalid token', graphError(400, 190, 'Invalid OAuth access token.'), 'messenger:190'],
      ['100 no matching user', graphError(400, 100, '(#100) No matching user found', { subcode: 2018001 }), 'messenger:100'],
      ['230 permissions disallow message to user', graphError(403, 230, 'Permissions disallow message to user'), 'messenger:230'],
    ])('fails for good on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      expect(await send()).toMatchObject({ ok: false, retryable: false, code });
    });

    it('keeps the subcode in the message, which tells the closed window apart', async () => {
      fake.respondWith([graphError(400, 10, '(#10) This message is sent outside of allowed window.', { subcode: 2018278 })]);
      const result = await send();
      expect(!result.ok && result.message).toBe(
        '(#10) This message is sent outside of allowed window. — subcode 2018278 — fbtrace_id AbCdEfGhIjK',
      );
    });

    it('waits as long as Retry-After says on a 429', async () => {
      fake.respondWith([graphError(429, 613, 'Calls to this api have exceeded the rate limit.', { headers: { 'Retry-After': '2' } })]);
      expect(await send()).toEqual({ ok: false, retryable: true, code: 'messenger:613', message: expect.any(String), retryAfterMs: 2000 });
    });

    it('never repeats the page token, even when the provider echoes it', async () => {
      fake.respondWith([graphError(400, 190, `Invalid OAuth access token ${credentials.pageAccessToken}`)]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(JSON.stringify(result)).not.toContain(credentials.pageAccessToken);
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new MessengerAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('messenger', { apiBaseUrl: baseUrl }, credentials, { contact: PSID }, signal),
    fake: () => fake,
    secrets: [credentials.pageAccessToken],
  });
});
