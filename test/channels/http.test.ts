import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../src/channels/http.ts';
import type { JsonObject, Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, startFakeReceiver } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PLAIN_SECRET = 'secret-http-signing-key-c0ffee';

describe('HTTP channel adapter', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new HttpAdapter(http);

  beforeAll(async () => {
    fake = await startFakeReceiver();
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const config = (extra: JsonObject = {}): JsonObject => ({ url: `${fake.origin}/hooks/replies`, ...extra });
  const send = (credentials: JsonObject = {}, message: Partial<Reply> = {}, extra: JsonObject = {}) =>
    adapter.send(aSendRequest('http', config(extra), credentials, { contact: 'user-123', ...message }));
  const headersOf = (i = 0) => fake.requests[i]!.headers as Record<string, string>;

  it('POSTs the reply as JSON with the configured headers', async () => {
    const before = Date.now();
    const result = await send(
      {},
      {
        id: 'msg_abc123',
        text: 'Your ticket was updated',
        buttons: [{ id: 'view', title: 'View ticket' }],
        webhookId: 'wh_1',
        requestId: 'req_1',
        environment: 'development',
      },
      { headers: { 'X-Team': 'support', Authorization: 'Bearer receiver-token' } },
    );

    expect(result).toEqual({ ok: true, providerMessageId: 'msg_abc123' });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/replies' });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-team': 'support',
      authorization: 'Bearer receiver-token',
    });
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toEqual({
      type: 'message',
      id: 'msg_abc123',
      contact: 'user-123',
      text: 'Your ticket was updated',
      buttons: [{ id: 'view', title: 'View ticket' }],
      environment: 'development',
      webhookId: 'wh_1',
      requestId: 'req_1',
      timestamp: expect.any(String),
    });
    expect(Date.parse(body.timestamp as string)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('sends no signature headers without a signing secret', async () => {
    await send();
    expect(Object.keys(headersOf())).not.toEqual(expect.arrayContaining(['webhook-signature']));
    expect(headersOf()['x-hookgate-signature']).toBeUndefined();
  });

  it('returns the receiver’s id when its answer has one', async () => {
    fake.respondWith([{ status: 202, body: { id: 'rcv_778' } }]);
    expect(await send()).toEqual({ ok: true, providerMessageId: 'rcv_778' });
  });

  describe('signing', () => {
    it('signs with a whsec_ secret so the standardwebhooks library verifies the request', async () => {
      const result = await send({ signingSecret: WHSEC });
      expect(result.ok).toBe(true);
      const { body } = fake.requests[0]!;
      const headers = headersOf();
      expect(() => new Webhook(WHSEC).verify(body, headers)).not.toThrow();
      const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64');
      expect(headers['x-hookgate-signature']).toBe(`sha256=${createHmac('sha256', key).update(body).digest('hex')}`);
    });

    it('signs with any other secret as its UTF-8 bytes', async () => {
      await send({ signingSecret: PLAIN_SECRET });
      const { body } = fake.requests[0]!;
      const headers = headersOf();
      expect(() => new Webhook(new TextEncoder().encode(PLAIN_SECRET), { format: 'raw' }).verify(body, headers)).not.toThrow();
      expect(headers['x-hookgate-signature']).toBe(`sha256=${createHmac('sha256', PLAIN_SECRET).update(body).digest('hex')}`);
    });

    it('fails verification for a receiver holding another secret', async () => {
      await send({ signingSecret: PLAIN_SECRET });
      const other = new Webhook(new TextEncoder().encode('another-secret'), { format: 'raw' });
      expect(() => other.verify(fake.requests[0]!.body, headersOf())).toThrow(/No matching signature/);
    });

    it('uses the message id as webhook-id, the same on every retry, so receivers can drop duplicates', async () => {
      fake.respondWith([{ status: 503 }]);
      const message = { id: 'msg_retry_1' };
      expect(await send({ signingSecret: WHSEC }, message)).toMatchObject({ ok: false, retryable: true });
      expect(await send({ signingSecret: WHSEC }, message)).toEqual({ ok: true, providerMessageId: 'msg_retry_1' });
      expect(fake.requests.map((r) => r.headers['webhook-id'])).toEqual(['msg_retry_1', 'msg_retry_1']);
    });

    it('does not let configured headers replace the content type or the signatures', async () => {
      await send(
        { signingSecret: WHSEC },
        {},
        { headers: { 'Content-Type': 'text/plain', 'Webhook-Signature': 'v1,forged', 'X-Hookgate-Signature': 'sha256=forged' } },
      );
      const headers = headersOf();
      expect(headers['content-type']).toBe('application/json');
      expect(headers['webhook-signature']).not.toContain('forged');
      expect(headers['x-hookgate-signature']).not.toContain('forged');
      expect(() => new Webhook(WHSEC).verify(fake.requests[0]!.body, headers)).not.toThrow();
    });

    it('fails for good, sending nothing, with a whsec_ secret that is not base64', async () => {
      const result = await send({ signingSecret: 'whsec_not base64!' });
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'http:invalid_signing_secret' });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('header values sealed with the credentials', () => {
    it('sends them, and redacts them (also base64) from an error that echoes them', async () => {
      const value = 'x-auth-sealed-value-77aa';
      fake.respondWith([{ status: 401, body: `${'e'.repeat(190)} bad ${value} (${Buffer.from(value).toString('base64')})` }]);
      const result = await send({ headers: { 'X-Auth': value } }, {}, { headers: { 'X-Auth': { set: true } } });
      expect(headersOf()['x-auth']).toBe(value);
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'http_401' });
      const message = (result as { message: string }).message;
      expect(message).not.toContain(value.slice(0, 6));
      expect(message).not.toContain(Buffer.from(value).toString('base64').slice(0, 8));
    });
  });

  describe('classifies the receiver’s answer by status', () => {
    it.each([400, 401, 403, 404, 410, 422])('fails for good on %i', async (status) => {
      fake.respondWith([{ status, body: { error: 'nope' } }]);
      const result = await send();
      expect(result).toEqual({ ok: false, retryable: false, code: `http_${status}`, message: `HTTP ${status}: {"error":"nope"}` });
    });

    it.each([408, 429, 500, 502, 503, 504])('retries later on %i', async (status) => {
      fake.respondWith([{ status }]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code: `http_${status}` });
    });

    it('fails for good on a redirect, which is never followed', async () => {
      fake.respondWith([{ status: 302, headers: { location: 'http://169.254.169.254/' } }]);
      expect(await send()).toMatchObject({ ok: false, retryable: false, code: 'http_302' });
      expect(fake.requests).toHaveLength(1);
    });

    it('waits as long as Retry-After says on a 429', async () => {
      fake.respondWith([{ status: 429, headers: { 'Retry-After': '2' } }]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code: 'http_429', retryAfterMs: 2000 });
    });

    it('waits until the date Retry-After names on a 503', async () => {
      const at = new Date(Date.now() + 120_000).toUTCString();
      fake.respondWith([{ status: 503, headers: { 'Retry-After': at } }]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: true, code: 'http_503' });
      const wait = result.ok ? 0 : (result.retryAfterMs ?? 0);
      expect(wait).toBeGreaterThan(100_000);
      expect(wait).toBeLessThanOrEqual(120_000);
    });

    it('never repeats the signing secret in a result', async () => {
      fake.respondWith([{ status: 400, body: `bad signature for secret ${PLAIN_SECRET}` }]);
      const result = await send({ signingSecret: PLAIN_SECRET });
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(JSON.stringify(result)).not.toContain(PLAIN_SECRET);
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new HttpAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('http', { url: `${baseUrl}/replies` }, { signingSecret: PLAIN_SECRET }, {}, signal),
    fake: () => fake,
    secrets: [PLAIN_SECRET],
  });
});
