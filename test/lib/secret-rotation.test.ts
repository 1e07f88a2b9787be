/**
 * HOOKGATE_SECRET rotation: with the old secret as HOOKGATE_SECRET_PREVIOUS, admin, webhook and
 * live chat tokens signed with it and every secret sealed under it stay valid; `npm run rekey`
 * (rekeyStore) re-seals the store under the new secret, after which the old one can go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekeyStore } from '../../src/cli/rekey-store.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { openRequest } from '../../src/events/sealed-request.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { callHook, orderBody, setupInbound, subscribe } from '../helpers/scenario.ts';

const NEW_SECRET = 'rotated-secret-9876543210-9876543210-zyxwv';

describe('HOOKGATE_SECRET rotation', () => {
  let before: TestApp;
  let during: TestApp;
  let after: TestApp;
  let adminToken: string;
  let botId: string;
  let webhookId: string;
  let webhookToken: string;
  let liveChatToken: string;
  let subscriptionId: string;
  let accountId: string;

  beforeAll(async () => {
    before = await createTestApp();
    const shared = { HOOKGATE_REDIS_PREFIX: before.config.redisPrefix };
    during = await createTestApp({ env: { ...shared, HOOKGATE_SECRET: NEW_SECRET, HOOKGATE_SECRET_PREVIOUS: TEST_SECRET } });
    after = await createTestApp({ env: { ...shared, HOOKGATE_SECRET: NEW_SECRET } });

    adminToken = await before.token();
    const inbound = await setupInbound(before.api);
    botId = inbound.botId;
    webhookId = inbound.webhook.id;
    webhookToken = inbound.tokens.production;
    const http = await before.api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'crm',
      credentials: { signingSecret: 'http-signing-secret-0123' },
      config: { url: 'https://crm.example.com/replies', headers: { 'X-Auth': 'header-value-0123' } },
    });
    expect(http.status, http.text).toBe(201);
    accountId = http.body.id;
    const live = await before.api.post(`/v1/bots/${botId}/channels`, { channel: 'livechat', alias: 'site' });
    liveChatToken = (await before.api.post(`/v1/bots/${botId}/channels/${live.body.id}/livechat-tokens`, { contact: 'v1' })).body.token;
    const sub = await subscribe(before.api, botId, {
      url: 'https://crm.example.com/hook',
      events: ['*'],
      headers: { 'X-Auth': 'sub-header-0123' },
    });
    subscriptionId = sub.id;
    expect((await before.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/rotate-secret`)).status).toBe(200);
  });
  afterAll(async () => {
    await after.close();
    await during.close();
    await before.close();
  });

  const sealedValues = async (t: TestApp) => {
    const account = (await t.services.store.getChannel(botId, accountId))!;
    const sub = (await t.services.subscriptions.getSubscription(botId, subscriptionId))!;
    return {
      credentials: await t.services.secrets.open(account.credentialsEncrypted!),
      signing: [await t.services.secrets.open(sub.secrets.current), await t.services.secrets.open(sub.secrets.previous!.secret)],
      request: await openRequest(t.services.secrets, sub),
    };
  };

  it('without the previous secret, nothing signed or sealed under the old one is valid', async () => {
    expectProblem(await new Api(after.app, adminToken).get('/v1/bots'), 401);
    expectProblem(await callHook(new Api(after.app, null), webhookId, webhookToken, orderBody()), 401);
    await expect(sealedValues(after)).rejects.toThrow();
  });

  it('with it, tokens and sealed secrets from before stay valid', async () => {
    expect((await new Api(during.app, adminToken).get('/v1/bots')).status).toBe(200);
    expect((await callHook(new Api(during.app, null), webhookId, webhookToken, orderBody())).status).toBe(202);
    expect(await during.services.liveChatTokens.verify(liveChatToken)).toMatchObject({ botId, contact: 'v1' });
    const values = await sealedValues(during);
    expect(values.credentials).toEqual({ signingSecret: 'http-signing-secret-0123', headers: { 'X-Auth': 'header-value-0123' } });
    expect(values.signing).toEqual([expect.stringMatching(/^whsec_/), expect.stringMatching(/^whsec_/)]);
    expect(values.request.headers).toEqual({ 'X-Auth': 'sub-header-0123' });
    // New tokens are signed with the new secret.
    expect((await new Api(after.app, await during.token()).get('/v1/bots')).status).toBe(200);
  });

  it('rekey re-seals every stored secret under the new one, once', async () => {
    const expected = await sealedValues(during);
    const client = await connectTestRedis();
    try {
      const deps = {
        client,
        allBotsKey: redisKeys(during.config.redisPrefix).allBots,
        store: during.services.store,
        subscriptions: during.services.subscriptions,
        secrets: during.services.secrets,
      };
      const report = await rekeyStore(deps);
      expect(report).toMatchObject({ channels: 1, subscriptions: 1 });
      expect(report.bots).toBeGreaterThanOrEqual(1);
      // A second run finds nothing left to do.
      expect(await rekeyStore(deps)).toMatchObject({ channels: 0, subscriptions: 0 });
    } finally {
      await client.close();
    }
    expect(await sealedValues(after)).toEqual(expected);
  });

  it('refuses HOOKGATE_SECRET_PREVIOUS alone, equal to the secret, or too short', () => {
    expect(() => loadConfig({ HOOKGATE_SECRET_PREVIOUS: TEST_SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ HOOKGATE_SECRET: TEST_SECRET, HOOKGATE_SECRET_PREVIOUS: TEST_SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ HOOKGATE_SECRET: TEST_SECRET, HOOKGATE_SECRET_PREVIOUS: 'short' })).toThrow(/HOOKGATE_SECRET_PREVIOUS/);
  });
});

describe('npm run rekey on records stored before values were sealed', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('seals subscription header, parameter and query values and http channel headers kept in clear, keeping them', async () => {
    t = await createTestApp();
    const inbound = await setupInbound(t.api);
    const botId = inbound.botId;
    const sub = await subscribe(t.api, botId, { url: 'https://crm.example.com/hook', events: ['*'] });
    const stored = (await t.services.subscriptions.getSubscription(botId, sub.id))!;
    const { sealedRequest: _sealed, ...plain } = stored;
    const legacyRequest = {
      url: 'https://crm.example.com/hook?token=legacy-query-1',
      headers: { 'X-Auth': 'legacy-header-1' },
      params: { k: 'legacy-param-1' },
    };
    await t.services.subscriptions.putSubscription({ ...plain, ...legacyRequest });
    const created = await t.api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'old',
      config: { url: 'https://crm.example.com/r' },
    });
    const account = (await t.services.store.getChannel(botId, created.body.id))!;
    await t.services.store.putChannel({
      ...account,
      config: { url: 'https://crm.example.com/r', headers: { 'X-Auth': 'legacy-channel-1' } },
    });

    const client = await connectTestRedis();
    try {
      const report = await rekeyStore({
        client,
        allBotsKey: redisKeys(t.config.redisPrefix).allBots,
        store: t.services.store,
        subscriptions: t.services.subscriptions,
        secrets: t.services.secrets,
      });
      expect(report).toMatchObject({ channels: 1, subscriptions: 1 });
      const raw =
        JSON.stringify(await client.hGetAll(`${t.config.redisPrefix}:bot:{${botId}}:subs`)) +
        JSON.stringify(await client.hGetAll(`${t.config.redisPrefix}:bot:{${botId}}:channels`));
      for (const value of ['legacy-query-1', 'legacy-header-1', 'legacy-param-1', 'legacy-channel-1']) expect(raw).not.toContain(value);
    } finally {
      await client.close();
    }
    const resealed = (await t.services.subscriptions.getSubscription(botId, sub.id))!;
    expect(await openRequest(t.services.secrets, resealed)).toEqual(legacyRequest);
    const channel = (await t.services.store.getChannel(botId, created.body.id))!;
    expect(channel.config).toEqual({ url: 'https://crm.example.com/r', headers: { 'X-Auth': { set: true } } });
    expect(await t.services.secrets.open(channel.credentialsEncrypted!)).toEqual({ headers: { 'X-Auth': 'legacy-channel-1' } });
  });
});
