import { z } from '@hono/zod-openapi';
import { CHANNELS, type Channel, type JsonObject } from '../../domain/types.ts';
import { EnvironmentSchema, Timestamp } from '../../http/schemas.ts';

const secret = z.string().min(1).max(4096);
const e164 = z.string().regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123');

const numericId = (what: string) => z.string().regex(/^\d{1,32}$/, `must be the numeric ${what}`);

const graphCredentials = z
  .object({ pageAccessToken: secret, pageId: numericId('page id').openapi({ example: '106540352242922' }) })
  .strict();

const noCredentials = z.object({}).strict().openapi('NoCredentials', { description: 'This channel takes no credentials' });

/**
 * What each channel needs to send; checked strictly so a typo is an error, not a silent no-op. Each
 * is a component of the OpenAPI document, so a typed client checks credentials per channel.
 */
export const CREDENTIALS = {
  whatsapp: z
    .object({ accessToken: secret, phoneNumberId: numericId('phone number id').openapi({ example: '106540352242922' }) })
    .strict()
    .openapi('WhatsappCredentials'),
  messenger: graphCredentials.openapi('MessengerCredentials'),
  instagram: graphCredentials.openapi('InstagramCredentials', { description: '`pageId`: the Page linked to the Instagram account' }),
  zalo: z.object({ accessToken: secret }).strict().openapi('ZaloCredentials', { description: 'An Official Account access token' }),
  telegram: z
    .object({ botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456:ABC-DEF…') })
    .strict()
    .openapi('TelegramCredentials'),
  slack: z
    .object({ botToken: z.string().regex(/^xox[bp]-[A-Za-z0-9-]{10,}$/, 'must be a bot token (xoxb-…)') })
    .strict()
    .openapi('SlackCredentials', { description: 'A bot token with `chat:write`' }),
  sms: z
    .object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC…)'), authToken: secret, from: e164 })
    .strict()
    .openapi('SmsCredentials', { description: 'Twilio: `from` is E.164, or `whatsapp:+…` for WhatsApp through Twilio' }),
  http: z
    .object({ signingSecret: secret.optional() })
    .strict()
    .openapi('HttpCredentials', { description: 'With `signingSecret`, replies are signed like event webhooks' }),
  livechat: noCredentials,
  sandbox: noCredentials,
} satisfies Record<Channel, z.ZodType<JsonObject>>;

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid header name');
const headerValue = z
  .string()
  .max(4096)
  .regex(/^[^\r\n\0]*$/, 'must not contain line breaks');
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** A browser origin exactly as a browser sends it in `Origin`: scheme, lowercase host, port unless the default; no path. */
const origin = z
  .string()
  .max(300)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
      } catch {
        return false;
      }
    },
    { message: 'must be an origin as browsers send it, such as https://shop.example.com (lowercase, no path or trailing slash)' },
  );

const ConfigSchema = z
  .object({
    apiBaseUrl: httpUrl.optional().openapi({ description: 'Overrides the provider’s API origin (proxies, tests)' }),
    apiVersion: z
      .string()
      .regex(/^v\d{1,3}\.\d{1,2}$/, 'must look like v21.0')
      .optional(),
    url: httpUrl.optional().openapi({ description: '`http` channel: where replies are POSTed' }),
    headers: z
      .record(headerName, headerValue)
      .optional()
      .openapi({ description: '`http` channel: extra request headers (write-only: stored encrypted, shown by name)' }),
    allowedOrigins: z
      .array(origin)
      .max(50)
      .optional()
      .openapi({
        description: '`livechat` channel: origins whose pages may open the widget stream (CORS); none by default',
        example: ['https://shop.example.com'],
      }),
  })
  .strict()
  .openapi('ChannelConfig', { description: 'A channel account’s config on update: the fields of its channel’s config' });

const apiBaseUrl = httpUrl.openapi({ description: 'Replaces the provider’s API origin (a proxy, or a fake provider in tests)' });
const apiVersion = z
  .string()
  .regex(/^v\d{1,3}\.\d{1,2}$/, 'must look like v21.0')
  .openapi({ description: 'Graph API version (default v21.0)', example: 'v21.0' });
const graphConfig = z.object({ apiBaseUrl: apiBaseUrl.optional(), apiVersion: apiVersion.optional() }).strict().openapi('GraphApiConfig');
const providerConfig = z.object({ apiBaseUrl: apiBaseUrl.optional() }).strict().openapi('ProviderConfig');
const httpConfig = z
  .object(
    {
      url: httpUrl.openapi({ description: 'Where replies are POSTed' }),
      headers: z
        .record(headerName, headerValue)
        .optional()
        .openapi({ description: 'Extra request headers (write-only: stored encrypted, shown by name)' }),
    },
    { error: (issue) => (issue.input === undefined ? 'required for the http channel (config.url)' : undefined) },
  )
  .strict()
  .openapi('HttpChannelConfig');
const noConfig = z.object({}).strict().openapi('NoConfig', { description: 'This channel takes no config' });
const liveChatConfig = z
  .object({
    allowedOrigins: z
      .array(origin)
      .max(50)
      .optional()
      .openapi({
        description: 'Origins whose pages may open the widget stream (CORS); none by default',
        example: ['https://shop.example.com'],
      }),
  })
  .strict()
  .openapi('LiveChatConfig');

