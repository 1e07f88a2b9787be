import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { sleep } from '../helpers/clock.ts';
import { callHook, createBlock, createBotWithSandbox, ORDER_BLOCK, publish } from '../helpers/scenario.ts';

const MISSING = { botId: 'bot_doesnotexist00000000', accountId: 'acc_doesnotexist00000000', webhookId: 'wh_doesnotexist000000000' };
const BODY = { contact_reference_id: 'c1', data: { name: 'Ada', order: { id: 'A-1' } } };

interface Ids {
  botId: string;
  accountId: string;
  webhookId: string;
}

/** Every admin route below a bot, with a valid body where it needs one. */
function routes({ botId, accountId, webhookId }: Ids): [method: string, path: string, body?: unknown][] {
  const bot = `/v1/bots/${botId}`;
  const account = `${bot}/channels/${accountId}`;
  const hook = `${bot}/webhooks/${webhookId}`;
  return [
    ['GET', bot],
    ['PATCH', bot, { name: 'Taken over' }],
    ['GET', `${bot}/channels`],
    ['POST', `${bot}/channels`, { channel: 'sandbox', alias: 'intruder' }],
    ['GET', account],
    ['PATCH', account, { active: false }],
    ['GET', `${account}/messages`],
    ['GET', `${bot}/webhooks`],
    ['POST', `${bot}/webhooks`, { name: 'Intruder', reply: { text: 'Hi' } }],
    ['GET', hook],
    ['PATCH', hook, { enabled: false }],
    ['POST', `${hook}/rotate-token`, { environment: 'production' }],
    ['GET', `${hook}/samples`],
    ['POST', `${hook}/preview`, { body: BODY }],
    ['GET', `${hook}/activity`],
    ['GET', `${bot}/contacts/c1/variables`],
    ['POST', `${bot}/events`, { type: 'lead.created' }],
    ['GET', `${bot}/events`],
    ['DELETE', hook],
    ['DELETE', account],
    ['DELETE', bot],
  ];
}

type Route = ReturnType<typeof routes>[number];

/** Sends one of `routes()` with its body, if it has one. */
const send = (client: Api, [method, path, body]: Route) => client.request(method, path, body === undefined ? {} : { body });

/**
 * Each test gets workspaces of its own, so none depends on what another did (or did not do)
 * first: the owner's holds a bot with a sandbox account, a block that has been called, and an event.
 */
