import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CHANNELS, type Channel, type ChannelAccount, type JsonObject } from '../domain/types.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { ADMIN_PROBLEMS, EnvironmentSchema, pageOf, PageQuerySchema, problems } from '../http/schemas.ts';
import { fieldErrors } from '../http/validation.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { AccountIdParam, BotIdParam, jsonBody, loadBot, notFound, ok, openApiApp, Timestamp } from './common.ts';

const secret = z.string().min(1).max(4096);
const e164 = z.string().regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123');

/** What each channel needs to send; checked strictly so a typo is an error, not a silent no-op. */
const CREDENTIALS: Record<Channel, z.ZodType<JsonObject | undefined>> = {
  whatsapp: z.object({ accessToken: secret, phoneNumberId: z.string().regex(/^\d{1,32}$/, 'must be the numeric phone number id') }).strict(),
  messenger: z.object({ pageAccessToken: secret, pageId: z.string().regex(/^\d{1,32}$/, 'must be the numeric page id') }).strict(),
  telegram: z.object({ botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456:ABC-DEF…') }).strict(),
  slack: z.object({ botToken: z.string().regex(/^xox[bp]-[A-Za-z0-9-]{10,}$/, 'must be a bot token (xoxb-…)') }).strict(),
  sms: z.object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC…)'), authToken: secret, from: e164 }).strict(),
  http: z.object({ signingSecret: secret.optional() }).strict().optional(),
  livechat: z.object({}).strict().optional(),
  sandbox: z.object({}).strict().optional(),
} as Record<Channel, z.ZodType<JsonObject | undefined>>;

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid header name');
const headerValue = z.string().max(4096).regex(/^[^\r\n\0]*$/, 'must not contain line breaks');
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

const ConfigSchema = z
  .object({
    apiBaseUrl: httpUrl.optional().openapi({ description: 'Overrides the provider’s API origin (proxies, tests)' }),
    apiVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'must look like v21.0').optional(),
    url: httpUrl.optional().openapi({ description: '`http` channel: where replies are POSTed' }),
    headers: z.record(headerName, headerValue).optional().openapi({ description: '`http` channel: extra request headers' }),
  })
  .strict()
  .openapi('ChannelConfig');

const alias = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
  .openapi({ example: 'support-line' });

const ChannelCreateSchema = z
  .object({
    channel: z.enum(CHANNELS).openapi({ example: 'whatsapp' }),
    alias,
    credentials: z.record(z.string(), z.unknown()).optional().openapi({
      description: 'Write-only; stored encrypted and never returned. Fields depend on the channel (see the README).',
      example: { accessToken: 'EAAG…', phoneNumberId: '106540352242922' },
    }),
    config: ConfigSchema.optional(),
    active: z.boolean().default(true),
  })
  .strict()
  .openapi('ChannelAccountCreate');

