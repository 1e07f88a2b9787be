/**
 * WhatsApp reply content end to end against the fake Cloud API: a template message with
 * parameters from variables, media by URL, several messages in order on one lane, and the
 * 131047 (window closed) → fallback template on the same lane, with both attempts in the activity.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type FakeProvider, graphError, startFakeWhatsApp } from '../helpers/fakes/index.ts';
import { callHook, connectAccount, createBlock, createBot, replyReaches, WHATSAPP } from '../helpers/scenario.ts';

const WELCOME = {
  name: 'welcome_offer',
  language: 'en_US',
  components: [
    {
      type: 'body',
      parameters: [
        { type: 'text', text: '{{name}}' },
        { type: 'text', text: '{{code}}' },
      ],
    },
  ],
};

describe('whatsapp reply content', () => {
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
  beforeEach(() => fake.reset());

  async function bot(block: Record<string, unknown>) {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'wa', 'whatsapp', { credentials: WHATSAPP.credentials, config: { apiBaseUrl: fake.apiBaseUrl } });
    const created = await createBlock(api, botId, {
      name: 'Welcome',
      variables: [
        { data: 'name', variable: 'name' },
        { data: 'code', variable: 'code' },
        { data: 'sku', variable: 'sku' },
      ],
      ...block,
    });
    const view = { botId, webhookId: created.id, token: created.tokens.production, accountId: '' };
    const call = async (body: Record<string, unknown>) => {
      const res = await callHook(api, created.id, created.tokens.production, { contact_reference_id: WHATSAPP.contact, ...body });
      expect(res.status, res.text).toBe(202);
      return res.body.reply.messageId as string;
    };
    return { view, call, botId, webhookId: created.id };
  }

  const sentBodies = () => fake.requests.map((r) => JSON.parse(r.body));

  it('sends a template message with parameters from the call’s variables', async () => {
    const b = await bot({ reply: { template: WELCOME } });
    const id = await b.call({ name: 'Ada', code: 'WELCOME10' });
    await replyReaches(api, b.view, id, 'sent');
    expect(fake.violations).toEqual([]);
    expect(sentBodies()).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP.contact,
        type: 'template',
        template: {
          name: 'welcome_offer',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ada' },
                { type: 'text', text: 'WELCOME10' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('sends several messages in order: text, image by URL, document with a filename', async () => {
    const b = await bot({
      reply: [
        { text: 'Hi {{name}}' },
        { media: { kind: 'image', url: 'https://cdn.example.com/{{sku}}.jpg', caption: 'Your {{sku}}' } },
        { media: { kind: 'document', url: 'https://cdn.example.com/invoice.pdf', filename: 'invoice-{{code}}.pdf' } },
      ],
    });
    const id = await b.call({ name: 'Ada', code: 'A1', sku: 'mug' });
    const reply = await replyReaches(api, b.view, id, 'sent');
    expect(reply.providerMessageId).toBe('wamid.FAKE3');
    expect(fake.violations).toEqual([]);
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: WHATSAPP.contact };
    expect(sentBodies()).toEqual([
      { ...base, type: 'text', text: { body: 'Hi Ada', preview_url: false } },
      { ...base, type: 'image', image: { link: 'https://cdn.example.com/mug.jpg', caption: 'Your mug' } },
      { ...base, type: 'document', document: { link: 'https://cdn.example.com/invoice.pdf', filename: 'invoice-A1.pdf' } },
    ]);
  });

  it('sends video with a caption and audio without one, as the Cloud API documents them', async () => {
    const b = await bot({
      reply: [
        { media: { kind: 'video', url: 'https://cdn.example.com/{{sku}}.mp4', caption: 'How to use {{sku}}' } },
        { media: { kind: 'audio', url: 'https://cdn.example.com/hello.ogg' } },
      ],
    });
    const id = await b.call({ sku: 'kettle' });
    await replyReaches(api, b.view, id, 'sent');
    expect(fake.violations).toEqual([]);
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: WHATSAPP.contact };
    expect(sentBodies()).toEqual([
      { ...base, type: 'video', video: { link: 'https://cdn.example.com/kettle.mp4', caption: 'How to use kettle' } },
      { ...base, type: 'audio', audio: { link: 'https://cdn.example.com/hello.ogg' } },
    ]);
  });

  it('resumes after the messages already sent when a later one is retried', async () => {
    const b = await bot({ reply: [{ text: 'One' }, { text: 'Two' }] });
    fake.respondWith([
      { status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.ONE' }] } },
      graphError(503, 131000, 'Something went wrong'),
    ]);
    const id = await b.call({});
    await replyReaches(api, b.view, id, 'sent', 20_000);
    expect(sentBodies().map((m) => m.text.body)).toEqual(['One', 'Two', 'Two']);
  });

  it('sends the fallback template on the same lane when the 24-hour window is closed, and shows both attempts', async () => {
    const b = await bot({ reply: { text: 'Your cart is waiting, {{name}}' }, fallbackTemplate: WELCOME });
    fake.respondWith([graphError(400, 131047, 'Re-engagement message', { details: 'more than 24 hours have passed' })]);
    const id = await b.call({ name: 'Ada', code: 'CART5' });
    const later = await b.call({ name: 'Ada', code: 'NEXT' });
    const reply = await replyReaches(api, b.view, id, 'sent');
    expect(reply).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: expect.stringMatching(/^wamid\./),
      fallback: { error: { code: 'whatsapp:131047' }, template: 'welcome_offer', providerMessageId: reply.providerMessageId },
    });
    await replyReaches(api, b.view, later, 'sent');
    expect(sentBodies().map((m) => m.type)).toEqual(['text', 'template', 'text']);
    expect(sentBodies()[1].template.components[0].parameters[1].text).toBe('CART5');
  });

  it('fails 131047 as before without a fallback template', async () => {
    const b = await bot({ reply: { text: 'Hi' } });
    fake.respondWith([graphError(400, 131047, 'Re-engagement message')]);
    const id = await b.call({});
    expect(await replyReaches(api, b.view, id, 'failed')).toMatchObject({ error: { code: 'whatsapp:131047' }, fallback: null });
  });

  it('refuses at save what WhatsApp cannot carry, naming the field', async () => {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'wa', 'whatsapp', { credentials: WHATSAPP.credentials });
    const refused = async (block: Record<string, unknown>, path: string) => {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'X', ...block });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await refused({ reply: { text: 'Hi', parseMode: 'HTML' } }, '/reply/parseMode');
    await refused(
      { reply: [{ text: 'Hi' }, { media: { kind: 'audio', url: 'https://x.example/a.mp3', filename: 'a.mp3' } }] },
      '/reply/1/media/filename',
    );
    await refused({ reply: { template: { name: 'Bad Name', language: 'en' } } }, '/reply/template/name');
    await refused({ reply: { media: { kind: 'audio', url: 'https://x.example/a.ogg', caption: 'Listen' } } }, '/reply/media/caption');
    await refused({ reply: { text: 'Hi', media: { kind: 'image', url: 'https://x.example/a.png' } } }, '/reply');
    await refused({ reply: Array.from({ length: 6 }, () => ({ text: 'Hi' })) }, '/reply');
  });

  it('refuses a template on a channel without templates, and a fallback template off WhatsApp', async () => {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'tg', 'telegram', { credentials: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-content' } });
    const res = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'X', reply: { template: WELCOME } });
    expectProblem(res, 400, 'validation');
    expect(res.body.detail).toContain('telegram');
    expect(res.body.errors).toEqual([{ path: '/reply/template', message: 'telegram cannot send template messages' }]);
    const fallback = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'X', reply: { text: 'Hi' }, fallbackTemplate: WELCOME });
    expectProblem(fallback, 400, 'validation');
    expect(fallback.body.errors[0].path).toBe('/fallbackTemplate');
  });
});
