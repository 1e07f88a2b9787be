import { z } from '@hono/zod-openapi';
import { CHANNELS, MEDIA_KINDS } from '../../domain/types.ts';
import { boundedJson, EnvironmentSchema, Timestamp } from '../../http/schemas.ts';
import { compileMapping, validateMappingPath, validateVariableName } from '../../inbound/extract.ts';
import { validateTemplate } from '../../inbound/render.ts';
import {
  AllowedIpsSchema,
  BatchSchema,
  SyncResponseSchema,
  VerificationInputSchema,
  VerificationViewSchema,
} from './verification-schemas.ts';

const JsonValueSchema = boundedJson.openapi({ description: 'Any JSON value' });

/** A string refused with `problemOf`'s message when it gives one. */
function checkedPath(problemOf: (path: string) => string | null) {
  return z.string().superRefine((path, ctx) => {
    const problem = problemOf(path);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const mappingPath = checkedPath(validateMappingPath).openapi({
  description: "RFC 9535 JSONPath (`$.items[?@.sku == 'A1'].qty`) or its dotted shorthand (`data.name`, `items[0].sku`), sugar for `$.…`",
  example: 'data.name',
});

/** A contact reference names one value: a path of names and indexes (any other selects a list). */
function contactReferenceProblem(path: string): string | null {
  const problem = validateMappingPath(path);
  if (problem) return problem;
  const compiled = compileMapping(path);
  return compiled.ok && !compiled.value.definite
    ? 'must select one value: names and indexes only (no wildcard, filter, slice or ..)'
    : null;
}

const VariableMappingSchema = z
  .object({
    data: mappingPath,
    variable: z
      .string()
      .superRefine((name, ctx) => {
        const problem = validateVariableName(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .openapi({ example: 'customer_name' }),
    required: z.boolean().optional(),
    default: JsonValueSchema.optional(),
  })
  .strict()
  .openapi('VariableMapping');

const template = z.string().superRefine((text, ctx) => {
  const problem = validateTemplate(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const ButtonSchema = z
  .object({
    id: z.string().min(1).max(256).openapi({ description: 'Sent back by the channel when the contact taps it', example: 'track_order' }),
    title: template.pipe(z.string().min(1).max(80)).openapi({ example: 'Track {{order_id}}' }),
  })
  .strict()
  .openapi('ReplyButton');

const MediaSchema = z
  .object({
    kind: z.enum(MEDIA_KINDS),
    url: template
      .pipe(z.string().min(1).max(2048))
      .openapi({ description: 'https URL (templated)', example: 'https://cdn.example.com/{{sku}}.jpg' }),
    caption: template.optional(),
    filename: template.pipe(z.string().max(240)).optional().openapi({ description: 'Documents: the file name shown' }),
  })
  .strict()
  .openapi('ReplyMedia');

export const TemplateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name: lowercase letters, digits and _'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as en or en_US'),
    components: z
      .array(z.record(z.string(), JsonValueSchema))
      .max(20)
      .optional()
      .openapi({ description: 'Cloud API template components; string values are templated ({{ first_name }})' }),
  })
  .strict()
  .openapi('WhatsAppTemplate');

const ReplyMessageSchema = z
  .object({
    text: template.pipe(z.string().min(1)).optional().openapi({ example: 'Hi {{customer_name}}, order {{order_id}} has shipped.' }),
    buttons: z
      .array(ButtonSchema)
      .max(13)
      .optional()
      .openapi({
        description:
          'Reply buttons (WhatsApp: up to 3, titles up to 20 characters; Messenger quick replies: 13; Telegram inline keyboard; Slack ' +
          'actions; numbered lines in SMS)',
      }),
    media: MediaSchema.optional(),
    template: TemplateSchema.optional().openapi({ description: 'WhatsApp only: an approved template message' }),
    messagingType: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']).optional().openapi({ description: 'Messenger only' }),
    tag: z
      .string()
      .regex(/^[A-Z_]{1,64}$/)
      .optional()
      .openapi({ description: 'Messenger only, with MESSAGE_TAG', example: 'POST_PURCHASE_UPDATE' }),
    parseMode: z.enum(['MarkdownV2', 'HTML']).optional().openapi({ description: 'Telegram only; caller data is escaped for it' }),
    blocks: z.array(z.record(z.string(), JsonValueSchema)).max(50).optional().openapi({ description: 'Slack only: Block Kit blocks' }),
    mediaUrl: template.pipe(z.string().min(1).max(2048)).optional().openapi({ description: 'SMS only: MMS picture or file URL' }),
  })
  .strict()
  .superRefine((m, ctx) => {
    const kinds = [m.text !== undefined, m.media !== undefined, m.template !== undefined].filter(Boolean).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'a message is exactly one of text, media or template' });
    if (m.buttons && m.text === undefined) ctx.addIssue({ code: 'custom', path: ['buttons'], message: 'buttons go with text' });
    if ((m.messagingType === 'MESSAGE_TAG') !== (m.tag !== undefined))
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'tag is required with, and only with, messagingType MESSAGE_TAG' });
  })
  .openapi('ReplyMessage');

const ReplySchema = z
  .union([ReplyMessageSchema, z.array(ReplyMessageSchema).min(1).max(5)])
  .openapi('Reply', { description: 'One message, or a list of up to 5 sent in order on the contact’s lane' });

const RateLimitSchema = z
  .object({
    limit: z.number().int().min(1).max(100_000).openapi({ example: 100 }),
    periodSeconds: z.number().int().min(1).max(3600).openapi({ example: 1 }),
  })
  .strict()
  .openapi('RateLimit', { description: 'Calls allowed per period (also the largest burst). Default 100 per second.' });

const folder = z.string().trim().min(1).max(100).nullable();

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Order shipped' }),
  type: z
    .enum(['conversational', 'workflow'])
    .openapi({ description: '`conversational` replies to the contact; `workflow` starts an automation' }),
  channel: z.enum(CHANNELS).openapi({ example: 'whatsapp' }),
  account: z
    .string()
    .min(1)
    .max(64)
    .openapi({ description: 'Alias (or id) of an active account of that channel', example: 'support-line' }),
  contactReference: checkedPath(contactReferenceProblem).openapi({
    description: 'Where the contact comes from: a path to one value (names and indexes only)',
    example: '$.contact_reference_id',
  }),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US')
    .nullable()
    .openapi({ description: 'whatsapp, sms: country of national phone numbers (else the account’s)', example: 'US' }),
  variables: z.array(VariableMappingSchema).max(100),
  reply: ReplySchema.nullable(),
  fallbackTemplate: z.union([TemplateSchema, z.null()]).openapi({
    description: 'WhatsApp: sent instead, on the same lane, when the 24-hour window is closed (131047)',
  }),
  folder,
  enabled: z.boolean(),
  rateLimit: RateLimitSchema,
};

function uniqueVariables(value: { variables?: { variable: string }[] | undefined }, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  value.variables?.forEach((m, i) => {
    if (seen.has(m.variable))
      ctx.addIssue({ code: 'custom', path: ['variables', i, 'variable'], message: `variable '${m.variable}' is mapped twice` });
    seen.add(m.variable);
  });
}

export const WebhookCreateSchema = z
  .object({
    name: fields.name,
    type: fields.type.default('conversational'),
    channel: fields.channel.optional().openapi({ description: 'Defaults to the bot’s only active account' }),
    account: fields.account.optional(),
    contactReference: fields.contactReference.default('$.contact_reference_id'),
    defaultCountry: fields.defaultCountry.default(null),
    variables: fields.variables.default([]),
    reply: fields.reply.optional(),
    fallbackTemplate: fields.fallbackTemplate.default(null),
    folder: folder.optional(),
    enabled: fields.enabled.default(true),
    rateLimit: fields.rateLimit.optional(),
    verification: VerificationInputSchema.optional(),
    allowedIps: AllowedIpsSchema.nullable().optional(),
    batch: BatchSchema.optional(),
    response: SyncResponseSchema.nullable().optional(),
  })
  .strict()
  .superRefine(uniqueVariables)
  .openapi('WebhookCreate');

export const WebhookPatchSchema = z
  .object({
    name: fields.name.optional(),
    type: fields.type.optional(),
    channel: fields.channel.optional(),
    account: fields.account.optional(),
    contactReference: fields.contactReference.optional(),
    defaultCountry: fields.defaultCountry.optional(),
    variables: fields.variables.optional(),
    reply: fields.reply.optional(),
    fallbackTemplate: fields.fallbackTemplate.optional(),
    folder: folder.optional(),
    enabled: fields.enabled.optional(),
    rateLimit: fields.rateLimit.optional(),
    verification: VerificationInputSchema.optional(),
    allowedIps: AllowedIpsSchema.nullable().optional(),
    batch: BatchSchema.optional(),
    response: SyncResponseSchema.nullable().optional(),
  })
  .strict()
  .superRefine(uniqueVariables)
  .openapi('WebhookPatch');

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: 'wh_3kTMd9fQ0aZ1x8Lw2bYc' }),
    botId: z.string(),
    url: z.string().openapi({ example: 'https://hooks.example.com/hooks/wh_3kTMd9fQ0aZ1x8Lw2bYc' }),
    name: z.string(),
    type: fields.type,
    channel: fields.channel,
    account: z.string(),
    accountId: z.string(),
    contactReference: z.string(),
    defaultCountry: z.string().nullable(),
    variables: z.array(VariableMappingSchema),
    reply: ReplySchema.nullable(),
    fallbackTemplate: z.union([TemplateSchema, z.null()]),
    folder: z.string().nullable(),
    enabled: z.boolean(),
    rateLimit: RateLimitSchema,
    verification: VerificationViewSchema,
    allowedIps: z.array(z.string()).optional(),
    batch: z.boolean().optional(),
    response: SyncResponseSchema.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Webhook');

