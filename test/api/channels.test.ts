import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { createBlock, createBot, createBotWithSandbox } from '../helpers/scenario.ts';

/** One valid account per channel; every credential value is a distinctive string to search for. */
const ACCOUNTS = {
  whatsapp: {
    credentials: { accessToken: 'EAAGsecret-whatsapp-access-token-7f3a', phoneNumberId: '106540352242922' },
    fields: ['accessToken', 'phoneNumberId'],
  },
  messenger: {
    credentials: { pageAccessToken: 'EAAGsecret-messenger-page-token-91bc', pageId: '918273645546372' },
    fields: ['pageAccessToken', 'pageId'],
  },
  telegram: { credentials: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-secret' }, fields: ['botToken'] },
  slack: { credentials: { botToken: 'xoxb-1234567890-secretslacktoken' }, fields: ['botToken'] },
  sms: {
    credentials: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'secret-twilio-auth-token-55e1', from: '+14155550100' },
    fields: ['accountSid', 'authToken', 'from'],
  },
  http: {
    credentials: { signingSecret: 'secret-http-signing-key-c0ffee' },
    config: { url: 'https://receiver.example.com/replies', headers: { 'X-Team': 'support' } },
    fields: ['signingSecret'],
  },
  livechat: { fields: [] },
  sandbox: { fields: [] },
} as const satisfies Record<string, { credentials?: Record<string, string>; config?: Record<string, unknown>; fields: readonly string[] }>;

const SECRETS = Object.values(ACCOUNTS).flatMap((a) => ('credentials' in a ? Object.values(a.credentials) : []));

function expectNoSecret(res: ApiResponse): void {
  for (const secret of SECRETS) expect(res.text, `response leaks ${secret}`).not.toContain(secret);
}

const pathsOf = (res: ApiResponse): string[] => (res.body.errors ?? []).map((e: { path: string }) => e.path);

