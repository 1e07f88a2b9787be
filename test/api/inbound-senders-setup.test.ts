/**
 * Around the sender schemes: the settings' validation and write-only secrets, rotation, query-token,
 * Meta's and Slack's handshakes on a real socket, allowedIps, per-environment rate limits, form
 * bodies on the bearer path.
 */
import { createHmac } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, HttpApi } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ManualClock } from '../helpers/clock.ts';
import { callHook, callHookRaw, createBlock, createBotWithSandbox, ORDER_BLOCK, orderBody } from '../helpers/scenario.ts';

const clock = new ManualClock(Date.now());
let t: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  api = new Api(t.app, await t.token());
  ({ botId } = await createBotWithSandbox(api, 'test'));
});
afterAll(() => t.close());

const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const github = async (id: string, body: unknown, secret: string) =>
  callHookRaw(api, id, json(body), {
    'content-type': 'application/json',
    'x-hub-signature-256': await githubSign(secret, JSON.stringify(body)),
  });

describe('verification settings', () => {
  it('generates a secret where Hookgate may choose it, shows it once, then only secretSet', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'standard-webhooks' } });
    expect(created.verification).toMatchObject({ scheme: 'standard-webhooks', secretSet: true, secret: expect.stringMatching(/^whsec_/) });
    const read = await api.get(`/v1/bots/${botId}/webhooks/${created.id}`);
    expect(read.body.verification).toEqual({ scheme: 'standard-webhooks', secretSet: true, developmentMarker: '?env=development' });
    expect(JSON.stringify((await api.get(`/v1/bots/${botId}/webhooks`)).body)).not.toContain(
      (created.verification as { secret: string }).secret,
    );
  });

  it('shows bearer, the default, as before', async () => {
    const created = await createBlock(api, botId, ORDER_BLOCK);
    expect(created.verification).toEqual({ scheme: 'bearer', secretSet: false });
  });

  it('refuses a provider scheme without the provider’s secret, and incomplete settings', async () => {
    const post = (verification: unknown) => api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, verification });
    const stripe = await post({ scheme: 'stripe' });
    expectProblem(stripe, 400, 'validation');
    expect(stripe.body.errors).toEqual([{ path: '/verification/secret', message: expect.stringContaining('stripe') }]);
    expect((await post({ scheme: 'basic' })).body.errors[0].path).toBe('/verification/username');
    expect((await post({ scheme: 'hmac' })).body.errors[0].path).toBe('/verification/header');
    expectProblem(await post({ scheme: 'nope' }), 400, 'validation');
    expect((await post({ scheme: 'bearer', secret: 'a-secret-value' })).body.errors[0].path).toBe('/verification/secret');
    expect((await post({ scheme: 'github', secret: 'a-secret-value', header: 'X-Sig' })).body.errors[0].path).toBe('/verification/header');
    expect((await post({ scheme: 'github', secret: 'a-secret-value', toleranceSeconds: 9 })).body.errors[0].path).toBe(
      '/verification/toleranceSeconds',
    );
    expectProblem(await post({ scheme: 'github', secret: 'short' }), 400, 'validation');
    expectProblem(await post({ scheme: 'hmac', header: 'bad header' }), 400, 'validation');
    expectProblem(await post({ scheme: 'hmac', header: 'X-Sig', signedPayload: '{timestamp}' }), 400, 'validation');
    expectProblem(await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, allowedIps: ['10.0.0.0/33'] }), 400, 'validation');
    expectProblem(await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, allowedIps: ['example.com'] }), 400, 'validation');
  });

  it('keeps a replaced secret valid for 24 hours, then refuses it', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'github', secret: 'first-secret' } });
    const patched = await api.patch(`/v1/bots/${botId}/webhooks/${created.id}`, {
      verification: { scheme: 'github', secret: 'second-secret' },
    });
    expect(patched.body.verification).toEqual({ scheme: 'github', secretSet: true, developmentMarker: '?env=development' });
    expect((await github(created.id, orderBody('rot-1'), 'first-secret')).status).toBe(202);
    expect((await github(created.id, orderBody('rot-2'), 'second-secret')).status).toBe(202);
    // A PATCH of other fields keeps both secrets.
    await api.patch(`/v1/bots/${botId}/webhooks/${created.id}`, { name: 'Renamed' });
    clock.advance(24 * 3600 * 1000 + 1000);
    expectProblem(await github(created.id, orderBody('rot-3'), 'first-secret'), 401, 'unauthorized');
    expect((await github(created.id, orderBody('rot-4'), 'second-secret')).status).toBe(202);
  });

  it('goes back to bearer tokens when the scheme is set to bearer', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'github', secret: 'some-secret' } });
    expectProblem(await callHook(api, created.id, created.tokens.production, orderBody()), 401, 'unauthorized');
    await api.patch(`/v1/bots/${botId}/webhooks/${created.id}`, { verification: { scheme: 'bearer' } });
    expect((await callHook(api, created.id, created.tokens.production, orderBody())).status).toBe(202);
  });
});