const TokenPair = z
  .object({
    production: z.string().openapi({ description: 'Bearer token for live calls' }),
    development: z.string().openapi({ description: 'Bearer token for test calls (variables kept apart)' }),
  })
  .openapi('WebhookTokens');

const warnings = z
  .array(z.string())
  .openapi({ description: 'Reply placeholders that no mapping, system variable or stored contact variable can fill' });

export const WebhookCreatedSchema = WebhookSchema.extend({ tokens: TokenPair, warnings }).openapi('WebhookCreated');

export const WebhookUpdatedSchema = WebhookSchema.extend({ warnings }).openapi('WebhookUpdated');

export const RotateTokenSchema = z
  .object({
    environment: EnvironmentSchema,
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(0)
      .openapi({ description: 'How long the old token keeps working (0: revoked at once)' }),
  })
  .strict()
  .openapi('RotateToken');

export const RotatedTokenSchema = z
  .object({
    environment: EnvironmentSchema,
    token: z.string(),
    previousTokenExpiresAt: Timestamp.nullable(),
  })
  .openapi('RotatedToken');

const SampleSchema = z
  .object({
    token: z.string().optional().openapi({ description: 'The token the sample calls with (`bearer`, `query-token`)' }),
    body: z.record(z.string(), z.unknown()).openapi({
      description:
        "A body the block accepts: the contact reference, then each mapping's `default` (else `\"example <variable>\"`) at its path. A filter (`items[?@.type == 'phone'].number`) gets an array element that passes it (`==`, a member's existence, `&&`); paths with no single shape (`..`, slices, unions, other filters) are left out.",
    }),
    curl: z.string().openapi({ description: 'For signature schemes: the shell lines that sign the exact body, then cURL' }),
    httpie: z.string().optional().openapi({ description: '`bearer` only' }),
    fetch: z.string(),
    python: z.string(),
    note: z.string().optional().openapi({ description: 'Development: the reply will be simulated (no test recipient)' }),
  })
  .openapi('Sample');

