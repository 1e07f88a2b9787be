import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, createBlock, createBotWithSandbox, ORDER_BLOCK } from '../helpers/scenario.ts';

const pathsOf = (res: ApiResponse): string[] => (res.body.errors ?? []).map((e: { path: string }) => e.path);
const WHATSAPP = { accessToken: 'EAAGwebhooks-test-token', phoneNumberId: '106540352242922' };
const VALID_CALL = { contact_reference_id: 'c1', data: { name: 'Ada', order: { id: 'A-1' } } };

describe('webhook blocks', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  describe('choosing the channel account', () => {
    it('refuses a webhook on a bot with no active channel, naming where to connect one', async () => {
      const bot = (await api.post('/v1/bots', { name: 'No channels' })).body;
      const res = await api.post(`/v1/bots/${bot.id}/webhooks`, ORDER_BLOCK);
      expectProblem(res, 422, 'unprocessable');
      expect(res.body.detail).toContain(`POST /v1/bots/${bot.id}/channels`);

      // An inactive account does not count.
      await api.post(`/v1/bots/${bot.id}/channels`, { channel: 'sandbox', alias: 'off', active: false });
      const still = await api.post(`/v1/bots/${bot.id}/webhooks`, ORDER_BLOCK);
      expectProblem(still, 422, 'unprocessable');
      expect(still.body.detail).toContain(`POST /v1/bots/${bot.id}/channels`);
      expect((await api.get(`/v1/bots/${bot.id}/webhooks`)).body.data).toEqual([]);
    });

    it('creates a block with defaults on the bot’s only active account', async () => {
      const { botId, accountId } = await createBotWithSandbox(api, 'main');
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'livechat', alias: 'asleep', active: false });
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'Minimal', reply: { text: 'Hello' } });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^wh_/),
        botId,
        name: 'Minimal',
        type: 'conversational',
        channel: 'sandbox',
        account: 'main',
        accountId,
        contactReference: '$.contact_reference_id',
        variables: [],
        reply: { text: 'Hello' },
        folder: null,
        enabled: true,
        rateLimit: { limit: 100, periodSeconds: 1 },
      });
      expect(res.body).not.toHaveProperty('workspaceId');
    });

    it('returns the inbound URL and both tokens on create, and never again', async () => {
      const { botId } = await createBotWithSandbox(api);
      const created = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, folder: 'orders' });
      expect(created.status).toBe(201);
      const { id, url, tokens } = created.body;
      expect(url).toBe(`http://hookgate.test/hooks/${id}`);
      expect(tokens.production).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(tokens.development).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(tokens.production).not.toBe(tokens.development);

      const reads = [
        await api.get(`/v1/bots/${botId}/webhooks/${id}`),
        await api.get(`/v1/bots/${botId}/webhooks`),
        await api.get(`/v1/bots/${botId}/webhooks?folder=orders`),
        await api.patch(`/v1/bots/${botId}/webhooks/${id}`, { name: 'Renamed' }),
      ];
      for (const res of reads) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(tokens.production);
        expect(res.text).not.toContain(tokens.development);
        expect(res.text).not.toContain('"tokens"');
        expect(res.text).toContain(url);
      }
      // The tokens handed out on create work.
      expect((await callHook(api, id, tokens.production, VALID_CALL)).status).toBe(202);
      expect((await callHook(api, id, tokens.development, VALID_CALL)).body.environment).toBe('development');
    });

    it('uses the channel and account named by alias or by id', async () => {
      const { botId, accountId } = await createBotWithSandbox(api, 'first');
      const second = (await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'second' })).body;
      const wa = (await api.post(`/v1/bots/${botId}/channels`, { channel: 'whatsapp', alias: 'first', credentials: WHATSAPP })).body;

      const byAlias = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'sandbox', account: 'second' });
      expect(byAlias).toMatchObject({ channel: 'sandbox', account: 'second', accountId: second.id });
      const byId = await createBlock(api, botId, { ...ORDER_BLOCK, account: accountId });
      expect(byId).toMatchObject({ channel: 'sandbox', account: 'first', accountId });
      const byChannel = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'whatsapp' });
      expect(byChannel).toMatchObject({ channel: 'whatsapp', account: 'first', accountId: wa.id });
    });

    it('asks which account when the choice is ambiguous', async () => {
      const { botId } = await createBotWithSandbox(api, 'main');
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'whatsapp', alias: 'main', credentials: WHATSAPP });
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'other' });

      const none = await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK);
      expectProblem(none, 400, 'validation');
      expect(pathsOf(none)).toEqual(['/account']);
      expect(none.body.errors[0].message).toContain('sandbox/main');
      expect(none.body.errors[0].message).toContain('whatsapp/main');

      expectProblem(await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, channel: 'sandbox' }), 400, 'validation');
      expectProblem(await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, account: 'main' }), 400, 'validation');
      expect((await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, channel: 'sandbox', account: 'main' })).status).toBe(201);
    });

    it('refuses an inactive, unknown or mismatched account', async () => {
      const { botId } = await createBotWithSandbox(api, 'main');
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'paused', active: false });
      for (const choice of [
        { account: 'paused' },
        { account: 'nobody' },
        { account: 'acc_doesnotexist00000000' },
        { channel: 'whatsapp' },
        { channel: 'whatsapp', account: 'main' },
      ]) {
        const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, ...choice });
        expectProblem(res, 422, 'unprocessable');
        expect(pathsOf(res)).toEqual(['/account']);
        expect(res.body.errors[0].message).toContain('sandbox/main');
      }
      expect((await api.get(`/v1/bots/${botId}/webhooks`)).body.data).toEqual([]);
    });
  });

  describe('validation', () => {
    let botId: string;
    beforeAll(async () => {
      botId = (await createBotWithSandbox(api)).botId;
    });

    it('needs a reply for a conversational block, but not for a workflow', async () => {
      for (const body of [{ name: 'No reply' }, { name: 'Null reply', reply: null }, { name: 'Explicit', type: 'conversational' }]) {
        const res = await api.post(`/v1/bots/${botId}/webhooks`, body);
        expectProblem(res, 400, 'validation');
        expect(pathsOf(res)).toEqual(['/reply']);
      }
      const workflow = await createBlock(api, botId, { name: 'Lead captured', type: 'workflow' });
      expect(workflow).toMatchObject({ type: 'workflow', reply: null });
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['a mapping path with an invalid filter', { variables: [{ data: "$.items[?@.sku = 'A1']", variable: 'sku' }] }, '/variables/0/data'],
      ['a dot path starting with a dot', { variables: [{ data: '.data.name', variable: 'name' }] }, '/variables/0/data'],
      ['a dot path with ..', { variables: [{ data: 'data..name', variable: 'name' }] }, '/variables/0/data'],
      ['a path through __proto__', { variables: [{ data: 'data.__proto__.x', variable: 'x' }] }, '/variables/0/data'],
      ['an empty path', { variables: [{ data: '', variable: 'x' }] }, '/variables/0/data'],
      ['a reserved sys_ variable', { variables: [{ data: 'data.id', variable: 'sys_channel' }] }, '/variables/0/variable'],
      ['a reserved SYS_ variable', { variables: [{ data: 'data.id', variable: 'SYS_x' }] }, '/variables/0/variable'],
      ['a __proto__ variable', { variables: [{ data: 'data.id', variable: '__proto__' }] }, '/variables/0/variable'],
      ['a variable name with a dash', { variables: [{ data: 'data.id', variable: 'order-id' }] }, '/variables/0/variable'],
      [
        'a variable mapped twice',
        {
          variables: [
            { data: 'data.a', variable: 'v' },
            { data: 'data.b', variable: 'v' },
          ],
        },
        '/variables/1/variable',
      ],
      ['an unknown mapping field', { variables: [{ data: 'data.a', variable: 'v', requird: true }] }, '/variables/0/requird'],
      ['an unclosed placeholder', { reply: { text: 'Hi {{' } }, '/reply/text'],
      ['an empty placeholder', { reply: { text: 'Hi {{ }}' } }, '/reply/text'],
      ['an empty reply', { reply: { text: '' } }, '/reply/text'],
      ['an invalid contact reference path', { contactReference: '$..[?(@.x ==)]' }, '/contactReference'],
      // A path that selects a list: every call would be refused (the contact must be one value).
      ['a contact reference through a filter', { contactReference: "$.ids[?@.type == 'phone'].value" }, '/contactReference'],
      ['a contact reference through a wildcard', { contactReference: '$.contacts[*].phone' }, '/contactReference'],
      ['an unknown type', { type: 'broadcast' }, '/type'],
      ['an unknown channel', { channel: 'fax' }, '/channel'],
      ['a blank name', { name: '   ' }, '/name'],
      ['a zero rate limit', { rateLimit: { limit: 0, periodSeconds: 1 } }, '/rateLimit/limit'],
    ];
    it.each(invalid)('rejects %s', async (_name, change, path) => {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, ...change });
      expectProblem(res, 400, 'validation');
      expect(pathsOf(res)).toContain(path);
    });

    it('rejects unknown fields', async () => {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, replyText: 'Hi' });
      expectProblem(res, 400, 'validation');
      expect(res.text).toContain('replyText');
      expectProblem(await api.patch(`/v1/bots/${botId}/webhooks/wh_doesnotexist000000000`, { tokens: {} }), 400, 'validation');
    });

    it('rejects a body that is not JSON', async () => {
      const res = await api.request('POST', `/v1/bots/${botId}/webhooks`, {
        rawBody: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 400, 'malformed-json');
    });

    it('stores nothing for any rejected block', async () => {
      // A bot of its own, sent every body refused above; then one block that is accepted.
      const { botId } = await createBotWithSandbox(api);
      const rejected = [
        { name: 'No reply' },
        { ...ORDER_BLOCK, replyText: 'Hi' },
        ...invalid.map(([, change]) => ({ ...ORDER_BLOCK, ...change })),
      ];
      for (const body of rejected) expectProblem(await api.post(`/v1/bots/${botId}/webhooks`, body), 400, 'validation');
      const notJson = { rawBody: '{"name":', headers: { 'content-type': 'application/json' } };
      expectProblem(await api.request('POST', `/v1/bots/${botId}/webhooks`, notJson), 400, 'malformed-json');
      await createBlock(api, botId, { name: 'Lead captured', type: 'workflow' });
      const names = (await api.get(`/v1/bots/${botId}/webhooks`)).body.data.map((w: { name: string }) => w.name);
      expect(names).toEqual(['Lead captured']);
    });
  });

  describe('listing, updating and deleting', () => {
    it('lists blocks oldest first, filtered by folder', async () => {
      const { botId } = await createBotWithSandbox(api);
      const a = await createBlock(api, botId, { ...ORDER_BLOCK, name: 'A', folder: 'orders' });
      const b = await createBlock(api, botId, { ...ORDER_BLOCK, name: 'B' });
      const c = await createBlock(api, botId, { ...ORDER_BLOCK, name: 'C', folder: 'orders' });

      const all = await api.get(`/v1/bots/${botId}/webhooks`);
      expect(all.body.data.map((w: { id: string }) => w.id)).toEqual([a.id, b.id, c.id]);
      const orders = await api.get(`/v1/bots/${botId}/webhooks?folder=orders`);
      expect(orders.body.data.map((w: { id: string }) => w.id)).toEqual([a.id, c.id]);
      expect((await api.get(`/v1/bots/${botId}/webhooks?folder=leads`)).body.data).toEqual([]);
      expectProblem(await api.get('/v1/bots/bot_doesnotexist00000000/webhooks'), 404, 'not-found');
    });

    it('renames, moves between folders, disables and enables a block', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}`;

      const moved = await api.patch(path, { name: 'Order delivered', folder: 'orders' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        name: 'Order delivered',
        folder: 'orders',
        reply: ORDER_BLOCK.reply,
        variables: ORDER_BLOCK.variables,
      });
      expect((await api.get(`/v1/bots/${botId}/webhooks?folder=orders`)).body.data.map((w: { id: string }) => w.id)).toEqual([block.id]);
      expect((await api.patch(path, { folder: null })).body.folder).toBeNull();
      expect((await api.get(`/v1/bots/${botId}/webhooks?folder=orders`)).body.data).toEqual([]);

      expect((await api.patch(path, { enabled: false })).body.enabled).toBe(false);
      expectProblem(await callHook(api, block.id, block.tokens.production, VALID_CALL), 403, 'webhook-disabled');
      expect((await api.patch(path, { enabled: true })).body.enabled).toBe(true);
      expect((await callHook(api, block.id, block.tokens.production, VALID_CALL)).status).toBe(202);

      const read = await api.get(path);
      expect(read.body).toMatchObject({ name: 'Order delivered', folder: null, enabled: true });
      expect(Date.parse(read.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(block.updatedAt));
      expect(read.body.createdAt).toBe(block.createdAt);
    });

    it('changes the account a block replies through', async () => {
      const { botId, accountId } = await createBotWithSandbox(api, 'first');
      const block = await createBlock(api, botId);
      expect(block.accountId).toBe(accountId);
      const second = (await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'second' })).body;
      const path = `/v1/bots/${botId}/webhooks/${block.id}`;

      const moved = await api.patch(path, { account: 'second' });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.body).toMatchObject({ channel: 'sandbox', account: 'second', accountId: second.id });
      const call = await callHook(api, block.id, block.tokens.production, VALID_CALL);
      expect(call.body.reply).toMatchObject({ channel: 'sandbox', account: 'second' });

      const wa = (await api.post(`/v1/bots/${botId}/channels`, { channel: 'whatsapp', alias: 'wa', credentials: WHATSAPP })).body;
      const toWhatsapp = await api.patch(path, { channel: 'whatsapp' });
      expect(toWhatsapp.body).toMatchObject({ channel: 'whatsapp', account: 'wa', accountId: wa.id });
      // The sandbox accounts are free again, the WhatsApp one is now in use.
      expect((await api.delete(`/v1/bots/${botId}/channels/${accountId}`)).status).toBe(204);
      expect((await api.delete(`/v1/bots/${botId}/channels/${second.id}`)).status).toBe(204);
      expectProblem(await api.delete(`/v1/bots/${botId}/channels/${wa.id}`), 409, 'conflict');

      const unknown = await api.patch(path, { account: 'nobody' });
      expectProblem(unknown, 422, 'unprocessable');
      expect((await api.get(path)).body.accountId).toBe(wa.id);
    });

    it('refuses to drop the reply of a conversational block', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}`;
      const res = await api.patch(path, { reply: null });
      expectProblem(res, 400, 'validation');
      expect(pathsOf(res)).toEqual(['/reply']);
      expect((await api.get(path)).body.reply).toEqual(ORDER_BLOCK.reply);

      // As a workflow it needs none.
      const workflow = await api.patch(path, { type: 'workflow', reply: null });
      expect(workflow.status).toBe(200);
      expect(workflow.body).toMatchObject({ type: 'workflow', reply: null });
      expectProblem(await api.patch(path, { type: 'conversational' }), 400, 'validation');
    });

    it('validates mappings on update as on create', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}`;
      const badPath = await api.patch(path, {
        variables: [
          { data: 'data.ok', variable: 'ok' },
          { data: '$[(@.length-1)]', variable: 'last' },
        ],
      });
      expect(pathsOf(badPath)).toEqual(['/variables/1/data']);
      const twice = await api.patch(path, {
        variables: [
          { data: 'data.a', variable: 'x' },
          { data: 'data.b', variable: 'x' },
        ],
      });
      expect(pathsOf(twice)).toEqual(['/variables/1/variable']);
      expect(pathsOf(await api.patch(path, { reply: { text: 'Bye }}' } }))).toEqual(['/reply/text']);
      expect((await api.get(path)).body.variables).toEqual(ORDER_BLOCK.variables);

      const replaced = await api.patch(path, {
        variables: [{ data: '$.items[0].sku', variable: 'sku', default: 'none' }],
        reply: { text: 'SKU {{sku}}' },
      });
      expect(replaced.body).toMatchObject({
        variables: [{ data: '$.items[0].sku', variable: 'sku', default: 'none' }],
        reply: { text: 'SKU {{sku}}' },
      });
    });

    it('deletes a block; its URL answers 404 from then on', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const keep = await createBlock(api, botId, { ...ORDER_BLOCK, name: 'Keep' });
      const path = `/v1/bots/${botId}/webhooks/${block.id}`;

      const deleted = await api.delete(path);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectProblem(await api.get(path), 404, 'not-found');
      expectProblem(await api.patch(path, { name: 'x' }), 404, 'not-found');
      expectProblem(await api.delete(path), 404, 'not-found');
      expectProblem(await callHook(api, block.id, block.tokens.production, VALID_CALL), 404, 'not-found');
      expect((await api.get(`/v1/bots/${botId}/webhooks`)).body.data.map((w: { id: string }) => w.id)).toEqual([keep.id]);
      expect((await callHook(api, keep.id, keep.tokens.production, VALID_CALL)).status).toBe(202);
    });

    it('deleting the bot takes its webhooks’ URLs with it', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      expect((await api.delete(`/v1/bots/${botId}`)).status).toBe(204);
      expectProblem(await callHook(api, block.id, block.tokens.production, VALID_CALL), 404, 'not-found');
      expectProblem(await api.get(`/v1/bots/${botId}/webhooks/${block.id}`), 404, 'not-found');
    });

    it('answers 404 for a webhook of another bot', async () => {
      const one = await createBotWithSandbox(api);
      const two = await createBotWithSandbox(api);
      const block = await createBlock(api, one.botId);
      expectProblem(await api.get(`/v1/bots/${two.botId}/webhooks/${block.id}`), 404, 'not-found');
      expectProblem(await api.delete(`/v1/bots/${two.botId}/webhooks/${block.id}`), 404, 'not-found');
      expect((await api.get(`/v1/bots/${one.botId}/webhooks/${block.id}`)).status).toBe(200);
    });
  });
});