describe('query-token', () => {
  it('takes the production and development tokens from the URL', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'query-token' } });
    const post = (query: string) =>
      callHookRaw(api, `${created.id}${query}`, json(orderBody('qt')), { 'content-type': 'application/json' });
    const prod = await post(`?token=${created.tokens.production}`);
    expect(prod.status, prod.text).toBe(202);
    expect(prod.body.environment).toBe('production');
    expect((await post(`?token=${created.tokens.development}`)).body.environment).toBe('development');
    const missing = await post('');
    expectProblem(missing, 401, 'unauthorized');
    expect(missing.body.detail).toContain('?token=');
    expectProblem(await post('?token=forged'), 401, 'unauthorized');
    // The token is never kept with the call.
    const activity = await api.get(`/v1/bots/${botId}/webhooks/${created.id}/activity`);
    expect(JSON.stringify(activity.body)).not.toContain(created.tokens.production);
  });

  it('refuses the token before reading the body (401 before 415)', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'query-token' } });
    expectProblem(await callHookRaw(api, `${created.id}?token=x`, 'hello', { 'content-type': 'text/plain' }), 401, 'unauthorized');
  });
});

describe('form bodies', () => {
  it('are read as an object on the bearer path too, repeated keys as arrays, __proto__ a plain key', async () => {
    const created = await createBlock(api, botId, {
      name: 'Form',
      type: 'workflow',
      variables: [
        { data: 'order', variable: 'order_id', required: true },
        { data: 'tag', variable: 'tags' },
      ],
    });
    const body = 'contact_reference_id=f-1&order=F-1&tag=a&tag=b&__proto__=x';
    const res = await callHookRaw(api, created.id, body, {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `Bearer ${created.tokens.production}`,
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.variables).toEqual({ order_id: 'F-1', tags: ['a', 'b'] });
    const [entry] = (await api.get(`/v1/bots/${botId}/webhooks/${created.id}/activity`)).body.data;
    expect(Object.keys(entry.body)).toEqual(['contact_reference_id', 'order', 'tag', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(entry.body, '__proto__')?.value).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('allowedIps and rate limits', () => {
  it('refuses callers outside allowedIps with 403 before anything else, on a real socket', async () => {
    const base = await t.listen();
    const outside = await createBlock(api, botId, { ...ORDER_BLOCK, allowedIps: ['10.0.0.0/8'] });
    const inside = await createBlock(api, botId, { ...ORDER_BLOCK, allowedIps: ['127.0.0.0/8', '::1'] });
    const http = await HttpApi.connect(base, null);
    const refused = await http.request('POST', `/hooks/${outside.id}`, { rawBody: 'not even json', headers: {} });
    expectProblem(refused, 403, 'forbidden');
    const ok = await callHook(http, inside.id, inside.tokens.production, orderBody('ip-1'));
    expect(ok.status, ok.text).toBe(202);
  });

  it('counts development calls apart from production', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, rateLimit: { limit: 1, periodSeconds: 3600 } });
    expect((await callHook(api, created.id, created.tokens.development, orderBody('rl'))).status).toBe(202);
    expect((await callHook(api, created.id, created.tokens.production, orderBody('rl'))).status).toBe(202);
    expectProblem(await callHook(api, created.id, created.tokens.production, orderBody('rl')), 429, 'rate-limited');
  });
});

describe('handshakes on a real socket', () => {
  it('answers Meta’s subscription GET with the challenge when the verify token matches, 403 otherwise', async () => {
    const base = await t.listen();
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'meta', secret: 'meta-app-secret' } });
    const verifyToken = (created.verification as { verifyToken: string }).verifyToken;
    expect(verifyToken).toMatch(/^[\w-]{20,}$/);
    const get = (query: string) => fetch(`${base}/hooks/${created.id}?${query}`);
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(await ok.text()).toBe('1158201444');
    expect((await get('hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1')).status).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).status).toBe(403);
    const bearer = await createBlock(api, botId, ORDER_BLOCK);
    expect((await fetch(`${base}/hooks/${bearer.id}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status).toBe(403);
  });

  it('answers Slack’s url_verification with its challenge, signed, and stores nothing', async () => {
    const base = await t.listen();
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'slack', secret: 'slack-signing-secret' } });
    const body = JSON.stringify({
      token: 'legacy',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const post = (secret: string) => {
      const ts = String(Math.floor(clock.now() / 1000));
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      return fetch(`${base}/hooks/${created.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
        body,
      });
    };
    const ok = await post('slack-signing-secret');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect((await post('wrong-secret-xx')).status).toBe(401);
    expect((await api.get(`/v1/bots/${botId}/webhooks/${created.id}/activity?status=accepted`)).body.data).toEqual([]);
  });
});

