import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { callHook, connectAccount, type InboundSetup, ORDER_BLOCK, orderBody, setupInbound } from '../helpers/scenario.ts';

describe('development calls', () => {
  let t: TestApp;
  let api: Api;
  let s: InboundSetup;
  let secondId: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
    s = await setupInbound(api, { ...ORDER_BLOCK, channel: 'sandbox', account: 'test' });
    secondId = await connectAccount(api, s.botId, 'second');
  });
  afterAll(() => t.close());

  const dev = (body: unknown) => callHook(api, s.webhook.id, s.tokens.development, body);
  const prod = (body: unknown) => callHook(api, s.webhook.id, s.tokens.production, body);

  it('replies through the account that channel_alias and account_alias choose', async () => {
    const res = await dev({ ...orderBody('c-dev-route', 'Dee', 'D-1'), channel_alias: 'sandbox', account_alias: 'second' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({
      environment: 'development',
      contact: 'c-dev-route',
      reply: { channel: 'sandbox', account: 'second', status: 'queued' },
    });

    const worker = t.startWorkers();
    try {
      const messages = `/v1/bots/${s.botId}/channels/${secondId}/messages`;
      const sentIds = async () => (await api.get(messages)).body.data.map((m: { messageId: string }) => m.messageId);
      await expect.poll(sentIds, POLL).toContain(res.body.reply.messageId);
      const sent = await api.get(messages);
      expect(sent.body.data.find((m: { messageId: string }) => m.messageId === res.body.reply.messageId)).toMatchObject({
        contact: 'c-dev-route',
        text: 'Hi Dee, order D-1 has shipped.',
        environment: 'development',
      });
      const eventsPath = `/v1/bots/${s.botId}/events?limit=100`;
      const sentEventIds = async () =>
        (await api.get(eventsPath)).body.data.filter((e: any) => e.type === 'message.sent').map((e: any) => e.data.messageId);
      await expect.poll(sentEventIds, POLL).toContain(res.body.reply.messageId);
      const events = await api.get(eventsPath);
      expect(
        events.body.data.find((e: any) => e.type === 'message.sent' && e.data.messageId === res.body.reply.messageId).environment,
      ).toBe('development');
    } finally {
      await worker.stop();
    }
    const blockAccount = await api.get(`/v1/bots/${s.botId}/channels/${s.accountId}/messages`);
    expect(blockAccount.body.data.filter((m: { messageId: string }) => m.messageId === res.body.reply.messageId)).toEqual([]);
  });

  it('chooses by account_alias alone when it names one account', async () => {
    const res = await dev({ ...orderBody(), account_alias: 'second' });
    expect(res.status, res.text).toBe(202);
    expect(res.body.reply.account).toBe('second');
  });

  it('ignores channel_alias and account_alias with a production token', async () => {
    const res = await prod({ ...orderBody('c-prod-route'), channel_alias: 'sandbox', account_alias: 'second' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ environment: 'production', reply: { account: 'test' } });
    // Not even validated: a production caller's stray fields are just data.
    expect((await prod({ ...orderBody(), channel_alias: 42, account_alias: 'nope' })).status).toBe(202);
  });

  it('refuses a development choice that names no active account', async () => {
    for (const choice of [
      { account_alias: 'nope' },
      { channel_alias: 'whatsapp' },
      { channel_alias: 'whatsapp', account_alias: 'second' },
    ]) {
      const res = await dev({ ...orderBody(), ...choice });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors).toEqual([{ path: '/account_alias', message: expect.any(String) }]);
    }
    const inactive = await connectAccount(api, s.botId, 'paused', 'sandbox', { active: false });
    expect(inactive).toMatch(/^acc_/);
    expectProblem(await dev({ ...orderBody(), account_alias: 'paused' }), 400, 'validation');
  });

  it('refuses a development choice that is not a string', async () => {
    const res = await dev({ ...orderBody(), channel_alias: 1, account_alias: ['second'] });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/account_alias', '/channel_alias']);
  });

  it('asks for channel_alias when account_alias alone names accounts on two channels', async () => {
    const botSetup = await setupInbound(api, ORDER_BLOCK, 'shared');
    await connectAccount(api, botSetup.botId, 'shared', 'livechat');
    const res = await callHook(api, botSetup.webhook.id, botSetup.tokens.development, { ...orderBody(), account_alias: 'shared' });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors[0].message).toMatch(/channel_alias/);
    const chosen = await callHook(api, botSetup.webhook.id, botSetup.tokens.development, {
      ...orderBody(),
      channel_alias: 'livechat',
      account_alias: 'shared',
    });
    expect(chosen.status, chosen.text).toBe(202);
    expect(chosen.body.reply).toMatchObject({ channel: 'livechat', account: 'shared' });
  });

  it('checks the contact reference against the chosen account’s channel', async () => {
    // A bot of its own: a WhatsApp account on the shared bot would change what other tests choose.
    const own = await setupInbound(api, { ...ORDER_BLOCK, channel: 'sandbox', account: 'test' });
    await connectAccount(api, own.botId, 'wa', 'whatsapp', { credentials: { accessToken: 'EAAG-test', phoneNumberId: '1065403522' } });
    const dev = (body: unknown) => callHook(api, own.webhook.id, own.tokens.development, body);
    const bad = await dev({ ...orderBody('sandbox-contact'), channel_alias: 'whatsapp', account_alias: 'wa' });
    expectProblem(bad, 400, 'validation');
    expect(bad.body.errors).toEqual([{ path: '$.contact_reference_id', message: expect.stringMatching(/E\.164/) }]);
    const good = await dev({ ...orderBody('+44 20 7946 0958'), channel_alias: 'whatsapp', account_alias: 'wa' });
    expect(good.status, good.text).toBe(202);
    expect(good.body).toMatchObject({ contact: '+442079460958', reply: { channel: 'whatsapp', account: 'wa' } });
  });

  it('keeps development variables apart from production ones', async () => {
    const contact = 'c-env-apart';
    expect((await dev(orderBody(contact, 'Dev name', 'D-9'))).status).toBe(202);
    expectProblem(await api.get(`/v1/bots/${s.botId}/contacts/${contact}/variables`), 404, 'not-found');
    const devVars = await api.get(`/v1/bots/${s.botId}/contacts/${contact}/variables?environment=development`);
    expect(devVars.status, devVars.text).toBe(200);
    expect(devVars.body).toMatchObject({ environment: 'development', variables: { customer_name: 'Dev name', order_id: 'D-9' } });

    expect((await prod(orderBody(contact, 'Live name', 'P-1'))).status).toBe(202);
    const prodVars = await api.get(`/v1/bots/${s.botId}/contacts/${contact}/variables`);
    expect(prodVars.body).toMatchObject({ environment: 'production', variables: { customer_name: 'Live name', order_id: 'P-1' } });
    const devAgain = await api.get(`/v1/bots/${s.botId}/contacts/${contact}/variables?environment=development`);
    expect(devAgain.body.variables).toEqual({ customer_name: 'Dev name', order_id: 'D-9' });
  });

  it('merges a contact’s variables across calls, later values winning', async () => {
    const contact = 'c-merge';
    expect((await prod(orderBody(contact, 'First', 'M-1'))).status).toBe(202);
    expect((await prod({ contact_reference_id: contact, data: { order: { id: 'M-2' } } })).status).toBe(202);
    const vars = await api.get(`/v1/bots/${s.botId}/contacts/${contact}/variables`);
    expect(vars.body.variables).toEqual({ customer_name: 'First', order_id: 'M-2' });
  });

  it('marks development events, activity and replies as development', async () => {
    const res = await dev(orderBody('c-dev-events'));
    expect(res.status).toBe(202);
    const events = await api.get(`/v1/bots/${s.botId}/events?limit=100`);
    const received = events.body.data.find((e: any) => e.type === 'webhook.received' && e.data.requestId === res.body.requestId);
    expect(received).toMatchObject({ environment: 'development', data: { webhookId: s.webhook.id, contact: 'c-dev-events' } });
    const activity = await api.get(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/activity?limit=100`);
    expect(activity.body.data.find((a: any) => a.requestId === res.body.requestId)).toMatchObject({ environment: 'development' });
  });

  it('marks workflow.triggered as development for a development call', async () => {
    const w = await setupInbound(api, { name: 'Flow', type: 'workflow', variables: [{ data: 'x', variable: 'x' }] });
    const res = await callHook(api, w.webhook.id, w.tokens.development, { contact_reference_id: 'c-flow', x: 1 });
    expect(res.status, res.text).toBe(202);
    const events = await api.get(`/v1/bots/${w.botId}/events`);
    expect(events.body.data.map((e: any) => [e.type, e.environment])).toEqual([
      ['workflow.triggered', 'development'],
      ['webhook.received', 'development'],
    ]);
    expectProblem(await api.get(`/v1/bots/${w.botId}/contacts/c-flow/variables`), 404);
    expect((await api.get(`/v1/bots/${w.botId}/contacts/c-flow/variables?environment=development`)).body.variables).toEqual({ x: 1 });
  });

  it('answers 422 when the block’s own account was deactivated', async () => {
    const d = await setupInbound(api);
    expect((await api.patch(`/v1/bots/${d.botId}/channels/${d.accountId}`, { active: false })).status).toBe(200);
    const res = await callHook(api, d.webhook.id, d.tokens.production, orderBody());
    expectProblem(res, 422, 'unprocessable');
    expect((await api.get(`/v1/bots/${d.botId}/webhooks/${d.webhook.id}/activity?status=accepted`)).body.data).toEqual([]);
  });
});
