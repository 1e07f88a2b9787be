import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { callHook, createBlock, createBotWithSandbox, ORDER_BLOCK } from '../helpers/scenario.ts';

const pathsOf = (res: ApiResponse): string[] => (res.body.errors ?? []).map((e: { path: string }) => e.path);
const call = (name: string, orderId: string, contact = 'c1') => ({ contact_reference_id: contact, data: { name, order: { id: orderId } } });

describe('webhook tools', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  describe('rotate-token', () => {
    it('issues a working token and refuses the old one at once', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const old = block.tokens.production;
      expect((await callHook(api, block.id, old, call('Ada', 'A-1'))).status).toBe(202);

      const rotated = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/rotate-token`, { environment: 'production' });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({ environment: 'production', token: expect.any(String), previousTokenExpiresAt: null });
      expect(rotated.body.token).not.toBe(old);

      expect((await callHook(api, block.id, rotated.body.token, call('Ada', 'A-2'))).status).toBe(202);
      const refused = await callHook(api, block.id, old, call('Ada', 'A-3'));
      expectProblem(refused, 401, 'unauthorized');
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      // The other environment's token is untouched.
      expect((await callHook(api, block.id, block.tokens.development, call('Ada', 'A-4'))).status).toBe(202);
    });

    it('keeps the old token for the grace period, and revokes it on the next rotation', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const first = block.tokens.development;
      const before = Date.now();
      const graced = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/rotate-token`, {
        environment: 'development',
        gracePeriodSeconds: 3600,
      });
      expect(graced.status).toBe(200);
      const expiresAt = Date.parse(graced.body.previousTokenExpiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
      const second = graced.body.token;
      expect((await callHook(api, block.id, first, call('Ada', 'A-1'))).status).toBe(202);
      expect((await callHook(api, block.id, second, call('Ada', 'A-2'))).status).toBe(202);

      const third = (await api.post(`/v1/bots/${botId}/webhooks/${block.id}/rotate-token`, { environment: 'development' })).body.token;
      expectProblem(await callHook(api, block.id, first, call('Ada', 'A-3')), 401, 'unauthorized');
      expectProblem(await callHook(api, block.id, second, call('Ada', 'A-4')), 401, 'unauthorized');
      expect((await callHook(api, block.id, third, call('Ada', 'A-5'))).status).toBe(202);
    });

    it('rejects an invalid rotation request', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}/rotate-token`;
      expect(pathsOf(await api.post(path, { environment: 'staging' }))).toEqual(['/environment']);
      expect(pathsOf(await api.post(path, {}))).toEqual(['/environment']);
      expect(pathsOf(await api.post(path, { environment: 'production', gracePeriodSeconds: -1 }))).toEqual(['/gracePeriodSeconds']);
      expect(pathsOf(await api.post(path, { environment: 'production', gracePeriodSeconds: 1.5 }))).toEqual(['/gracePeriodSeconds']);
      expectProblem(await api.post(path, { environment: 'production', revokeAll: true }), 400, 'validation');
      expectProblem(
        await api.post(`/v1/bots/${botId}/webhooks/wh_doesnotexist000000000/rotate-token`, { environment: 'production' }),
        404,
        'not-found',
      );
      // Nothing was rotated.
      expect((await callHook(api, block.id, block.tokens.production, call('Ada', 'A-1'))).status).toBe(202);
    });
  });

  describe('samples', () => {
    it('re-issues the current tokens, rotated ones included, for admins only', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}/samples`;
      const before = await api.get(path);
      expect(before.status).toBe(200);
      expect(before.body.production.token).toBe(block.tokens.production);
      expect(before.body.development.token).toBe(block.tokens.development);

      const rotated = (await api.post(`/v1/bots/${botId}/webhooks/${block.id}/rotate-token`, { environment: 'production' })).body.token;
      const after = await api.get(path);
      expect(after.body.production.token).toBe(rotated);
      expect(after.body.development.token).toBe(block.tokens.development);
      expect(after.text).not.toContain(block.tokens.production);

      const reader = api.withToken(await t.token('ws1', 'read'));
      const denied = await reader.get(path);
      expectProblem(denied, 403, 'forbidden');
      expect(denied.text).not.toContain(rotated);
      expect((await reader.get(`/v1/bots/${botId}/webhooks/${block.id}`)).status).toBe(200);
    });

    it('builds bodies from the mappings and cURL commands with the URL and token', async () => {
      const { botId } = await createBotWithSandbox(api, 'test');
      const block = await createBlock(api, botId, {
        ...ORDER_BLOCK,
        variables: [...ORDER_BLOCK.variables, { data: 'data.plan', variable: 'plan', default: 'pro' }],
      });
      const res = await api.get(`/v1/bots/${botId}/webhooks/${block.id}/samples`);
      const url = `http://hookgate.test/hooks/${block.id}`;
      expect(res.body.url).toBe(url);

      const production = {
        contact_reference_id: 'sandbox-contact-1',
        data: { name: 'example customer_name', order: { id: 'example order_id' }, plan: 'pro' },
      };
      expect(res.body.production.body).toEqual(production);
      expect(res.body.development.body).toEqual({ ...production, channel_alias: 'sandbox', account_alias: 'test' });

      for (const env of ['production', 'development'] as const) {
        const sample = res.body[env];
        expect(sample.curl).toContain(`-X POST '${url}'`);
        expect(sample.curl).toContain(`-H 'Authorization: Bearer ${sample.token}'`);
        expect(sample.curl).toContain(`-H 'Content-Type: application/json'`);
        expect(sample.curl).toContain(`-d '${JSON.stringify(sample.body)}'`);
        for (const other of [sample.httpie, sample.fetch, sample.python]) {
          expect(other).toContain(url);
          expect(other).toContain(sample.token);
        }
      }
    });

    it('produces bodies the webhook accepts in each environment', async () => {
      const { botId } = await createBotWithSandbox(api, 'test');
      await api.post(`/v1/bots/${botId}/channels`, {
        channel: 'whatsapp',
        alias: 'wa',
        credentials: { accessToken: 'EAAGx', phoneNumberId: '1065' },
      });
      for (const channel of ['sandbox', 'whatsapp']) {
        const block = await createBlock(api, botId, { ...ORDER_BLOCK, channel });
        const samples = (await api.get(`/v1/bots/${botId}/webhooks/${block.id}/samples`)).body;

        const prod = await callHook(api, block.id, samples.production.token, samples.production.body);
        expect(prod.status, prod.text).toBe(202);
        expect(prod.body).toMatchObject({
          environment: 'production',
          variables: { customer_name: 'example customer_name', order_id: 'example order_id' },
        });
        expect(prod.body.reply.text).toBe('Hi example customer_name, order example order_id has shipped.');

        const dev = await callHook(api, block.id, samples.development.token, samples.development.body);
        expect(dev.status, dev.text).toBe(202);
        expect(dev.body).toMatchObject({ environment: 'development', reply: { channel, account: block.account } });
      }
    });

    it('answers 404 for an unknown webhook', async () => {
      const { botId } = await createBotWithSandbox(api);
      expectProblem(await api.get(`/v1/bots/${botId}/webhooks/wh_doesnotexist000000000/samples`), 404, 'not-found');
    });
  });

  describe('preview', () => {
    let botId: string;
    let block: any;
    let path: string;
    beforeAll(async () => {
      botId = (await createBotWithSandbox(api, 'test')).botId;
      block = await createBlock(api, botId);
      path = `/v1/bots/${botId}/webhooks/${block.id}/preview`;
    });

    it('shows the variables, contact and rendered reply of a valid body', async () => {
      const res = await api.post(path, { body: call('Ada', 'A-17', 'c-42') });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        valid: true,
        environment: 'production',
        contact: 'c-42',
        variables: { customer_name: 'Ada', order_id: 'A-17' },
        reply: {
          text: 'Hi Ada, order A-17 has shipped.',
          buttons: [],
          messages: [{ kind: 'text', text: 'Hi Ada, order A-17 has shipped.' }],
          fallbackTemplate: null,
          channel: 'sandbox',
          account: 'test',
        },
        errors: [],
        warnings: [],
        selections: [
          { data: 'data.name', variable: 'customer_name', nodes: [{ path: "$['data']['name']", value: 'Ada' }], count: 1 },
          { data: '$.data.order.id', variable: 'order_id', nodes: [{ path: "$['data']['order']['id']", value: 'A-17' }], count: 1 },
          { data: '$.contact_reference_id', variable: null, nodes: [{ path: "$['contact_reference_id']", value: 'c-42' }], count: 1 },
        ],
      });
      expect((await api.post(path, { body: call('Ada', 'A-17'), environment: 'development' })).body.environment).toBe('development');
    });

    it('reports a missing required value as invalid, with the error', async () => {
      const res = await api.post(path, { body: { contact_reference_id: 'c1', data: { name: 'Ada' } } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: false, variables: { customer_name: 'Ada' }, reply: null });
      expect(res.body.errors).toEqual([{ path: '$.data.order.id', message: expect.stringContaining('required') }]);

      const noContact = await api.post(path, { body: { data: { name: 'Ada', order: { id: '1' } } } });
      expect(noContact.body.valid).toBe(false);
      expect(noContact.body.errors.map((e: { path: string }) => e.path)).toEqual(['$.contact_reference_id']);
    });

    it('warns about placeholders with no value and renders them empty', async () => {
      const other = await createBlock(api, botId, {
        name: 'Greeting',
        reply: { text: 'Hi {{nickname}} via {{sys_channel}}/{{sys_account}}' },
      });
      const res = await api.post(`/v1/bots/${botId}/webhooks/${other.id}/preview`, { body: { contact_reference_id: 'c1' } });
      expect(res.body).toMatchObject({ valid: true, reply: { text: 'Hi  via sandbox/test' } });
      expect(res.body.warnings).toHaveLength(1);
      expect(res.body.warnings[0]).toContain('{{nickname}}');
    });

    it('warns that a disabled webhook refuses real calls', async () => {
      const other = await createBlock(api, botId, { ...ORDER_BLOCK, enabled: false });
      const res = await api.post(`/v1/bots/${botId}/webhooks/${other.id}/preview`, { body: call('Ada', '1') });
      expect(res.body.valid).toBe(true);
      expect(res.body.warnings.join(' ')).toContain('disabled');
    });

    it('normalises a phone contact for a WhatsApp block', async () => {
      // A bot of its own: a second active account would make the shared bot's blocks ambiguous.
      const { botId } = await createBotWithSandbox(api, 'test');
      await api.post(`/v1/bots/${botId}/channels`, {
        channel: 'whatsapp',
        alias: 'wa',
        credentials: { accessToken: 'EAAGx', phoneNumberId: '1065' },
      });
      const wa = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'whatsapp' });
      const res = await api.post(`/v1/bots/${botId}/webhooks/${wa.id}/preview`, { body: call('Ada', '1', '+1 (415) 555-0123') });
      expect(res.body).toMatchObject({ valid: true, contact: '+14155550123', reply: { channel: 'whatsapp', account: 'wa' } });
      const bad = await api.post(`/v1/bots/${botId}/webhooks/${wa.id}/preview`, { body: call('Ada', '1', 'not-a-phone') });
      expect(bad.body.valid).toBe(false);
    });

    it('previews the account a development call chooses, as the real call does', async () => {
      const { botId } = await createBotWithSandbox(api, 'test');
      await api.post(`/v1/bots/${botId}/channels`, {
        channel: 'whatsapp',
        alias: 'wa',
        credentials: { accessToken: 'EAAGx', phoneNumberId: '1065' },
      });
      const sandbox = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'sandbox' });
      const previewPath = `/v1/bots/${botId}/webhooks/${sandbox.id}/preview`;
      const bodies = [
        { ...call('Ada', '1', '+1 (415) 555-0123'), channel_alias: 'whatsapp', account_alias: 'wa' },
        { ...call('Ada', '1', 'not-a-phone'), channel_alias: 'whatsapp' },
        { ...call('Ada', '1'), account_alias: 'nobody' },
        { ...call('Ada', '1'), channel_alias: 7 },
      ];
      for (const body of bodies) {
        const preview = await api.post(previewPath, { body, environment: 'development' });
        const real = await callHook(api, sandbox.id, sandbox.tokens.development, body);
        expect(preview.body.valid, JSON.stringify(body)).toBe(real.status === 202);
        if (real.status === 202) {
          expect(preview.body.contact).toBe(real.body.contact);
          expect(preview.body.reply).toEqual({
            text: real.body.reply.text,
            buttons: [],
            messages: [{ kind: 'text', text: real.body.reply.text }],
            fallbackTemplate: null,
            channel: real.body.reply.channel,
            account: real.body.reply.account,
          });
        } else {
          expect(pathsOf(real).length).toBeGreaterThan(0);
          expect(preview.body.errors.map((e: { path: string }) => e.path)).toEqual(pathsOf(real));
        }
      }
      // A production call ignores the choice, and so does its preview.
      const body = { ...call('Ada', '1'), channel_alias: 'whatsapp' };
      const preview = await api.post(previewPath, { body });
      expect(preview.body).toMatchObject({ valid: true, contact: 'c1', reply: { channel: 'sandbox', account: 'test' } });
      expect((await callHook(api, sandbox.id, sandbox.tokens.production, body)).body.reply).toMatchObject({
        channel: 'sandbox',
        account: 'test',
      });
    });

    it('reports that calls fail while the block’s account is inactive', async () => {
      const { botId, accountId } = await createBotWithSandbox(api, 'test');
      const other = await createBlock(api, botId);
      await api.patch(`/v1/bots/${botId}/channels/${accountId}`, { active: false });
      const preview = await api.post(`/v1/bots/${botId}/webhooks/${other.id}/preview`, { body: call('Ada', '1') });
      expect(preview.body.valid).toBe(false);
      expect(preview.body.errors).toEqual([{ path: '/account', message: expect.stringContaining('not active') }]);
      expectProblem(await callHook(api, other.id, other.tokens.production, call('Ada', '1')), 422, 'unprocessable');
    });

    it('rejects a preview request that is not a body', async () => {
      expect(pathsOf(await api.post(path, { body: [1, 2] }))).toEqual(['/body']);
      expect(pathsOf(await api.post(path, {}))).toEqual(['/body']);
      expectProblem(await api.post(path, { body: {}, environment: 'staging' }), 400, 'validation');
      expectProblem(await api.post(path, { body: {}, dryRun: true }), 400, 'validation');
    });
  });

  describe('activity', () => {
    it('lists calls newest first with what was extracted, one page at a time', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const other = await createBlock(api, botId, { ...ORDER_BLOCK, name: 'Other' });
      const path = `/v1/bots/${botId}/webhooks/${block.id}/activity`;
      expect((await api.get(path)).body).toEqual({ data: [], nextCursor: null });

      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const res = await callHook(api, block.id, block.tokens.production, call(`Ada ${n}`, `A-${n}`));
        expect(res.status).toBe(202);
        ids.push(res.body.requestId);
      }
      expect((await callHook(api, other.id, other.tokens.production, call('Bob', 'B-1'))).status).toBe(202);

      const first = await api.get(`${path}?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.data.map((a: { requestId: string }) => a.requestId)).toEqual([ids[2], ids[1]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(first.body.data[0]).toMatchObject({
        webhookId: block.id,
        environment: 'production',
        contact: 'c1',
        variables: { customer_name: 'Ada 3', order_id: 'A-3' },
        body: call('Ada 3', 'A-3'),
        bodyBytes: JSON.stringify(call('Ada 3', 'A-3')).length,
        idempotencyKey: null,
      });

      const second = await api.get(`${path}?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.data.map((a: { requestId: string }) => a.requestId)).toEqual([ids[0]]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('rejects a bad cursor or limit', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const path = `/v1/bots/${botId}/webhooks/${block.id}/activity`;
      expectProblem(await api.get(`${path}?cursor=bogus`), 400, 'bad-request');
      expectProblem(await api.get(`${path}?cursor=${Buffer.from('1-0|x').toString('base64url')}x`), 400);
      expectProblem(await api.get(`${path}?limit=0`), 400, 'validation');
      expectProblem(await api.get(`${path}?limit=101`), 400, 'validation');
      expectProblem(await api.get(`/v1/bots/${botId}/webhooks/wh_doesnotexist000000000/activity`), 404, 'not-found');
    });

    it('shows a queued reply while no worker runs, and none for a workflow', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const accepted = await callHook(api, block.id, block.tokens.development, { ...call('Ada', 'A-1'), channel_alias: 'sandbox' });
      expect(accepted.status).toBe(202);
      const [entry] = (await api.get(`/v1/bots/${botId}/webhooks/${block.id}/activity`)).body.data;
      expect(entry).toMatchObject({
        requestId: accepted.body.requestId,
        environment: 'development',
        reply: { messageId: accepted.body.reply.messageId, status: 'queued', attempts: 0, providerMessageId: null, error: null },
      });

      const workflow = await createBlock(api, botId, { name: 'Lead', type: 'workflow', variables: [{ data: 'email', variable: 'email' }] });
      expect((await callHook(api, workflow.id, workflow.tokens.production, { email: 'a@example.com' })).status).toBe(202);
      const [lead] = (await api.get(`/v1/bots/${botId}/webhooks/${workflow.id}/activity`)).body.data;
      expect(lead).toMatchObject({ contact: null, variables: { email: 'a@example.com' }, reply: null });
    });

    it('records the Idempotency-Key of a call', async () => {
      const { botId } = await createBotWithSandbox(api);
      const block = await createBlock(api, botId);
      const body = call('Ada', 'A-1');
      const headers = { authorization: `Bearer ${block.tokens.production}`, 'idempotency-key': 'order-A-1' };
      expect((await api.withToken(null).post(`/hooks/${block.id}`, body, headers)).status).toBe(202);
      expect((await api.withToken(null).post(`/hooks/${block.id}`, body, headers)).headers.get('idempotent-replayed')).toBe('true');
      const activity = (await api.get(`/v1/bots/${botId}/webhooks/${block.id}/activity`)).body.data;
      expect(activity).toHaveLength(1);
      expect(activity[0].idempotencyKey).toBe('order-A-1');
    });
  });
});

