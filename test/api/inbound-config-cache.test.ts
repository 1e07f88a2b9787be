import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Two API instances over one store: each caches webhook configs for its inbound route. An edit
 * made through one must change the other's answers at once (no window where a revoked token or a
 * disabled block is still accepted).
 */
describe.each(['redis', 'memory'] as const)('inbound config cache across API instances (%s store)', (store) => {
  let t: TestApp;
  let admin: Api;
  let other: Api;
  let botId: string;
  let hookId: string;
  let token: string;
  const body = { contact_reference_id: 'c1', data: { name: 'Ada' } };

  beforeAll(async () => {
    t = await createTestApp({ store });
    admin = new Api(t.app, await t.token());
    // A second app instance on the same services has its own inbound cache.
    other = new Api(createApp(t.services), null);
  });
  // Each test edits its own bot and block, whatever ran before it.
  beforeEach(async () => {
    botId = (await admin.post('/v1/bots', { name: 'Cache' })).body.id;
    await admin.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'sb' });
    const hook = (
      await admin.post(`/v1/bots/${botId}/webhooks`, {
        name: 'Hi',
        variables: [{ data: 'data.name', variable: 'name' }],
        reply: { text: 'Hi {{name}}' },
      })
    ).body;
    hookId = hook.id;
    token = hook.tokens.production;
  });
  afterAll(() => t.close());

  const call = (api: Api, bearer = token) => api.withToken(bearer).post(`/hooks/${hookId}`, body);

  it('refuses a token rotated through another instance on the very next call', async () => {
    expect((await call(other)).status).toBe(202); // cached now
    const rotated = (await admin.post(`/v1/bots/${botId}/webhooks/${hookId}/rotate-token`, { environment: 'production' })).body.token;
    expectProblem(await call(other), 401);
    expect((await call(other, rotated)).status).toBe(202);
  });

  it('follows disable and enable made elsewhere, both ways', async () => {
    expect((await call(other)).status).toBe(202);
    await admin.patch(`/v1/bots/${botId}/webhooks/${hookId}`, { enabled: false });
    expectProblem(await call(other), 403);
    await admin.patch(`/v1/bots/${botId}/webhooks/${hookId}`, { enabled: true });
    expect((await call(other)).status).toBe(202);
  });

  it('renders the reply edited elsewhere, and 404s a webhook deleted elsewhere', async () => {
    expect((await call(other)).body.reply.text).toBe('Hi Ada');
    await admin.patch(`/v1/bots/${botId}/webhooks/${hookId}`, { reply: { text: 'Hello {{name}}' } });
    expect((await call(other)).body.reply.text).toBe('Hello Ada');
    const account = (await admin.get(`/v1/bots/${botId}/channels`)).body.data[0];
    await admin.patch(`/v1/bots/${botId}/channels/${account.id}`, { active: false });
    expectProblem(await call(other), 422);
    await admin.patch(`/v1/bots/${botId}/channels/${account.id}`, { active: true });
    expect((await call(other)).status).toBe(202);
    await admin.delete(`/v1/bots/${botId}/webhooks/${hookId}`);
    expectProblem(await call(other), 404);
  });
});