const ChannelPatchSchema = z
  .object({
    alias: alias.optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
    config: ConfigSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('ChannelAccountPatch');

const ChannelSchema = z
  .object({
    id: z.string().openapi({ example: 'acc_9xQeWvG816bUx8Lw2bYc' }),
    botId: z.string(),
    channel: z.enum(CHANNELS),
    alias: z.string(),
    config: ConfigSchema,
    active: z.boolean(),
    credentialsSet: z.array(z.string()).openapi({ description: 'Names of the credential fields that are set (never their values)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('ChannelAccount');

const SandboxMessageSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    contact: z.string(),
    text: z.string(),
    environment: EnvironmentSchema,
    sentAt: Timestamp,
  })
  .openapi('SandboxMessage');

export function channelView(account: ChannelAccount) {
  return {
    id: account.id,
    botId: account.botId,
    channel: account.channel,
    alias: account.alias,
    config: account.config,
    active: account.active,
    credentialsSet: account.credentialFields,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

function checkConfig(channel: Channel, config: JsonObject): void {
  if (channel === 'http' && typeof config.url !== 'string') {
    throw new ApiError('validation', 'An http channel needs config.url.', { errors: [{ path: '/config/url', message: 'required for the http channel' }] });
  }
}

async function sealCredentials(c: Context<AppEnv>, channel: Channel, raw: unknown) {
  const parsed = CREDENTIALS[channel].safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, 'json').map((e) => ({ ...e, path: `/credentials${e.path === '/' ? '' : e.path}` }));
    throw new ApiError('validation', `The credentials do not fit the ${channel} channel.`, { errors });
  }
  const credentials = parsed.data ?? {};
  const fields = Object.keys(credentials).sort();
  return {
    credentialsEncrypted: fields.length ? await c.get('services').secrets.seal(credentials) : null,
    credentialFields: fields,
  };
}

async function assertAliasFree(c: Context<AppEnv>, account: Pick<ChannelAccount, 'botId' | 'channel' | 'alias' | 'id'>) {
  const all = await c.get('services').store.listChannels(account.botId);
  if (all.some((a) => a.id !== account.id && a.channel === account.channel && a.alias === account.alias)) {
    throw new ApiError('conflict', `This bot already has a ${account.channel} account with alias '${account.alias}'.`);
  }
}

export async function loadChannel(c: Context<AppEnv>, botId: string, accountId: string): Promise<ChannelAccount> {
  await loadBot(c, botId);
  const account = await c.get('services').store.getChannel(botId, accountId);
  if (!account) throw notFound('channel account');
  return account;
}

export function channelRoutes() {
  const app = openApiApp();
  const botPath = { params: z.object({ botId: BotIdParam }) };
  const accountPath = { params: z.object({ botId: BotIdParam, accountId: AccountIdParam }) };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/channels',
      tags: ['Channels'],
      summary: 'Connect a channel account to the bot',
      request: { ...botPath, body: jsonBody(ChannelCreateSchema) },
      responses: { 201: ok(ChannelSchema, 'The channel account (credentials are never returned)'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const body = c.req.valid('json');
      const config = (body.config ?? {}) as JsonObject;
      checkConfig(body.channel, config);
      const now = isoTime(c.get('services').clock.now());
      const account: ChannelAccount = {
        id: newId('acc'),
        botId: bot.id,
        channel: body.channel,
        alias: body.alias,
        ...(await sealCredentials(c, body.channel, body.credentials)),
        config,
        active: body.active,
        createdAt: now,
        updatedAt: now,
      };
      await assertAliasFree(c, account);
      await c.get('services').store.putChannel(account);
      return c.json(channelView(account), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/channels',
      tags: ['Channels'],
      summary: 'List the bot’s channel accounts (the "Select Channel" and "Select Account" choices)',
      request: botPath,
      responses: { 200: ok(z.object({ data: z.array(ChannelSchema) }).openapi('ChannelAccountList'), 'All channel accounts'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const all = await c.get('services').store.listChannels(bot.id);
      return c.json({ data: all.map(channelView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/channels/{accountId}',
      tags: ['Channels'],
      summary: 'Get a channel account',
      request: accountPath,
      responses: { 200: ok(ChannelSchema, 'The channel account'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, accountId } = c.req.valid('param');
      return c.json(channelView(await loadChannel(c, botId, accountId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/bots/{botId}/channels/{accountId}',
      tags: ['Channels'],
      summary: 'Update a channel account (new credentials replace the old ones)',
      request: { ...accountPath, body: jsonBody(ChannelPatchSchema) },
      responses: { 200: ok(ChannelSchema, 'The updated channel account'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const { botId, accountId } = c.req.valid('param');
      const account = await loadChannel(c, botId, accountId);
      const patch = c.req.valid('json');
      const config = (patch.config ?? account.config) as JsonObject;
      checkConfig(account.channel, config);
      const updated: ChannelAccount = {
        ...account,
        alias: patch.alias ?? account.alias,
        config,
        active: patch.active ?? account.active,
        ...(patch.credentials !== undefined ? await sealCredentials(c, account.channel, patch.credentials) : {}),
        updatedAt: isoTime(c.get('services').clock.now()),
      };
      await assertAliasFree(c, updated);
      await c.get('services').store.putChannel(updated);
      return c.json(channelView(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/bots/{botId}/channels/{accountId}',
      tags: ['Channels'],
      summary: 'Disconnect a channel account',
      request: accountPath,
      responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const { botId, accountId } = c.req.valid('param');
      const account = await loadChannel(c, botId, accountId);
      const users = (await c.get('services').store.listWebhooks(botId)).filter((w) => w.accountId === account.id);
      if (users.length) {
        throw new ApiError('conflict', `Webhooks still reply through this account: ${users.map((w) => w.id).join(', ')}. Move or delete them first.`);
      }
      await c.get('services').store.deleteChannel(botId, accountId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/channels/{accountId}/messages',
      tags: ['Channels'],
      summary: 'Messages a sandbox account would have sent, newest first',
      request: { ...accountPath, query: PageQuerySchema },
      responses: { 200: ok(pageOf(SandboxMessageSchema, 'SandboxMessagePage'), 'A page of messages'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const { botId, accountId } = c.req.valid('param');
      const account = await loadChannel(c, botId, accountId);
      if (account.channel !== 'sandbox') throw new ApiError('conflict', 'Only sandbox accounts record their messages.');
      const { limit, cursor } = c.req.valid('query');
      const page = await c.get('services').store.listSandboxMessages(botId, accountId, { limit, cursor });
      return c.json({ data: page.items, nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