describe('webhook tools with a reply worker running', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
    t.startWorkers();
  });
  afterAll(() => t.close());

  it('shows the reply as sent once the worker delivered it', async () => {
    const { botId, accountId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId);
    const accepted = await callHook(api, block.id, block.tokens.production, call('Ada', 'A-1'));
    expect(accepted.status).toBe(202);

    const path = `/v1/bots/${botId}/webhooks/${block.id}/activity`;
    await expect.poll(async () => (await api.get(path)).body.data[0]?.reply?.status, POLL).toBe('sent');
    const activity = await api.get(path);
    expect(activity.body.data[0].reply).toMatchObject({
      messageId: accepted.body.reply.messageId,
      status: 'sent',
      attempts: 1,
      providerMessageId: expect.any(String),
      nextAttemptAt: null,
      error: null,
    });

    const messages = await api.get(`/v1/bots/${botId}/channels/${accountId}/messages`);
    expect(messages.body.data).toEqual([
      expect.objectContaining({
        id: activity.body.data[0].reply.providerMessageId,
        messageId: accepted.body.reply.messageId,
        contact: 'c1',
        text: 'Hi Ada, order A-1 has shipped.',
        environment: 'production',
      }),
    ]);
    const eventTypes = async () => (await api.get(`/v1/bots/${botId}/events`)).body.data.map((e: { type: string }) => e.type);
    await expect.poll(eventTypes, POLL).toContain('message.sent');
    const events = await api.get(`/v1/bots/${botId}/events`);
    expect(events.body.data.find((e: { type: string }) => e.type === 'message.sent').data).toMatchObject({
      messageId: accepted.body.reply.messageId,
    });
  });

  it('previews without storing or sending anything', async () => {
    const { botId, accountId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId);
    const preview = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body: call('Preview', 'P-1', 'preview-contact') });
    expect(preview.body.valid).toBe(true);
    const devPreview = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, {
      body: call('Preview', 'P-2', 'preview-contact'),
      environment: 'development',
    });
    expect(devPreview.body.valid).toBe(true);

    // A real call afterwards: once its reply is in the sandbox, a reply from the previews would be too.
    const real = await callHook(api, block.id, block.tokens.production, call('Real', 'R-1', 'real-contact'));
    expect(real.status).toBe(202);
    const sandbox = `/v1/bots/${botId}/channels/${accountId}/messages`;
    await expect.poll(async () => (await api.get(sandbox)).body.data.length, POLL).toBeGreaterThan(0);
    const messages = await api.get(sandbox);
    expect(messages.body.data.map((m: { contact: string }) => m.contact)).toEqual(['real-contact']);

    const activity = (await api.get(`/v1/bots/${botId}/webhooks/${block.id}/activity`)).body.data;
    expect(activity.map((a: { requestId: string }) => a.requestId)).toEqual([real.body.requestId]);
    for (const environment of ['production', 'development']) {
      expectProblem(await api.get(`/v1/bots/${botId}/contacts/preview-contact/variables?environment=${environment}`), 404, 'not-found');
    }
    expect((await api.get(`/v1/bots/${botId}/contacts/real-contact/variables`)).status).toBe(200);
    const events = (await api.get(`/v1/bots/${botId}/events?limit=100`)).body.data;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { data: { requestId?: string } }) => e.data.requestId === real.body.requestId)).toBe(true);
  });
});
