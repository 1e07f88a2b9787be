/**
 * clients/typescript: its types are what openapi-typescript generates from openapi.yaml now, and the
 * quick start runs through it against a listening instance.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHookgateClient, type HookgateClient, type Schemas } from '../../clients/typescript/src/index.ts';
import { CLIENT_TYPES_FILE, renderClientTypes } from '../../scripts/openapi-client.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';

describe('clients/typescript', () => {
  it('holds the types openapi-typescript generates from openapi.yaml (run `npm run openapi` after changing a route)', async () => {
    const yaml = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(await renderClientTypes(yaml));
  });
});

describe('the typed client against a listening instance', () => {
  let t: TestApp;
  let client: HookgateClient;

  beforeAll(async () => {
    t = await createTestApp();
    t.startWorkers();
    client = createHookgateClient({ baseUrl: await t.listen(), token: await t.token() });
  });
  afterAll(() => t.close());

  it('runs the quick start: bot, sandbox channel, webhook, samples, the call, its activity', async () => {
    const bot = await client.POST('/v1/bots', { body: { name: 'Demo' } });
    expect(bot.response.status).toBe(201);
    const botId = bot.data!.id;
    expect(bot.response.headers.get('location')).toBe(`/v1/bots/${botId}`);

    const account = await client.POST('/v1/bots/{botId}/channels', {
      params: { path: { botId } },
      body: { channel: 'sandbox', alias: 'test' },
    });
    expect(account.data).toMatchObject({ channel: 'sandbox', alias: 'test', active: true });

    const created = await client.POST('/v1/bots/{botId}/webhooks', {
      params: { path: { botId } },
      body: {
        name: 'Order shipped',
        variables: [{ data: 'data.name', variable: 'customer_name' }],
        reply: { text: 'Hi {{customer_name}}' },
      },
    });
    expect(created.response.status).toBe(201);
    const webhook: Schemas['WebhookCreated'] = created.data!;

    const samples = await client.GET('/v1/bots/{botId}/webhooks/{webhookId}/samples', {
      params: { path: { botId, webhookId: webhook.id } },
    });
    // The operation also answers text/plain (`?format=text`): the JSON form is the object.
    if (typeof samples.data !== 'object') throw new Error(`samples answered ${samples.response.status}`);
    const production = samples.data.production;

    const call = await client.POST('/hooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
      body: production.body,
      headers: { Authorization: `Bearer ${production.token}` },
    });
    expect(call.response.status).toBe(202);
    // 202 is one of the operation's successes (a handshake's 200, a batch's 207): its status says which.
    const accepted = call.data as Schemas['InboundAccepted'];
    expect(accepted).toMatchObject({ webhookId: webhook.id, variables: { customer_name: expect.any(String) } });

    const activity = await vi.waitFor(async () => {
      const page = await client.GET('/v1/bots/{botId}/webhooks/{webhookId}/activity', {
        params: { path: { botId, webhookId: webhook.id } },
      });
      expect(page.data!.data[0]?.reply?.status).toBe('sent');
      return page.data!.data;
    }, POLL);
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ requestId: accepted.requestId, contact: accepted.contact });

    const sent = await client.GET('/v1/bots/{botId}/channels/{accountId}/messages', {
      params: { path: { botId, accountId: account.data!.id } },
    });
    expect(sent.data!.data.map((m) => m.text)).toEqual([accepted.reply!.text]);
  });

  it('answers a bad request with the problem document as `error`, typed', async () => {
    const res = await client.POST('/v1/bots/{botId}/channels', {
      params: { path: { botId: 'bot_missing' } },
      body: { channel: 'whatsapp', alias: 'wa', credentials: { accessToken: 'x', phoneNumberId: '123' } },
    });
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({ status: 404, type: expect.stringContaining('not-found') });

    // Credentials are typed per channel: WhatsApp's fields on a Telegram account do not compile…
    const mixed = await client.POST('/v1/bots/{botId}/channels', {
      params: { path: { botId: 'bot_missing' } },
      // @ts-expect-error: a telegram account takes { botToken }
      body: { channel: 'telegram', alias: 'tg', credentials: { accessToken: 'x', phoneNumberId: '123' } },
    });
    // …and the service, checking the same schemas, refuses them before it looks for the bot.
    expect(mixed.response.status).toBe(400);
    expect(mixed.error?.errors?.map((e) => e.path)).toEqual([
      '/credentials/botToken',
      '/credentials/accessToken',
      '/credentials/phoneNumberId',
    ]);

    const unauthenticated = createHookgateClient({ baseUrl: await t.listen() });
    const refused = await unauthenticated.GET('/v1/bots');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.title).toBeTruthy();
  });
});
