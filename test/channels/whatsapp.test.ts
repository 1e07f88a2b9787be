import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppAdapter } from '../../src/channels/whatsapp.ts';
import type { Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, graphError, startFakeWhatsApp } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const credentials = { accessToken: 'EAAGsecret-whatsapp-access-token-7f3a', phoneNumberId: '106540352242922' };

describe('WhatsApp adapter (Cloud API)', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new WhatsAppAdapter(http);

  beforeAll(async () => {
    fake = await startFakeWhatsApp(credentials);
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const send = (message: Partial<Reply> = {}, config: Record<string, string> = {}) =>
    adapter.send(aSendRequest('whatsapp', { apiBaseUrl: fake.apiBaseUrl, ...config }, credentials, message));
  const sentBody = () => JSON.parse(fake.requests[0]!.body) as unknown;

  it('sends a text message to the phone number id with the bearer token and returns the wamid', async () => {
    fake.respondWith([
      {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
          messages: [{ id: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA' }],
        },
      },
    ]);
    const result = await send({ contact: '+16505551234', text: 'Your order has shipped.' });

    expect(result).toEqual({ ok: true, providerMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA' });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v21.0/106540352242922/messages' });
    expect(request!.headers.authorization).toBe(`Bearer ${credentials.accessToken}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(sentBody()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'text',
      text: { body: 'Your order has shipped.', preview_url: false },
    });
  });

  it('uses the account’s Graph API version', async () => {
    const result = await send({}, { apiVersion: 'v23.0' });
    expect(result.ok).toBe(true);
    expect(fake.requests[0]!.path).toBe('/v23.0/106540352242922/messages');
  });

  it('sends reply buttons as an interactive button message', async () => {
    const result = await send({
      text: 'Reschedule your workshop?',
      buttons: [
        { id: 'keep', title: 'Keep it' },
        { id: 'change', title: 'Change' },
      ],
    });
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) });
    expect(fake.violations).toEqual([]);
    expect(sentBody()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+14155550123',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Reschedule your workshop?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'keep', title: 'Keep it' } },
            { type: 'reply', reply: { id: 'change', title: 'Change' } },
          ],
        },
      },
    });
  });

  it('shortens button titles to the 20 characters WhatsApp allows, keeping the id', async () => {
    const result = await send({ buttons: [{ id: 'talk-to-agent', title: 'Talk to a human agent please' }] });
    expect(result.ok).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(sentBody()).toMatchObject({
      interactive: { action: { buttons: [{ type: 'reply', reply: { id: 'talk-to-agent', title: 'Talk to a human age…' } }] } },
    });
  });

  it('fails for good, sending nothing, when a reply has more than three buttons', async () => {
    const buttons = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id.toUpperCase() }));
    const result = await send({ buttons });
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'whatsapp:unsupported_buttons' });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails for good, sending nothing, without an access token', async () => {
    const result = await adapter.send(aSendRequest('whatsapp', { apiBaseUrl: fake.apiBaseUrl }, { phoneNumberId: '106540352242922' }));
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'whatsapp:missing_credentials' });
    expect(fake.requests).toHaveLength(0);
  });

  describe('classifies Cloud API errors by their code', () => {
    it.each([
      [
        '130429 rate limit hit',
        graphError(400, 130429, '(#130429) Rate limit hit', { details: 'Cloud API message throughput has been reached.' }),
        'whatsapp:130429',
      ],
      [
        '131056 pair rate limit',
        graphError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit'),
        'whatsapp:131056',
      ],
      ['131000 something went wrong', graphError(500, 131000, 'Something went wrong'), 'whatsapp:131000'],
      ['131016 service unavailable', graphError(503, 131016, 'Service unavailable'), 'whatsapp:131016'],
      ['133004 server temporarily unavailable', graphError(503, 133004, 'Server temporarily unavailable'), 'whatsapp:133004'],
      ['80007 business account rate limit', graphError(400, 80007, '(#80007) Rate limit issues'), 'whatsapp:80007'],
      ['2 API service temporarily down', graphError(503, 2, 'Service temporarily unavailable'), 'whatsapp:2'],
      ['an unknown code with HTTP 500', graphError(500, 999999, 'Unexpected'), 'whatsapp:999999'],
      ['HTTP 503 without a Graph error', { status: 503, body: 'upstream connect error' }, 'http_503'],
    ])('retries later on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: true, code });
    });

    it.each([
      [
        '131047 re-engagement (24-hour window closed)',
        graphError(400, 131047, '(#131047) Re-engagement message', {
          details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        }),
        'whatsapp:131047',
      ],
      ['131026 message undeliverable', graphError(400, 131026, '(#131026) Message Undeliverable.'), 'whatsapp:131026'],
      ['190 expired access token', graphError(401, 190, 'Error validating access token: Session has expired'), 'whatsapp:190'],
      [
        '100 invalid parameter',
        graphError(400, 100, '(#100) Invalid parameter', { details: 'Unexpected key "foo" on param "text".' }),
        'whatsapp:100',
      ],
      ['131051 unsupported message type', graphError(400, 131051, '(#131051) Unsupported message type'), 'whatsapp:131051'],
      [
        '132000 template parameter count mismatch',
        graphError(400, 132000, '(#132000) Number of parameters does not match the expected number of params'),
        'whatsapp:132000',
      ],
      ['131031 account locked, even as a 500', graphError(500, 131031, '(#131031) Business Account locked'), 'whatsapp:131031'],
      ['an unknown code with HTTP 400', graphError(400, 999998, 'Something else'), 'whatsapp:999998'],
    ])('fails for good on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: false, code });
      expect(result).not.toHaveProperty('retryAfterMs');
    });

    it('keeps Meta’s message, details and trace id in the result', async () => {
      fake.respondWith([
        graphError(400, 131047, '(#131047) Re-engagement message', {
          details: 'More than 24 hours have passed since the customer last replied.',
        }),
      ]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, code: 'whatsapp:131047' });
      expect(!result.ok && result.message).toBe(
        '(#131047) Re-engagement message — More than 24 hours have passed since the customer last replied. — fbtrace_id AbCdEfGhIjK',
      );
    });

    it('waits as long as Retry-After says on a 429', async () => {
      fake.respondWith([graphError(429, 4, '(#4) Application request limit reached', { headers: { 'Retry-After': '2' } })]);
      const result = await send();
      expect(result).toEqual({ ok: false, retryable: true, code: 'whatsapp:4', message: expect.any(String), retryAfterMs: 2000 });
    });

    it('never repeats the access token, even when the provider echoes it', async () => {
      fake.respondWith([graphError(400, 190, `Malformed access token ${credentials.accessToken}`)]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'whatsapp:190' });
      expect(JSON.stringify(result)).not.toContain(credentials.accessToken);
    });

    it('fails for good, not retrying a possibly sent message, on a 200 without a message id', async () => {
      fake.respondWith([{ status: 200, body: { messaging_product: 'whatsapp', contacts: [] } }]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'whatsapp:unexpected_response' });
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new WhatsAppAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('whatsapp', { apiBaseUrl: baseUrl }, credentials, {}, signal),
    fake: () => fake,
    secrets: [credentials.accessToken],
  });
});
