/** CORS on the live chat widget stream, for the origins its live chat account lists in `config.allowedOrigins`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { connectAccount, createBot } from '../helpers/scenario.ts';

const SHOP = 'https://shop.example.com';
const ALSO = 'http://localhost:5173';

describe('live chat CORS', () => {
  let t: TestApp;
  let base: string;
  let botId: string;
  let accountId: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.listen();
    botId = await createBot(t.api);
    accountId = await connectAccount(t.api, botId, 'site', 'livechat', { config: { allowedOrigins: [SHOP, ALSO] } });
    token = (await t.api.post(`/v1/bots/${botId}/channels/${accountId}/livechat-tokens`, { contact: 'visitor-1' })).body.token;
  });
  afterAll(() => t.close());

  /** Opens the stream over a real socket, reads the status and headers, and closes it. */
  async function open(headers: Record<string, string>, query = `?token=${token}`) {
    const controller = new AbortController();
    const res = await fetch(`${base}/livechat/stream${query}`, { headers, signal: controller.signal });
    const out = { status: res.status, headers: res.headers, body: res.status === 200 ? '' : await res.text() };
    controller.abort();
    return out;
  }

  it('shows the allowed origins on the account', async () => {
    const account = (await t.api.get(`/v1/bots/${botId}/channels/${accountId}`)).body;
    expect(account.config.allowedOrigins).toEqual([SHOP, ALSO]);
  });

  it('lets an allowed origin read the stream (Access-Control-Allow-Origin is that origin, Vary: Origin)', async () => {
    for (const origin of [SHOP, ALSO]) {
      const res = await open({ origin, accept: 'text/event-stream' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toContain('Origin');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives another origin, a look-alike or a missing Origin no CORS header (the browser then hides the stream)', async () => {
    for (const origin of ['https://evil.example.com', 'https://shop.example.com.evil.io', 'http://shop.example.com', 'null', '*']) {
      const res = await open({ origin });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const none = await open({});
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from an allowed origin with the method and the headers asked for', async () => {
    const res = await t.app.request(`/livechat/stream?token=${token}`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'Authorization, Last-Event-ID' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, last-event-id');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers other preflights 204 with no CORS header: another origin, no or a bad token, another method, other headers', async () => {
    const cases: [string, Record<string, string>][] = [
      [`?token=${token}`, { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' }],
      ['', { origin: SHOP, 'access-control-request-method': 'GET' }],
      ['?token=not-a-token', { origin: SHOP, 'access-control-request-method': 'GET' }],
      [`?token=${token}x`, { origin: SHOP, 'access-control-request-method': 'GET' }],
      [`?token=${token}`, { origin: SHOP, 'access-control-request-method': 'DELETE' }],
      [`?token=${token}`, { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-admin' }],
    ];
    for (const [query, headers] of cases) {
      const res = await t.app.request(`/livechat/stream${query}`, { method: 'OPTIONS', headers });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), `${query} ${JSON.stringify(headers)}`).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('lets an allowed origin read a refusal about its stream, but not one for an unknown token', async () => {
    const bad = await open({ origin: SHOP, 'last-event-id': 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(JSON.parse(bad.body).type).toContain('bad-request');
    const unknown = await open({ origin: SHOP }, '?token=forged');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('follows a PATCH of the account: an origin removed is refused at once', async () => {
    const patched = await t.api.patch(`/v1/bots/${botId}/channels/${accountId}`, { config: { allowedOrigins: [ALSO] } });
    expect(patched.status, patched.text).toBe(200);
    expect((await open({ origin: SHOP })).headers.get('access-control-allow-origin')).toBeNull();
    expect((await open({ origin: ALSO })).headers.get('access-control-allow-origin')).toBe(ALSO);
    await t.api.patch(`/v1/bots/${botId}/channels/${accountId}`, { config: { allowedOrigins: [SHOP, ALSO] } });
  });

  it('allows no origin on an account that lists none', async () => {
    const other = await connectAccount(t.api, botId, 'site-2', 'livechat');
    const widget = (await t.api.post(`/v1/bots/${botId}/channels/${other}/livechat-tokens`, { contact: 'visitor-2' })).body.token;
    const res = await open({ origin: SHOP }, `?token=${widget}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses what is not an origin at create and PATCH, naming the entry', async () => {
    for (const bad of [
      'shop.example.com',
      'https://shop.example.com/',
      'https://shop.example.com/widget',
      'https://Shop.example.com',
      'https://shop.example.com:443',
      'ftp://shop.example.com',
      '*',
      'https://user@shop.example.com',
    ]) {
      const res = await t.api.post(`/v1/bots/${botId}/channels`, {
        channel: 'livechat',
        alias: 'bad-origin',
        config: { allowedOrigins: [SHOP, bad] },
      });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors).toEqual([{ path: '/config/allowedOrigins/1', message: expect.stringContaining('origin') }]);
      const patched = await t.api.patch(`/v1/bots/${botId}/channels/${accountId}`, { config: { allowedOrigins: [bad] } });
      expectProblem(patched, 400, 'validation');
    }
    const many = Array.from({ length: 51 }, (_, i) => `https://s${i}.example.com`);
    expectProblem(
      await t.api.post(`/v1/bots/${botId}/channels`, { channel: 'livechat', alias: 'many', config: { allowedOrigins: many } }),
      400,
    );
  });

  it('refuses allowedOrigins on a channel other than livechat', async () => {
    const res = await t.api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'sbx', config: { allowedOrigins: [SHOP] } });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors[0].path).toBe('/config/allowedOrigins');
  });
});
