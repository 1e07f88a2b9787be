import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { callHook, connectAccount, createBlock, createBot } from '../helpers/scenario.ts';
import { SseClient } from '../helpers/sse.ts';

/** Each test chats through a bot of its own, so a count of its replies or its newest one is its own. */
describe.each(['redis', 'memory'] as const)('live chat over SSE (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { HOOKGATE_LIVECHAT_HEARTBEAT_MS: '300' } });
    api = t.api;
    base = await t.listen();
    t.startWorkers();
  });
  afterAll(() => t.close());

  /** A bot with a live chat account and a block that replies with the call's `text`. */
  async function aLiveChat() {
    const botId = await createBot(api, 'Chat');
    const accountId = await connectAccount(api, botId, 'site', 'livechat');
    const hook = await createBlock(api, botId, {
      name: 'Say',
      variables: [{ data: 'text', variable: 'text' }],
      reply: { text: '{{text}}' },
    });
    return {
      botId,
      accountId,
      webhookId: hook.id,
      hookToken: hook.tokens.production,
      say: (contact: string, text: string) => callHook(api, hook.id, hook.tokens.production, { contact_reference_id: contact, text }),
      widgetToken: async (contact: string) => (await api.post(`/v1/bots/${botId}/channels/${accountId}/livechat-tokens`, { contact })).body,
    };
  }

  it('streams a reply to the connected widget, and replays what it missed after a reconnect, in order and once', async () => {
    const { botId, webhookId, say, widgetToken } = await aLiveChat();
    const { token, streamUrl } = await widgetToken('visitor-1');
    expect(streamUrl).toBe(`http://hookgate.test/livechat/stream?token=${token}`);
    const first = await SseClient.open(`${base}/livechat/stream?token=${token}`);
    expect(first.status).toBe(200);
    await expect.poll(() => first.events.map((x) => x.event), POLL).toContain('ready');
    expect((await say('visitor-1', 'hello')).status).toBe(202);
    await expect.poll(() => first.messages().length, POLL).toBeGreaterThan(0);
    const [hello] = first.messages();
    expect(JSON.parse(hello!.data!)).toMatchObject({ text: 'hello', environment: 'production' });
    first.close();

    await say('visitor-1', 'while away 1');
    await say('visitor-1', 'while away 2');
    await say('visitor-2', 'for someone else');
    // Wait until both are delivered (the activity shows them sent), then reconnect.
    await expect
      .poll(async () => {
        const activity = (await api.get(`/v1/bots/${botId}/webhooks/${webhookId}/activity?limit=10`)).body.data;
        return activity.filter((a: { reply: { status: string } }) => a.reply.status === 'sent').length;
      }, POLL)
      .toBe(4);

    const second = await SseClient.open(`${base}/livechat/stream`, { authorization: `Bearer ${token}`, 'last-event-id': hello!.id! });
    await expect.poll(() => second.messages().length, POLL).toBeGreaterThanOrEqual(2);
    // Give a duplicate, if there were one, time to show up.
    await sleep(300);
    expect(second.messages().map((m) => JSON.parse(m.data!).text)).toEqual(['while away 1', 'while away 2']);
    second.close();
  });

  it('sends heartbeats so proxies keep the stream open', async () => {
    const { widgetToken } = await aLiveChat();
    const { token } = await widgetToken('visitor-3');
    const client = await SseClient.open(`${base}/livechat/stream?token=${token}`);
    await expect.poll(() => client.events.map((x) => x.comment), { ...POLL, timeout: 5000 }).toContain('heartbeat');
    client.close();
  });

  it('replays everything kept with Last-Event-ID 0', async () => {
    const { botId, webhookId, say, widgetToken } = await aLiveChat();
    expect((await say('visitor-4', 'early')).status).toBe(202);
    const newestReply = async () => (await api.get(`/v1/bots/${botId}/webhooks/${webhookId}/activity?limit=1`)).body.data[0].reply.status;
    await expect.poll(newestReply, POLL).toBe('sent');
    const { token } = await widgetToken('visitor-4');
    const client = await SseClient.open(`${base}/livechat/stream?token=${token}&lastEventId=0`);
    await expect.poll(() => client.messages().length, POLL).toBeGreaterThan(0);
    expect(JSON.parse(client.messages()[0]!.data!).text).toBe('early');
    client.close();
  });

  it('refuses a missing, forged or expired token, and a bad Last-Event-ID', async () => {
    const { hookToken, widgetToken } = await aLiveChat();
    expectProblem(await api.withToken(null).get('/livechat/stream'), 401);
    expectProblem(await api.withToken(null).get('/livechat/stream?token=abc.def.ghi'), 401);
    expectProblem(await api.withToken(null).get(`/livechat/stream?token=${hookToken}`), 401);
    const { token } = await widgetToken('visitor-5');
    expectProblem(await api.withToken(null).get(`/livechat/stream?token=${token}&lastEventId=abc`), 400);
  });

  it('mints widget tokens only for live chat accounts', async () => {
    const { botId, accountId } = await aLiveChat();
    const sandbox = (await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'sb' })).body;
    expectProblem(await api.post(`/v1/bots/${botId}/channels/${sandbox.id}/livechat-tokens`, { contact: 'x' }), 409);
    expectProblem(await api.post(`/v1/bots/${botId}/channels/${accountId}/livechat-tokens`, { contact: '' }), 400);
  });
});
