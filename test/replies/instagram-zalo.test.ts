/** The instagram and zalo channels end to end against fakes speaking their documented formats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type FakeProvider, startFakeInstagram, startFakeZalo, zaloError } from '../helpers/fakes/index.ts';
import { callHook, connectAccount, createBlock, createBot, replyReaches } from '../helpers/scenario.ts';

const INSTAGRAM = { pageAccessToken: 'EAAGinstagram-token-31', pageId: '112233445566' };
const ZALO = { accessToken: 'zalo-oa-access-token-77' };

describe('instagram and zalo', () => {
  let t: TestApp;
  let api: Api;
  let workers: { stop(): Promise<void> };
  const fakes: FakeProvider[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = new Api(t.app, await t.token());
    workers = t.startWorkers();
  });
  afterAll(async () => {
    await workers.stop();
    await Promise.all(fakes.map((f) => f.close()));
    await t.close();
  });

  async function run(
    channel: string,
    credentials: Record<string, unknown>,
    fake: FakeProvider,
    contact: string,
    reply: unknown,
    status = 'sent',
  ) {
    fakes.push(fake);
    const botId = await createBot(api);
    await connectAccount(api, botId, 'line', channel, { credentials, config: { apiBaseUrl: fake.apiBaseUrl } });
    const block = await createBlock(api, botId, { name: 'C', variables: [{ data: 'name', variable: 'name' }], reply });
    const res = await callHook(api, block.id, block.tokens.production, { contact_reference_id: contact, name: 'Ada' });
    expect(res.status, res.text).toBe(202);
    const view = await replyReaches(api, { botId, webhookId: block.id, token: '', accountId: '' }, res.body.reply.messageId, status);
    expect(fake.violations).toEqual([]);
    return { requests: fake.requests, view, botId };
  }

  it('instagram: text with quick replies, then an image, to an IGSID with the page access token', async () => {
    const fake = await startFakeInstagram(INSTAGRAM);
    const { requests, view } = await run('instagram', INSTAGRAM, fake, '17841400000000001', [
      { text: 'Hi {{name}}', buttons: [{ id: 'track', title: 'Track' }] },
      { media: { kind: 'image', url: 'https://cdn.example.com/a.png' } },
    ]);
    expect(requests[0]).toMatchObject({ method: 'POST', path: `/v21.0/${INSTAGRAM.pageId}/messages` });
    expect(requests[0]!.query.get('access_token')).toBe(INSTAGRAM.pageAccessToken);
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      {
        recipient: { id: '17841400000000001' },
        message: { text: 'Hi Ada', quick_replies: [{ content_type: 'text', title: 'Track', payload: 'track' }] },
      },
      {
        recipient: { id: '17841400000000001' },
        message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.png' } } },
      },
    ]);
    expect(view.providerMessageId).toBe('aWdfZAG1fake2');
  });

  it('zalo: text, then an image with a caption, with the access_token header', async () => {
    const fake = await startFakeZalo(ZALO);
    const { requests, view } = await run('zalo', ZALO, fake, '4242424242424242424', [
      { text: 'Xin chào {{name}}' },
      { media: { kind: 'image', url: 'https://cdn.example.com/a.png', caption: 'Menu' } },
    ]);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v3.0/oa/message/cs' });
    expect(requests[0]!.headers.access_token).toBe(ZALO.accessToken);
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      { recipient: { user_id: '4242424242424242424' }, message: { text: 'Xin chào Ada' } },
      {
        recipient: { user_id: '4242424242424242424' },
        message: {
          text: 'Menu',
          attachment: {
            type: 'template',
            payload: { template_type: 'media', elements: [{ media_type: 'image', url: 'https://cdn.example.com/a.png' }] },
          },
        },
      },
    ]);
    expect(view.providerMessageId).toBe('zalo-msg-2');
  });

  it('zalo: a user who has not interacted fails at once; a rate limit is retried', async () => {
    const fake = await startFakeZalo(ZALO);
    fake.respondWith([zaloError(-230, 'User has not interacted with the OA in the last 7 days')]);
    const { view } = await run('zalo', ZALO, fake, '4242', { text: 'Hi' }, 'failed');
    expect(view.error).toMatchObject({ code: 'zalo:-230' });
    fake.reset();
    fake.respondWith([zaloError(-32, 'Rate limit exceeded')]);
    const retried = await run('zalo', ZALO, fake, '4243', { text: 'Hi' }, 'sent');
    expect(retried.view.attempts).toBe(2);
  });

  it('refuses at save what zalo and instagram cannot carry', async () => {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'z', 'zalo', { credentials: ZALO });
    await connectAccount(api, botId, 'ig', 'instagram', { credentials: INSTAGRAM });
    const zaloButtons = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'x',
      channel: 'zalo',
      reply: { text: 'Hi', buttons: [{ id: 'a', title: 'A' }] },
    });
    expectProblem(zaloButtons, 400, 'validation');
    expect(zaloButtons.body.errors[0].path).toBe('/reply/buttons');
    const zaloVideo = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'x',
      channel: 'zalo',
      reply: { media: { kind: 'video', url: 'https://x.example/v.mp4' } },
    });
    expect(zaloVideo.body.errors[0].path).toBe('/reply/media/kind');
    const igText = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'x', channel: 'instagram', reply: { text: 'x'.repeat(1001) } });
    expect(igText.body.errors[0].path).toBe('/reply/text');
  });
});
