/**
 * A contact is (channel, reference): variables, the contacts API and reply templates keep channels
 * apart, and a reply reads the contact's stored variables after the call's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { callHook, connectAccount, createBlock, createBot, createBotWithSandbox } from '../helpers/scenario.ts';

const TELEGRAM = { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-contacts' };
const MESSENGER = { pageAccessToken: 'EAAGcontacts-token', pageId: '918273645546372' };

describe('contacts per channel', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
  });
  afterAll(() => t.close());

  async function twoChannelBot() {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'tg', 'telegram', { credentials: TELEGRAM });
    await connectAccount(api, botId, 'fb', 'messenger', { credentials: MESSENGER });
    const block = (channel: string, account: string) =>
      createBlock(api, botId, {
        name: `Plan on ${channel}`,
        channel,
        account,
        variables: [{ data: 'plan', variable: 'plan' }],
        reply: { text: 'Your plan: {{plan}}' },
      });
    return { botId, telegram: await block('telegram', 'tg'), messenger: await block('messenger', 'fb') };
  }

  it('keeps the same reference on two channels apart', async () => {
    const { botId, telegram, messenger } = await twoChannelBot();
    expect((await callHook(api, telegram.id, telegram.tokens.production, { contact_reference_id: '5550001', plan: 'gold' })).status).toBe(
      202,
    );
    expect((await callHook(api, messenger.id, messenger.tokens.production, { contact_reference_id: '5550001', plan: 'free' })).status).toBe(
      202,
    );

    const tg = await api.get(`/v1/bots/${botId}/contacts/telegram/5550001/variables`);
    expect(tg.status, tg.text).toBe(200);
    expect(tg.body).toMatchObject({ channel: 'telegram', contact: '5550001', variables: { plan: 'gold' } });
    expect((await api.get(`/v1/bots/${botId}/contacts/messenger/5550001/variables`)).body.variables).toEqual({ plan: 'free' });
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/slack/5550001/variables`), 404, 'not-found');
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/pigeon/5550001/variables`), 400, 'validation');
    // The form without a channel cannot tell the two apart.
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/5550001/variables`), 409, 'conflict');

    const all = await api.get(`/v1/bots/${botId}/contacts`);
    expect(all.status, all.text).toBe(200);
    expect(all.body.data.map((c: any) => `${c.channel}/${c.contact}/${c.variables.plan}`).sort()).toEqual([
      'messenger/5550001/free',
      'telegram/5550001/gold',
    ]);
    const onlyTelegram = await api.get(`/v1/bots/${botId}/contacts?channel=telegram`);
    expect(onlyTelegram.body.data.map((c: any) => c.channel)).toEqual(['telegram']);
    expect((await api.get(`/v1/bots/${botId}/contacts?environment=development`)).body.data).toEqual([]);
  });

  it('erases one contact’s data on one channel', async () => {
    const { botId, telegram, messenger } = await twoChannelBot();
    await callHook(api, telegram.id, telegram.tokens.production, { contact_reference_id: '5550001', plan: 'gold' });
    await callHook(api, telegram.id, telegram.tokens.development, { contact_reference_id: '5550001', plan: 'dev' });
    await callHook(api, messenger.id, messenger.tokens.production, { contact_reference_id: '5550001', plan: 'free' });

    const erased = await api.delete(`/v1/bots/${botId}/contacts/telegram/5550001`);
    expect(erased.status, erased.text).toBe(204);
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/telegram/5550001/variables`), 404, 'not-found');
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/telegram/5550001/variables?environment=development`), 404, 'not-found');
    expect((await api.get(`/v1/bots/${botId}/contacts/messenger/5550001/variables`)).body.variables).toEqual({ plan: 'free' });
    expectProblem(await api.delete(`/v1/bots/${botId}/contacts/telegram/5550001`), 404, 'not-found');
  });

  it('finds a phone contact however the number is written', async () => {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'wa', 'whatsapp', { credentials: { accessToken: 'EAAGx', phoneNumberId: '1065' } });
    const block = await createBlock(api, botId, {
      name: 'P',
      channel: 'whatsapp',
      variables: [{ data: 'plan', variable: 'plan' }],
      reply: { text: 'Hi' },
    });
    await callHook(api, block.id, block.tokens.production, { contact_reference_id: '+1 (415) 555-0123', plan: 'gold' });
    for (const written of ['+1 415-555-0123', '+14155550123', '14155550123']) {
      const res = await api.get(`/v1/bots/${botId}/contacts/whatsapp/${encodeURIComponent(written)}/variables`);
      expect(res.status, written).toBe(200);
      expect(res.body.contact).toBe('+14155550123');
    }
  });

  it('renders a reply from the contact’s stored variables after the call’s own', async () => {
    const { botId, accountId } = await createBotWithSandbox(api);
    const profile = await createBlock(api, botId, {
      name: 'Profile',
      variables: [{ data: 'plan', variable: 'plan' }],
      reply: { text: 'Saved' },
    });
    const greet = await createBlock(api, botId, {
      name: 'Greet',
      variables: [{ data: 'name', variable: 'name' }],
      reply: { text: 'Hi {{name}}, plan {{contact.plan}}, city {{city}}, call-first {{ name }}' },
    });
    await callHook(api, profile.id, profile.tokens.production, { contact_reference_id: 'c-stored', plan: 'gold' });
    await callHook(api, profile.id, profile.tokens.production, { contact_reference_id: 'c-stored', plan: 'gold' });
    const preview = await api.post(`/v1/bots/${botId}/webhooks/${greet.id}/preview`, {
      body: { contact_reference_id: 'c-stored', name: 'Ada' },
    });
    expect(preview.body.reply.text).toBe('Hi Ada, plan gold, city , call-first Ada');

    const res = await callHook(api, greet.id, greet.tokens.production, { contact_reference_id: 'c-stored', name: 'Ada' });
    expect(res.status, res.text).toBe(202);
    const workers = t.startWorkers();
    try {
      const log = `/v1/bots/${botId}/channels/${accountId}/messages`;
      const texts = async () => (await api.get(log)).body.data.map((m: any) => m.text);
      await expect.poll(texts, POLL).toContain('Hi Ada, plan gold, city , call-first Ada');
    } finally {
      await workers.stop();
    }
  });
});