/** Each channel's `config` when an account is connected (a PATCH is checked against ConfigSchema, then `checkConfig`). */
const CONFIGS = {
  whatsapp: graphConfig,
  messenger: graphConfig,
  instagram: graphConfig,
  zalo: providerConfig,
  telegram: providerConfig,
  slack: providerConfig,
  sms: providerConfig,
  http: httpConfig,
  livechat: liveChatConfig,
  sandbox: noConfig,
} satisfies Record<Channel, z.ZodType<JsonObject>>;

/** The config as shown: header values are write-only, each name maps to `{ set: true }`. */
const ConfigViewSchema = z
  .object({
    apiBaseUrl: z.string().optional(),
    apiVersion: z.string().optional(),
    url: z.string().optional(),
    headers: z
      .record(z.string(), z.object({ set: z.literal(true) }))
      .optional()
      .openapi({ description: '`http` channel: header names; values are write-only' }),
    allowedOrigins: z
      .array(z.string())
      .optional()
      .openapi({ description: '`livechat` channel: origins allowed to open the widget stream' }),
  })
  .openapi('ChannelConfigView');

const alias = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
  .openapi({ example: 'support-line' });

const testRecipients = z
  .array(z.string().min(1).max(256))
  .max(100)
  .openapi({
    description:
      'Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)',
    example: ['+14155550123'],
  });

const defaultCountry = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US')
  .nullable()
  .openapi({ description: 'whatsapp, sms: the country of phone numbers written without a country code', example: 'US' });

const CREDENTIAL_COMPONENTS = [
  'WhatsappCredentials',
  'MessengerCredentials',
  'InstagramCredentials',
  'ZaloCredentials',
  'TelegramCredentials',
  'SlackCredentials',
  'SmsCredentials',
  'HttpCredentials',
  'NoCredentials',
];
const credentialsNote = 'Write-only: stored encrypted and never returned.';

/** One body per channel, told apart by `channel`: its own credentials (required where it needs some) and config. */
function createOption<C extends Channel>(channel: C) {
  const credentials = CREDENTIALS[channel].openapi({ description: credentialsNote });
  const needsCredentials = !CREDENTIALS[channel].safeParse({}).success;
  const config = CONFIGS[channel];
  return z
    .object({
      channel: z.literal(channel),
      alias,
      credentials: needsCredentials ? credentials : credentials.optional(),
      config: channel === 'http' ? config : config.optional(),
      active: z.boolean().default(true),
      testRecipients: testRecipients.default([]),
      defaultCountry: defaultCountry.default(null),
    })
    .strict()
    .openapi({ title: channel });
}

export const ChannelCreateSchema = z
  .discriminatedUnion('channel', [
    createOption('whatsapp'),
    createOption('messenger'),
    createOption('instagram'),
    createOption('telegram'),
    createOption('slack'),
    createOption('sms'),
    createOption('zalo'),
    createOption('livechat'),
    createOption('http'),
    createOption('sandbox'),
  ])
  .openapi('ChannelAccountCreate', { example: { channel: 'sandbox', alias: 'test' } });

export const ChannelPatchSchema = z
  .object({
    alias: alias.optional(),
    // Checked against the account's channel by the handler (sealCredentials), hence documented, not parsed, as one of them.
    credentials: z
      .custom<JsonObject>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be an object')
      .optional()
      .openapi({
        type: 'object',
        description: `${credentialsNote} They replace the stored ones whole and must fit the account’s channel.`,
        anyOf: CREDENTIAL_COMPONENTS.map((name) => ({ $ref: `#/components/schemas/${name}` })),
      }),
    config: ConfigSchema.optional(),
    active: z.boolean().optional(),
    testRecipients: testRecipients.optional(),
    defaultCountry: defaultCountry.optional(),
  })
  .strict()
  .openapi('ChannelAccountPatch');

export const ChannelSchema = z
  .object({
    id: z.string().openapi({ example: 'acc_9xQeWvG816bUx8Lw2bYc' }),
    botId: z.string(),
    channel: z.enum(CHANNELS),
    alias: z.string(),
    config: ConfigViewSchema,
    active: z.boolean(),
    testRecipients: z.array(z.string()),
    defaultCountry: z.string().nullable(),
    credentialsSet: z.array(z.string()).openapi({ description: 'Names of the credential fields that are set (never their values)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('ChannelAccount');

export const SandboxMessageSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    contact: z.string(),
    text: z.string(),
    environment: EnvironmentSchema,
    sentAt: Timestamp,
    status: z.enum(['sent']),
    simulated: z.boolean().openapi({ description: 'A development reply recorded instead of sent to the provider' }),
  })
  .openapi('SandboxMessage');

export const LiveChatTokenRequestSchema = z
  .object({
    contact: z.string().min(1).max(256).openapi({ example: 'contact-123' }),
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(24 * 3600),
  })
  .strict()
  .openapi('LiveChatTokenRequest');

export const LiveChatTokenSchema = z.object({ token: z.string(), expiresAt: Timestamp, streamUrl: z.string() }).openapi('LiveChatToken');