describe('the block’s own response', () => {
  it('answers with the rendered template, JSON-escaped, on the call and on its replay', async () => {
    const created = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      response: {
        status: 200,
        body: '{"ok":true,"id":"{{ sys_request_id }}","who":"{{customer_name}}","contact":"{{sys_contact_reference_id}}"}',
      },
    });
    expect(created.response).toEqual({
      status: 200,
      contentType: 'application/json',
      body: expect.stringContaining('sys_request_id'),
    });
    const headers = { 'idempotency-key': 'own-1' };
    const res = await callHook(api, created.id, created.tokens.production, orderBody('own-c', 'A "quoted" \\ name'), headers);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body).toEqual({ ok: true, id: expect.stringMatching(/^req_/), who: 'A "quoted" \\ name', contact: 'own-c' });
    const again = await callHook(api, created.id, created.tokens.production, orderBody('own-c', 'A "quoted" \\ name'), headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it('answers text/plain as written, and refuses a bad template or status', async () => {
    const created = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      response: { status: 200, contentType: 'text/plain', body: 'OK {{order_id}}' },
    });
    const res = await callHook(api, created.id, created.tokens.production, orderBody('own-t'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK A-1001');
    const bad = (response: unknown) => api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, response });
    expectProblem(await bad({ body: '{{ unclosed' }), 400, 'validation');
    expectProblem(await bad({ status: 302, body: 'x' }), 400, 'validation');
    expectProblem(await bad({ contentType: 'text/html', body: 'x' }), 400, 'validation');
  });
});

describe('batches', () => {
  it('accepts up to 100 calls in one JSON array, each its own call, answered with one result list', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, batch: true });
    expect(created.batch).toBe(true);
    const body = [orderBody('b-1', 'Ada', 'B-1'), { contact_reference_id: 'b-2' }, 'not an object', orderBody('b-3', 'Cy', 'B-3')];
    const headers = { 'idempotency-key': 'batch-1' };
    const res = await callHook(api, created.id, created.tokens.production, body, headers);
    expect(res.status, res.text).toBe(207);
    const statuses = res.body.results.map((r: { index: number; status: number }) => [r.index, r.status]);
    expect(statuses).toEqual([
      [0, 202],
      [1, 400],
      [2, 400],
      [3, 202],
    ]);
    expect(res.body.results[0].body).toMatchObject({ contact: 'b-1', variables: { order_id: 'B-1' } });
    expect(res.body.results[1].problem).toMatchObject({ type: expect.stringContaining('validation') });
    expect(res.body.results[0].body.requestId).not.toBe(res.body.results[3].body.requestId);
    const activity = async () => (await api.get(`/v1/bots/${botId}/webhooks/${created.id}/activity?status=accepted`)).body.data;
    expect(await activity()).toHaveLength(2);
    // The same batch again: the stored calls replay, nothing is stored twice.
    const again = await callHook(api, created.id, created.tokens.production, body, headers);
    expect(again.body.results[3].body.requestId).toBe(res.body.results[3].body.requestId);
    expect(await activity()).toHaveLength(2);
  });

  it('refuses an array without batch: true, an empty batch and one over 100 calls', async () => {
    const plain = await createBlock(api, botId, ORDER_BLOCK);
    expectProblem(await callHook(api, plain.id, plain.tokens.production, [orderBody()]), 400, 'bad-request');
    const batch = await createBlock(api, botId, { ...ORDER_BLOCK, batch: true });
    expectProblem(await callHook(api, batch.id, batch.tokens.production, []), 400, 'bad-request');
    const many = Array.from({ length: 101 }, (_, i) => orderBody(`m-${i}`));
    expectProblem(await callHook(api, batch.id, batch.tokens.production, many), 400, 'bad-request');
  });
});

describe('order of checks on the sender path', () => {
  it('verifies before saying the block is disabled, and asks for Basic credentials the Basic way', async () => {
    const created = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      enabled: false,
      verification: { scheme: 'github', secret: 'order-secret' },
    });
    expectProblem(await github(created.id, orderBody(), 'wrong-secret'), 401, 'unauthorized');
    expectProblem(await github(created.id, orderBody(), 'order-secret'), 403, 'webhook-disabled');
    const basic = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'basic', username: 'u' } });
    const res = await callHookRaw(api, basic.id, json(orderBody()), { 'content-type': 'application/json' });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="hookgate"');
  });

  it('checks the signature before the media type, and accepts a batch from a signed sender', async () => {
    const created = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      batch: true,
      verification: { scheme: 'github', secret: 'batch-secret' },
    });
    const text = 'plain text';
    const unsigned = await callHookRaw(api, created.id, text, { 'content-type': 'text/plain' });
    expectProblem(unsigned, 401, 'unauthorized');
    const signed = await callHookRaw(api, created.id, text, {
      'content-type': 'text/plain',
      'x-hub-signature-256': await githubSign('batch-secret', text),
    });
    expectProblem(signed, 415, 'unsupported-media-type');
    const batch = await github(created.id, [orderBody('sb-1'), orderBody('sb-2')], 'batch-secret');
    expect(batch.status, batch.text).toBe(207);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([202, 202]);
  });
});
