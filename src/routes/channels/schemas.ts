import { z } from '@hono/zod-openapi';
import { CHANNELS, type Channel, type JsonObject } from '../../domain/types.ts';
import { EnvironmentSchema, Timestamp } from '../../http/schemas.ts';

const secret = z.string().min(1).max(4096);
const e164 = z.string().regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123');

/** What each channel needs to send; checked strictly so a typo is an error, not a silent no-op. */
export const CREDENTIALS: Record<Channel, z.ZodType<JsonObject | undefined>> = {
  whatsapp: z
    .object({ accessToken: secret, phoneNumberId: z.string().regex(/^\d{1,32}$/, 'must be the numeric phone number id') })
    .strict(),
  messenger: z.object({ pageAccessToken: secret, pageId: z.string().regex(/^\d{1,32}$/, 'must be the numeric page id') }).strict(),
  instagram: z.object({ pageAccessToken: secret, pageId: z.string().regex(/^\d{1,32}$/, 'must be the numeric page id') }).strict(),
  zalo: z.object({ accessToken: secret }).strict(),
  telegram: z.object({ botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456:ABC-DEF…') }).strict(),
  slack: z.object({ botToken: z.string().regex(/^xox[bp]-[A-Za-z0-9-]{10,}$/, 'must be a bot token (xoxb-…)') }).strict(),
  sms: z
    .object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC…)'), authToken: secret, from: e164 })
    .strict(),
  http: z.object({ signingSecret: secret.optional() }).strict().optional(),
  livechat: z.object({}).strict().optional(),
  sandbox: z.object({}).strict().optional(),
} as Record<Channel, z.ZodType<JsonObject | undefined>>;

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
  .openapi('ChannelConfig');

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

export const ChannelCreateSchema = z
  .object({
    channel: z.enum(CHANNELS).openapi({ example: 'whatsapp' }),
    alias,
    credentials: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description: 'Write-only; stored encrypted and never returned. Fields depend on the channel (see the README).',
        example: { accessToken: 'EAAG…', phoneNumberId: '106540352242922' },
      }),
    config: ConfigSchema.optional(),
    active: z.boolean().default(true),
    testRecipients: testRecipients.default([]),
    defaultCountry: defaultCountry.default(null),
  })
  .strict()
  .openapi('ChannelAccountCreate');

export const ChannelPatchSchema = z
  .object({
    alias: alias.optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
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