describe('workspaces', () => {
  let t: TestApp;
  let workspaces = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A client for a workspace nobody has used yet. */
  const aWorkspace = async () => t.api.withToken(await t.token(`ws-${++workspaces}`));

  async function anOwner(): Promise<{ owner: Api; workspace: string; ids: Ids; tokens: { production: string; development: string } }> {
    const workspace = `ws-${++workspaces}`;
    const owner = t.api.withToken(await t.token(workspace));
    const { botId, accountId } = await createBotWithSandbox(owner);
    const block = await createBlock(owner, botId, ORDER_BLOCK);
    expect((await callHook(owner, block.id, block.tokens.production, BODY)).status).toBe(202);
    await publish(owner, botId, 'lead.created');
    return { owner, workspace, ids: { botId, accountId, webhookId: block.id }, tokens: block.tokens };
  }

  /** What the owner sees afterwards: nothing another workspace tried has changed anything. */
  async function expectUntouched(owner: Api, ids: Ids, tokens: { production: string }): Promise<void> {
    const bot = await owner.get(`/v1/bots/${ids.botId}`);
    expect(bot.body.name).toBe('Support bot');
    expect((await owner.get(`/v1/bots/${ids.botId}/channels/${ids.accountId}`)).body.active).toBe(true);
    expect((await owner.get(`/v1/bots/${ids.botId}/channels`)).body.data).toHaveLength(1);
    const webhooks = (await owner.get(`/v1/bots/${ids.botId}/webhooks`)).body.data;
    expect(webhooks).toEqual([expect.objectContaining({ id: ids.webhookId, enabled: true })]);
    const events = (await owner.get(`/v1/bots/${ids.botId}/events`)).body.data;
    expect(events.filter((e: { type: string }) => e.type === 'lead.created')).toHaveLength(1);
    // The original token still works: nobody rotated it.
    expect((await callHook(owner, ids.webhookId, tokens.production, BODY)).status).toBe(202);
  }

  it('hides another workspace’s resources behind the same 404 as missing ones', async () => {
    const { ids } = await anOwner();
    const stranger = await aWorkspace();
    const foreign = routes(ids);
    const missing = routes(MISSING);
    for (const [i, route] of foreign.entries()) {
      const [method, path] = route;
      const res = await send(stranger, route);
      expectProblem(res, 404, 'not-found');
      const [, missingPath, body] = missing[i]!;
      const reference = await send(stranger, [method, missingPath, body]);
      expect(res.body, `${method} ${path}`).toEqual(reference.body);
    }
    expect((await stranger.get('/v1/bots')).body.data).toEqual([]);
  });

  it('hides another workspace’s channel accounts and webhooks under a bot of one’s own', async () => {
    const { ids } = await anOwner();
    const stranger = await aWorkspace();
    const { botId } = await createBotWithSandbox(stranger);
    for (const route of routes({ ...ids, botId }).filter(([, p]) => /\/(channels|webhooks)\/[^/]+/.test(p))) {
      expectProblem(await send(stranger, route), 404, 'not-found');
    }
  });

  it('leaves the owner’s resources untouched after another workspace tried every route', async () => {
    const { owner, ids, tokens } = await anOwner();
    const stranger = await aWorkspace();
    for (const route of routes(ids)) expectProblem(await send(stranger, route), 404, 'not-found');
    const { botId } = await createBotWithSandbox(stranger);
    for (const route of routes({ ...ids, botId }).filter(([, p]) => /\/(channels|webhooks)\/[^/]+/.test(p))) {
      expectProblem(await send(stranger, route), 404, 'not-found');
    }
    await expectUntouched(owner, ids, tokens);
  });

  it('lets a read-scope token read but not change anything', async () => {
    const { owner, workspace, ids, tokens } = await anOwner();
    const reader = owner.withToken(await t.token(workspace, 'read'));
    for (const route of routes(ids)) {
      const [method, path] = route;
      const res = await send(reader, route);
      if (method === 'GET') {
        // Samples carry the webhook tokens, so they need admin scope even to read.
        if (path.endsWith('/samples')) expectProblem(res, 403, 'forbidden');
        else expect(res.status, `${method} ${path}: ${res.text}`).toBe(200);
      } else {
        expectProblem(res, 403, 'forbidden');
      }
    }
    expectProblem(await reader.post('/v1/bots', { name: 'New' }), 403, 'forbidden');
    expect((await reader.get('/v1/bots')).body.data.map((b: { id: string }) => b.id)).toEqual([ids.botId]);
    // Everything is still there and unchanged.
    expect((await owner.get(`/v1/bots/${ids.botId}`)).body.name).toBe('Support bot');
    expect((await owner.get(`/v1/bots/${ids.botId}/webhooks/${ids.webhookId}`)).body.enabled).toBe(true);
    expect((await callHook(owner, ids.webhookId, tokens.production, BODY)).status).toBe(202);
  });

  it('lets the owner do everything the others could not', async () => {
    const { owner, ids } = await anOwner();
    for (const route of routes(ids)) {
      const [method, path] = route;
      const res = await send(owner, route);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
    }
    expectProblem(await owner.get(`/v1/bots/${ids.botId}`), 404, 'not-found');
  });
});

describe('admin token checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // Verified admin tokens are remembered (the signature check is not redone on every request),
  // but never past their `exp`.
  it('stops accepting a token that has been used at its expiry', async () => {
    // `iat` is whole seconds, so a token minted for n seconds lives between n - 1 and n: with 1 it
    // could expire before the first request. 3 leaves it more than 2 s to be used (and cached).
    const token = await t.services.adminTokens.mint({ workspaceId: 'ws-exp', scope: 'admin' }, 3);
    const api = new Api(t.app, token);
    const expiresAt = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp * 1000;
    expect((await api.get('/v1/bots')).status).toBe(200);
    expect((await api.get('/v1/bots')).status).toBe(200);
    await sleep(Math.max(0, expiresAt - Date.now()) + 50);
    expectProblem(await api.get('/v1/bots'), 401, 'unauthorized');
  });

  it('refuses a token whose signature was tampered with, however often the real one was used', async () => {
    const token = await t.token('ws-tamper');
    const api = new Api(t.app, token);
    expect((await api.get('/v1/bots')).status).toBe(200);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expectProblem(await api.withToken(`${header}.${payload}.${flipped}`).get('/v1/bots'), 401, 'unauthorized');
  });
});