export const SamplesSchema = z
  .object({ url: z.string(), scheme: z.string(), production: SampleSchema, development: SampleSchema })
  .openapi('Samples');

export const PreviewRequestSchema = z
  .object({
    body: z.record(z.string(), z.unknown()).openapi({ description: 'A body as an external system would POST it' }),
    environment: EnvironmentSchema.default('production'),
  })
  .strict()
  .openapi('PreviewRequest');

const PathSelectionSchema = z
  .object({
    data: z.string().openapi({ description: 'The path as written in the block' }),
    variable: z.string().nullable().openapi({ description: 'The variable it fills; null for the contact reference' }),
    nodes: z
      .array(
        z.object({
          path: z.string().openapi({ description: 'Normalized path (RFC 9535 §2.7)', example: "$['items'][0]['qty']" }),
          value: JsonValueSchema,
        }),
      )
      .openapi({ description: 'The selected nodes in document order, at most 20' }),
    count: z.number().int().openapi({ description: 'How many nodes the path selected in all' }),
    error: z.string().optional().openapi({ description: 'Why the path could not be evaluated (too much work, or an invalid path)' }),
  })
  .openapi('PathSelection');

export const PreviewSchema = z
  .object({
    valid: z.boolean().openapi({ description: 'Whether a real call with this body would be accepted' }),
    environment: EnvironmentSchema,
    contact: z.string().nullable(),
    variables: z.record(z.string(), z.unknown()),
    reply: z
      .object({
        text: z.string(),
        buttons: z.array(z.object({ id: z.string(), title: z.string() })),
        messages: z
          .array(z.record(z.string(), z.unknown()))
          .openapi({ description: 'Every message as it would be sent: { kind: text | media | template, … }' }),
        fallbackTemplate: z.record(z.string(), z.unknown()).nullable(),
        channel: z.enum(CHANNELS),
        account: z.string(),
      })
      .nullable(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
    warnings: z.array(z.string()),
    selections: z.array(PathSelectionSchema).openapi({
      description: 'For each variable mapping, then the contact reference: the nodes its path selected in this body',
    }),
  })
  .openapi('Preview');

const ReplyStatusSchema = z
  .object({
    messageId: z.string(),
    status: z.enum(['queued', 'sending', 'sent', 'retrying', 'failed']),
    simulated: z.boolean().openapi({
      description: 'A development reply to a contact not among the account’s testRecipients: recorded in its sandbox log, never sent',
    }),
    attempts: z.number().int(),
    providerMessageId: z.string().nullable(),
    nextAttemptAt: Timestamp.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    fallback: z
      .object({
        error: z.object({ code: z.string(), message: z.string() }),
        template: z.string(),
        providerMessageId: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'WhatsApp: the first attempt closed by the 24-hour window, and the fallback template sent instead' }),
  })
  .openapi('ReplyStatus');

export const ActivitySchema = z
  .object({
    requestId: z.string(),
    webhookId: z.string(),
    environment: EnvironmentSchema,
    receivedAt: Timestamp,
    contact: z.string().nullable(),
    variables: z.record(z.string(), z.unknown()),
    body: z.record(z.string(), z.unknown()).nullable().openapi({
      description: 'The body as received; null when over 16 KiB, not a JSON object, unread (413) or not kept (an authentication failure)',
    }),
    bodyBytes: z.number().int(),
    idempotencyKey: z.string().nullable(),
    outcome: z.enum(['accepted', 'rejected']).openapi({ description: '`rejected`: the call was answered with a problem (`problem`)' }),
    httpStatus: z.number().int().openapi({ description: 'The status answered', example: 202 }),
    problem: z
      .object({
        type: z.string(),
        title: z.string(),
        status: z.number().int(),
        detail: z.string().optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .nullable()
      .openapi({ description: 'The problem+json answered to a rejected call, with its field errors; null when accepted' }),
    sourceIp: z.string().nullable().openapi({ description: 'The caller’s address (the connection’s peer; no proxy header is trusted)' }),
    userAgent: z.string().nullable(),
    suppressed: z
      .number()
      .int()
      .optional()
      .openapi({
        description:
          'An authentication failure (401/403) is recorded as a summary without body or variables, at most ' +
          'a few per minute per webhook: how many were left out just before this one',
      }),
    callerRequestId: z
      .string()
      .optional()
      .openapi({ description: 'The caller’s X-Request-Id, when it sent one (1–128 of `A-Z a-z 0-9 . _ : -`); `requestId` is Hookgate’s' }),
    reply: ReplyStatusSchema.nullable(),
  })
  .openapi('ActivityEntry');

/** The values of `GET …/activity?status=`: the call's outcome, or its reply's state. */
export const ACTIVITY_STATUSES = ['accepted', 'rejected', 'queued', 'sending', 'retrying', 'sent', 'failed'] as const;
