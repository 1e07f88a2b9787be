/**
 * Safe development calls: a development reply on a provider channel reaches the provider only for
 * the account's test recipients; for anyone else it is recorded in the account's sandbox log as
 * sent and simulated, and the activity says so. The development sample writes to the first test
 * recipient, or says that the reply will be simulated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { type FakeProvider, startFakeWhatsApp } from '../helpers/fakes/index.ts';
import { callHook, createBlock, createBot, replyReaches, WHATSAPP } from '../helpers/scenario.ts';

describe('development calls on provider channels', () => {
  let t: TestApp;
  let api: Api;
  let fake: FakeProvider;
  let workers: { stop(): Promise<void> };

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = new Api(t.app, await t.token());
    fake = await startFakeWhatsApp(WHATSAPP.credentials);
    workers = t.startWorkers();
  });
  afterAll(async () => {
    await workers.stop();
    await fake.close();
    await t.close();
  });

  async function whatsappBot(extra: Record<string, unknown>) {
    const botId = await createBot(api, 'Dev bot');
    const account = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: WHATSAPP.credentials,
      config: { apiBaseUrl: fake.apiBaseUrl },
      ...extra,
    });
    expect(account.status, account.text).toBe(201);
    const block = await createBlock(api, botId, {
      name: 'Welcome',
      channel: 'whatsapp',
      account: 'wa',
      variables: [{ data: 'name', variable: 'name' }],
      reply: { text: 'Welcome {{name}}' },
    });
    return { botId, accountId: account.body.id as string, webhookId: block.id, tokens: block.tokens, account: account.body };
  }

  it('stores test recipients in E.164, read in the account’s default country', async () => {
    const { account } = await whatsappBot({ testRecipients: ['(415) 555-0199', '+44 20 7946 0958'], defaultCountry: 'US' });
    expect(account).toMatchObject({ testRecipients: ['+14155550199', '+442079460958'], defaultCountry: 'US' });
  });

  it('refuses a test recipient that is not a valid contact for the channel', async () => {
    const botId = await createBot(api);
    const res = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: WHATSAPP.credentials,
      testRecipients: ['+14155550123', '(415) 555-0199'],
    });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/testRecipients/1', message: expect.stringMatching(/needs a country code/) }]);
    expectProblem(
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'sms', alias: 's', defaultCountry: 'usa', credentials: {} }),
      400,
      'validation',
    );
  });

  it('never sends a development reply to a contact who is not a test recipient; it is recorded as simulated', async () => {
    const bot = await whatsappBot({ testRecipients: ['+14155550199'] });
    fake.reset();
    const res = await callHook(api, bot.webhookId, bot.tokens.development, { contact_reference_id: '+14155550123', name: 'Ada' });
    expect(res.status, res.text).toBe(202);
    const messageId = res.body.reply.messageId as string;
    const reply = await replyReaches(api, { ...bot, token: bot.tokens.development }, messageId, 'sent');
    expect(reply).toMatchObject({ status: 'sent', simulated: true, error: null });

    const log = await api.get(`/v1/bots/${bot.botId}/channels/${bot.accountId}/messages`);
    expect(log.body.data).toEqual([
      expect.objectContaining({
        messageId,
        contact: '+14155550123',
        text: 'Welcome Ada',
        environment: 'development',
        status: 'sent',
        simulated: true,
      }),
    ]);
    expect(fake.requests).toEqual([]);
  });

  it('sends a development reply to a test recipient, and production replies to anyone', async () => {
    const bot = await whatsappBot({ testRecipients: ['+14155550123'] });
    fake.reset();
    const dev = await callHook(api, bot.webhookId, bot.tokens.development, { contact_reference_id: '+1 415 555 0123', name: 'Dev' });
    const prod = await callHook(api, bot.webhookId, bot.tokens.production, { contact_reference_id: '+14155550124', name: 'Prod' });
    const view = { ...bot, token: bot.tokens.production };
    expect(await replyReaches(api, view, dev.body.reply.messageId, 'sent')).toMatchObject({ simulated: false });
    expect(await replyReaches(api, view, prod.body.reply.messageId, 'sent')).toMatchObject({ simulated: false });
    const sentTo = fake.requests.map((r) => JSON.parse(r.body).to).sort();
    expect(sentTo).toEqual(['+14155550123', '+14155550124']);
    expect((await api.get(`/v1/bots/${bot.botId}/channels/${bot.accountId}/messages`)).body.data).toEqual([]);
  });

  it('points the development sample at the first test recipient', async () => {
    const bot = await whatsappBot({ testRecipients: ['+14155550199', '+14155550198'] });
    const samples = await api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhookId}/samples`);
    expect(samples.status, samples.text).toBe(200);
    expect(samples.body.development.body).toMatchObject({ contact_reference_id: '+14155550199' });
    expect(samples.body.development.note).toBeUndefined();
    expect(samples.body.development.curl).toContain('+14155550199');
  });

  it('says in the development sample that the reply will be simulated when there is no test recipient', async () => {
    const bot = await whatsappBot({});
    const samples = await api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhookId}/samples`);
    expect(samples.body.development.note).toMatch(/simulated/);
    for (const lang of ['curl', 'httpie', 'python'] as const) expect(samples.body.development[lang]).toMatch(/^# .*simulated/);
    expect(samples.body.development.fetch).toMatch(/^\/\/ .*simulated/);
    expect(samples.body.production.note).toBeUndefined();

    fake.reset();
    const pasted = await callHook(api, bot.webhookId, bot.tokens.development, samples.body.development.body);
    expect(pasted.status, pasted.text).toBe(202);
    await replyReaches(api, { ...bot, token: bot.tokens.development }, pasted.body.reply.messageId, 'sent', POLL.timeout);
    expect(fake.requests).toEqual([]);
  });
});