describe('channel accounts', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  it('connects every channel type and never returns the credentials', async () => {
    const botId = await createBot(api, 'Channels bot');
    const ids: string[] = [];
    for (const [channel, { fields, ...spec }] of Object.entries(ACCOUNTS)) {
      const created = await api.post(`/v1/bots/${botId}/channels`, { channel, alias: `${channel}-main`, ...spec });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.stringMatching(/^acc_/),
        botId,
        channel,
        alias: `${channel}-main`,
        active: true,
        credentialsSet: [...fields].sort(),
      });
      expect(created.body).not.toHaveProperty('credentials');
      expectNoSecret(created);
      ids.push(created.body.id);

      const read = await api.get(`/v1/bots/${botId}/channels/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expectNoSecret(read);
    }

    const list = await api.get(`/v1/bots/${botId}/channels`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
    expectNoSecret(list);
    const http = list.body.data.find((a: { channel: string }) => a.channel === 'http');
    // Header values are write-only: the name shows, the value never.
    expect(http.config).toEqual({ url: ACCOUNTS.http.config.url, headers: { 'X-Team': { set: true } } });
  });

  it('stores credentials encrypted at rest', async () => {
    const botId = await createBot(api, 'Channels bot');
    const created = await api.post(`/v1/bots/${botId}/channels`, { channel: 'sms', alias: 'sms', credentials: ACCOUNTS.sms.credentials });
    expect(created.status).toBe(201);

    const redis = await connectTestRedis();
    try {
      const raw = await redis.hGet(`${t.config.redisPrefix}:bot:{${botId}}:channels`, created.body.id);
      expect(raw, 'the account is stored under the bot’s channels hash').toBeTruthy();
      for (const secret of Object.values(ACCOUNTS.sms.credentials)) expect(raw).not.toContain(secret);
      const all = JSON.stringify(await redis.hGetAll(`${t.config.redisPrefix}:bot:{${botId}}:channels`));
      expect(all).not.toContain(ACCOUNTS.sms.credentials.authToken);
    } finally {
      await redis.close();
    }
  });

  it('lists which accounts are active', async () => {
    const botId = await createBot(api, 'Channels bot');
    await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'on' });
    await api.post(`/v1/bots/${botId}/channels`, { channel: 'livechat', alias: 'off', active: false });
    const list = await api.get(`/v1/bots/${botId}/channels`);
    const active = Object.fromEntries(list.body.data.map((a: { alias: string; active: boolean }) => [a.alias, a.active]));
    expect(active).toEqual({ on: true, off: false });
  });

  describe('rejects credentials that do not fit the channel', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['whatsapp without credentials', { channel: 'whatsapp' }, '/credentials'],
      ['whatsapp without phoneNumberId', { channel: 'whatsapp', credentials: { accessToken: 'x' } }, '/credentials/phoneNumberId'],
      [
        'whatsapp with a non-numeric phoneNumberId',
        { channel: 'whatsapp', credentials: { accessToken: 'x', phoneNumberId: '+1415' } },
        '/credentials/phoneNumberId',
      ],
      [
        'messenger with a whatsapp field',
        { channel: 'messenger', credentials: { pageAccessToken: 'x', pageId: '1', accessToken: 'y' } },
        '/credentials/accessToken',
      ],
      ['telegram with a malformed bot token', { channel: 'telegram', credentials: { botToken: 'not-a-token' } }, '/credentials/botToken'],
      ['slack with a user token lookalike', { channel: 'slack', credentials: { botToken: 'token-1234567890' } }, '/credentials/botToken'],
      [
        'sms with a short account SID',
        { channel: 'sms', credentials: { accountSid: 'AC123', authToken: 'x', from: '+14155550100' } },
        '/credentials/accountSid',
      ],
      [
        'sms with a local from number',
        { channel: 'sms', credentials: { ...ACCOUNTS.sms.credentials, from: '4155550100' } },
        '/credentials/from',
      ],
      [
        'sms without authToken',
        { channel: 'sms', credentials: { accountSid: ACCOUNTS.sms.credentials.accountSid, from: '+14155550100' } },
        '/credentials/authToken',
      ],
      [
        'http with an unknown credential',
        { channel: 'http', credentials: { token: 'x' }, config: { url: 'https://x.example' } },
        '/credentials/token',
      ],
      ['sandbox with credentials', { channel: 'sandbox', credentials: { apiKey: 'x' } }, '/credentials/apiKey'],
      ['livechat with credentials', { channel: 'livechat', credentials: { secret: 'x' } }, '/credentials/secret'],
    ];
    it.each(cases)('%s', async (_name, body, path) => {
      const botId = await createBot(api, 'Channels bot');
      const res = await api.post(`/v1/bots/${botId}/channels`, { alias: 'main', ...body });
      expectProblem(res, 400, 'validation');
      expect(pathsOf(res)).toContain(path);
      expect(pathsOf(res).every((p) => p.startsWith('/credentials'))).toBe(true);
      expect((await api.get(`/v1/bots/${botId}/channels`)).body.data).toEqual([]);
    });
  });

  it('requires config.url for an http account', async () => {
    const botId = await createBot(api, 'Channels bot');
    const res = await api.post(`/v1/bots/${botId}/channels`, { channel: 'http', alias: 'crm' });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/config', message: expect.stringContaining('config.url') }]);
    const bad = await api.post(`/v1/bots/${botId}/channels`, { channel: 'http', alias: 'crm', config: { url: 'ftp://files.example.com' } });
    expectProblem(bad, 400, 'validation');
    expect(pathsOf(bad)).toContain('/config/url');
    const ok = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'crm',
      config: { url: 'https://crm.example.com/in' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.credentialsSet).toEqual([]);
  });

  it('rejects bad aliases, unknown channels and unknown fields', async () => {
    const botId = await createBot(api, 'Channels bot');
    expect(pathsOf(await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'has space' }))).toContain('/alias');
    expect(pathsOf(await api.post(`/v1/bots/${botId}/channels`, { channel: 'fax', alias: 'x' }))).toContain('/channel');
    const extra = await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'x', colour: 'blue' });
    expectProblem(extra, 400, 'validation');
    expect(extra.text).toContain('colour');
    expectProblem(
      await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'x', config: { proxy: 'y' } }),
      400,
      'validation',
    );
  });

  it('refuses a second account with the same channel and alias', async () => {
    const botId = await createBot(api, 'Channels bot');
    expect((await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'main' })).status).toBe(201);
    expectProblem(await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'main' }), 409, 'conflict');
    // The same alias on another channel is a different account.
    expect((await api.post(`/v1/bots/${botId}/channels`, { channel: 'livechat', alias: 'main' })).status).toBe(201);
    // …and on another bot.
    const otherBot = await createBot(api, 'Channels bot');
    expect((await api.post(`/v1/bots/${otherBot}/channels`, { channel: 'sandbox', alias: 'main' })).status).toBe(201);
    expect((await api.get(`/v1/bots/${botId}/channels`)).body.data).toHaveLength(2);
  });

  it('updates alias, active and credentials', async () => {
    const botId = await createBot(api, 'Channels bot');
    const created = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'telegram',
      alias: 'tg',
      credentials: ACCOUNTS.telegram.credentials,
    });
    const id = created.body.id;

    const renamed = await api.patch(`/v1/bots/${botId}/channels/${id}`, { alias: 'tg-support', active: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ alias: 'tg-support', active: false, credentialsSet: ['botToken'] });
    expectNoSecret(renamed);

    const newToken = '654321:ZYXwvuTSRqpoNMLkjiHGfe-rotated';
    const rotated = await api.patch(`/v1/bots/${botId}/channels/${id}`, { credentials: { botToken: newToken }, active: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ alias: 'tg-support', active: true, credentialsSet: ['botToken'] });
    expect(rotated.text).not.toContain(newToken);

    const bad = await api.patch(`/v1/bots/${botId}/channels/${id}`, { credentials: { botToken: 'nope' } });
    expectProblem(bad, 400, 'validation');
    expect(pathsOf(bad)).toEqual(['/credentials/botToken']);

    const read = await api.get(`/v1/bots/${botId}/channels/${id}`);
    expect(read.body).toMatchObject({ alias: 'tg-support', active: true });
    expect(read.text).not.toContain(newToken);
  });

  it('refuses to rename an account onto an alias already taken', async () => {
    const botId = await createBot(api, 'Channels bot');
    await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'a' });
    const b = await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'b' });
    expectProblem(await api.patch(`/v1/bots/${botId}/channels/${b.body.id}`, { alias: 'a' }), 409, 'conflict');
    expect((await api.get(`/v1/bots/${botId}/channels/${b.body.id}`)).body.alias).toBe('b');
    // Renaming to its own alias is no conflict.
    expect((await api.patch(`/v1/bots/${botId}/channels/${b.body.id}`, { alias: 'b' })).status).toBe(200);
  });

  it('keeps an http account’s url required when its config is replaced', async () => {
    const botId = await createBot(api, 'Channels bot');
    const created = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'crm',
      config: { url: 'https://crm.example.com/a' },
    });
    const res = await api.patch(`/v1/bots/${botId}/channels/${created.body.id}`, { config: { headers: { 'X-A': '1' } } });
    expectProblem(res, 400, 'validation');
    expect(pathsOf(res)).toEqual(['/config/url']);
    const moved = await api.patch(`/v1/bots/${botId}/channels/${created.body.id}`, { config: { url: 'https://crm.example.com/b' } });
    expect(moved.body.config).toEqual({ url: 'https://crm.example.com/b' });
  });

  it('renaming an account renames it in the webhooks that reply through it', async () => {
    const { botId, accountId } = await createBotWithSandbox(api, 'old-name');
    const block = await createBlock(api, botId);
    expect(block.account).toBe('old-name');
    expect((await api.patch(`/v1/bots/${botId}/channels/${accountId}`, { alias: 'new-name' })).status).toBe(200);

    const read = await api.get(`/v1/bots/${botId}/webhooks/${block.id}`);
    expect(read.body).toMatchObject({ account: 'new-name', accountId });
    // The development sample names the account by alias, so it must carry the new one.
    const samples = await api.get(`/v1/bots/${botId}/webhooks/${block.id}/samples`);
    expect(samples.body.development.body.account_alias).toBe('new-name');
  });

  it('deletes an account, but not while a webhook replies through it', async () => {
    const { botId, accountId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId);
    const refused = await api.delete(`/v1/bots/${botId}/channels/${accountId}`);
    expectProblem(refused, 409, 'conflict');
    expect(refused.body.detail).toContain(block.id);
    expect((await api.get(`/v1/bots/${botId}/channels/${accountId}`)).status).toBe(200);

    expect((await api.delete(`/v1/bots/${botId}/webhooks/${block.id}`)).status).toBe(204);
    const deleted = await api.delete(`/v1/bots/${botId}/channels/${accountId}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectProblem(await api.get(`/v1/bots/${botId}/channels/${accountId}`), 404, 'not-found');
    expectProblem(await api.delete(`/v1/bots/${botId}/channels/${accountId}`), 404, 'not-found');
    expect((await api.get(`/v1/bots/${botId}/channels`)).body.data).toEqual([]);
  });

  it('answers 404 for an unknown bot or account', async () => {
    const botId = await createBot(api, 'Channels bot');
    expectProblem(await api.get('/v1/bots/bot_doesnotexist00000000/channels'), 404, 'not-found');
    expectProblem(await api.post('/v1/bots/bot_doesnotexist00000000/channels', { channel: 'sandbox', alias: 'x' }), 404, 'not-found');
    expectProblem(await api.get(`/v1/bots/${botId}/channels/acc_doesnotexist00000000`), 404, 'not-found');
    expectProblem(await api.patch(`/v1/bots/${botId}/channels/acc_doesnotexist00000000`, { active: false }), 404, 'not-found');
  });

  it('shows what a sandbox account sent, and the (empty) sandbox log of provider accounts', async () => {
    const { botId, accountId } = await createBotWithSandbox(api);
    const messages = await api.get(`/v1/bots/${botId}/channels/${accountId}/messages`);
    expect(messages.status).toBe(200);
    expect(messages.body).toEqual({ data: [], nextCursor: null });
    expectProblem(await api.get(`/v1/bots/${botId}/channels/${accountId}/messages?cursor=bogus`), 400);

    const slack = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'slack',
      alias: 'team',
      credentials: ACCOUNTS.slack.credentials,
    });
    expect((await api.get(`/v1/bots/${botId}/channels/${slack.body.id}/messages`)).body).toEqual({ data: [], nextCursor: null });
    expectProblem(await api.get(`/v1/bots/${botId}/channels/acc_doesnotexist00000000/messages`), 404, 'not-found');
  });
});

