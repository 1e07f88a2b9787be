/**
 * A 202 is durable: once a call is accepted, killing the service with SIGKILL (and Redis with it,
 * running with AOF and `appendfsync always`) loses nothing. A new process finds every call and
 * delivers every queued reply exactly once, in order per contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApi } from '../helpers/api.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { callHook, GREETING_BLOCK, type InboundSetup, setupInbound } from '../helpers/scenario.ts';
import { aSecret, killAllServices, mintAdminToken, startService } from '../helpers/service-process.ts';

interface Accepted {
  requestId: string;
  contact: string;
  variables: { customer_name: string };
  reply: { messageId: string; text: string };
}

describe.skipIf(!hasRedisServer)('accepted calls survive a crash', () => {
  const secret = aSecret();
  let redis: PrivateRedis;
  let block: InboundSetup;
  const accepted: Accepted[] = [];
  let api: HttpApi;

  beforeAll(async () => {
    redis = await startPrivateRedis({ persistent: true });
  }, 30_000);

  afterAll(async () => {
    await killAllServices();
    await redis?.close();
  });

  it('keeps every call accepted before kill -9 and delivers each queued reply once', async () => {
    const env = { REDIS_URL: redis.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hgdurable' };
    // An API-only process: no worker sends anything, so every reply is still queued at the crash.
    const first = await startService({ ...env, HOOKGATE_ROLE: 'api' });
    api = await HttpApi.connect(first.baseUrl, await mintAdminToken(secret));
    block = await setupInbound(api, GREETING_BLOCK);

    const accept = async (contact: string, name: string) => {
      const res = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: contact, data: { name } });
      expect(res.status, res.text).toBe(202);
      accepted.push(res.body as Accepted);
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => accept(`contact-${i}`, `Name ${i}`)));
    // Five calls for one contact, one after another: their replies must go out in this order.
    for (let i = 0; i < 5; i++) await accept('regular', `visit ${i}`);

    expect(await first.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await redis.stop('SIGKILL');
    await redis.start();

    const second = await startService(env);
    api = await HttpApi.connect(second.baseUrl, await mintAdminToken(secret));

    const found = await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity?limit=100`);
    expect(found.status, found.text).toBe(200);
    const activity = found.body.data as any[];
    expect(activity.map((a) => a.requestId).sort()).toEqual(accepted.map((a) => a.requestId).sort());

    for (let i = 0; i < 10; i++) {
      const vars = await api.get(`/v1/bots/${block.botId}/contacts/contact-${i}/variables`);
      expect(vars.status, vars.text).toBe(200);
      expect(vars.body.variables).toEqual({ customer_name: `Name ${i}` });
    }
    expect((await api.get(`/v1/bots/${block.botId}/contacts/regular/variables`)).body.variables).toEqual({ customer_name: 'visit 4' });

    // Settled means nothing is left to send, so the sandbox list is final once it is reached.
    const activityPath = `/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity?limit=100`;
    const replyStatuses = async () => ((await api.get(activityPath)).body.data as any[]).map((a) => a.reply?.status);
    await expect.poll(replyStatuses, { timeout: 30_000, interval: 200 }).toEqual(accepted.map(() => 'sent'));
    const messages = (await api.get(`/v1/bots/${block.botId}/channels/${block.accountId}/messages?limit=100`)).body.data as any[];
    expect(messages.map((m) => m.messageId).sort()).toEqual(accepted.map((a) => a.reply.messageId).sort());
    for (const m of messages) {
      expect(m.text).toBe(accepted.find((a) => a.reply.messageId === m.messageId)!.reply.text);
    }
    // Newest first: reversed, the one contact's replies read in the order its calls arrived.
    const regular = messages.filter((m) => m.contact === 'regular').reverse();
    expect(regular.map((m) => m.text)).toEqual(['Hi visit 0', 'Hi visit 1', 'Hi visit 2', 'Hi visit 3', 'Hi visit 4']);
  }, 120_000);
});
