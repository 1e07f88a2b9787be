import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { connectAccount, createBlock, createBot } from '../helpers/scenario.ts';

describe('a wrong method on an existing path', () => {
  let t: TestApp;
  let botId: string;
  let webhookId: string;

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory' });
    botId = await createBot(t.api);
    await connectAccount(t.api, botId);
    webhookId = (await createBlock(t.api, botId)).id;
  });
  afterAll(() => t.close());

  it.each([
    ['PUT', '/v1/bots', 'GET, HEAD, POST'],
    ['DELETE', '/v1/bots', 'GET, HEAD, POST'],
    ['POST', '/v1/bots/{bot}', 'GET, HEAD, PATCH, DELETE'],
    ['PUT', '/v1/bots/{bot}/webhooks/{wh}', 'GET, HEAD, PATCH, DELETE'],
    ['GET', '/v1/bots/{bot}/webhooks/{wh}/rotate-token', 'POST'],
    ['DELETE', '/v1/bots/{bot}/subscriptions', 'GET, HEAD, POST'],
    ['GET', '/v1/admin-tokens/revoke', 'POST'],
    ['PUT', '/hooks/{wh}', 'GET, HEAD, POST'],
    ['DELETE', '/hooks/{wh}', 'GET, HEAD, POST'],
    ['POST', '/livechat/stream', 'GET, HEAD, OPTIONS'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/openapi.yaml', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, template, allow) => {
    const path = template.replace('{bot}', botId).replace('{wh}', webhookId);
    const res = await t.api.request(method, path, method === 'GET' ? {} : { body: {} });
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body.detail).toContain(method);
  });

  it('is still 404 for a path that exists under no method', async () => {
    for (const path of ['/v1/nothing', `/v1/bots/${botId}/nothing`, '/hooks', '/livechat', '/nothing/at/all']) {
      for (const method of ['GET', 'POST', 'PUT']) {
        const res = await t.api.request(method, path);
        expectProblem(res, 404, 'not-found');
        expect(res.headers.get('allow')).toBeNull();
      }
    }
  });

  it('asks for the admin token first: a wrong method without one is 401, not 405', async () => {
    const res = await t.api.withToken(null).request('PUT', '/v1/bots');
    expectProblem(res, 401);
  });

  it('answers HEAD like GET on a GET route, and does not list HEAD where GET is absent', async () => {
    const head = await t.app.request('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    const res = await t.api.request('HEAD', `/v1/bots/${botId}/webhooks/${webhookId}/rotate-token`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