describe('http channel header values are write-only', () => {
  let t: TestApp;
  const VALUE = 'receiver-x-auth-value-4c2d';

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const rawChannels = async (botId: string) => {
    const redis = await connectTestRedis();
    try {
      return JSON.stringify(await redis.hGetAll(`${t.config.redisPrefix}:bot:{${botId}}:channels`));
    } finally {
      await redis.close();
    }
  };

  it('stores them sealed, shows names only to any token, and keeps them through a PATCH without config', async () => {
    const botId = await createBot(t.api);
    const created = await t.api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'crm',
      config: { url: 'https://crm.example.com/replies', headers: { 'X-Auth': VALUE } },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.config.headers).toEqual({ 'X-Auth': { set: true } });
    expect(created.body.credentialsSet).toEqual([]);
    expect(await rawChannels(botId)).not.toContain(VALUE);

    const reader = t.api.withToken(await t.token('ws1', 'read'));
    for (const path of [`/v1/bots/${botId}/channels`, `/v1/bots/${botId}/channels/${created.body.id}`]) {
      expect(JSON.stringify((await reader.get(path)).body)).not.toContain(VALUE);
    }

    const renamed = await t.api.patch(`/v1/bots/${botId}/channels/${created.body.id}`, {
      alias: 'crm2',
      credentials: { signingSecret: 'abc' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const account = (await t.services.store.getChannel(botId, created.body.id))!;
    const opened = await t.services.secrets.open<Record<string, unknown>>(account.credentialsEncrypted!);
    expect(opened).toEqual({ signingSecret: 'abc', headers: { 'X-Auth': VALUE } });
    expect(renamed.body.credentialsSet).toEqual(['signingSecret']);

    const replaced = await t.api.patch(`/v1/bots/${botId}/channels/${created.body.id}`, {
      config: { url: 'https://crm.example.com/replies', headers: { 'X-Other': 'other' } },
    });
    expect(replaced.body.config.headers).toEqual({ 'X-Other': { set: true } });
    const after = (await t.services.store.getChannel(botId, created.body.id))!;
    expect(await t.services.secrets.open(after.credentialsEncrypted!)).toEqual({ signingSecret: 'abc', headers: { 'X-Other': 'other' } });
  });

  it('never shows the values of an account stored before sealing, and seals them on the next PATCH', async () => {
    const botId = await createBot(t.api);
    const created = await t.api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'old',
      config: { url: 'https://crm.example.com/r' },
    });
    const account = (await t.services.store.getChannel(botId, created.body.id))!;
    await t.services.store.putChannel({ ...account, config: { url: 'https://crm.example.com/r', headers: { 'X-Auth': VALUE } } });
    const read = await t.api.withToken(await t.token('ws1', 'read')).get(`/v1/bots/${botId}/channels/${created.body.id}`);
    expect(read.body.config.headers).toEqual({ 'X-Auth': { set: true } });
    expect(JSON.stringify(read.body)).not.toContain(VALUE);

    expect((await t.api.patch(`/v1/bots/${botId}/channels/${created.body.id}`, { active: true })).status).toBe(200);
    expect(await rawChannels(botId)).not.toContain(VALUE);
    const sealed = (await t.services.store.getChannel(botId, created.body.id))!;
    expect(await t.services.secrets.open(sealed.credentialsEncrypted!)).toEqual({ headers: { 'X-Auth': VALUE } });
  });
});
