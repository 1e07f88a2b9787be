import { z } from '@hono/zod-openapi';
import { CATALOGUE_DESCRIPTION } from '../../events/catalogue.ts';
import { validatePattern } from '../../events/patterns.ts';
import { EnvironmentSchema, Timestamp } from '../../http/schemas.ts';
import { validateTemplate } from '../../inbound/render.ts';

const template = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const problem = validateTemplate(text, max);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** Headers Hookgate sets itself: a subscription may not set or override them. */
const RESERVED_HEADERS =
  /^(host|content-length|transfer-encoding|connection|upgrade|webhook-id|webhook-timestamp|webhook-signature|x-hookgate-signature)$/i;

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid header name')
  .refine((name) => !RESERVED_HEADERS.test(name), 'is set by Hookgate and cannot be overridden');

const pattern = z.string().superRefine((p, ctx) => {
  const problem = validatePattern(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const RetrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(21).optional().openapi({ description: 'Attempts in all, the first included' }),
    scheduleSeconds: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 3600),
      )
      .max(20)
      .optional()
      .openapi({
        description: 'Delay before each retry; default 60, 300, 1800 (HOOKGATE_RETRY_SCHEDULE)',
        example: [60, 300, 1800],
      }),
  })
  .strict()
  .openapi('RetrySettings');

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'CRM leads' }),
  description: z
    .string()
    .max(500)
    .nullable()
    .openapi({ description: 'What the subscription is for (up to 500 characters); `null` clears it', example: 'New leads into the CRM' }),
  folder: z.string().trim().min(1).max(100).nullable(),
  url: z.string().min(1).max(2048).openapi({
    example: 'https://crm.example.com/hooks/leads',
    description:
      'May hold placeholders in its path. Must be https when HOOKGATE_REQUIRE_HTTPS is on (the default with an https PUBLIC_BASE_URL).',
  }),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  events: z
    .array(pattern)
    .min(1)
    .max(50)
    .openapi({
      example: ['lead.*', 'conversation.handoff'],
      description: `Event types or patterns (\`lead.*\`, \`*\`). The catalogue:\n${CATALOGUE_DESCRIPTION}`,
    }),
  headers: z.record(headerName, template(4096)).refine((h) => Object.keys(h).length <= 50, 'at most 50 headers'),
  params: z.record(z.string().min(1).max(200), template(4096)).refine((p) => Object.keys(p).length <= 50, 'at most 50 parameters'),
  body: template(65536)
    .nullable()
    .openapi({
      description:
        'Body template; placeholders over the event (`{{ data.contact.first_name }}`, `{{ event }}`, `{{ id }}`, `{{ timestamp }}`); ' +
        'a name that is not the event’s own reads its data (`{{ contact.first_name }}` is `{{ data.contact.first_name }}`). ' +
        'Null sends `{ event, timestamp, data }`.',
    }),
  enabled: z.boolean(),
  includeDevelopment: z.boolean().openapi({ description: 'Also deliver events of development calls' }),
  ordering: z.enum(['unordered', 'per-contact']).openapi({
    description:
      '`per-contact`: one contact’s events are delivered one at a time, in order (`data.contact.id`); a failing delivery ' +
      'holds back that contact’s later ones. `unordered` (default): deliveries go out in parallel and retries may overtake.',
  }),
  retry: RetrySchema,
  timeoutMs: z.number().int().min(1000).max(60_000).openapi({ description: 'A 2xx within this time is success (default 30 000)' }),
};

const SetNamesSchema = z.record(z.string(), z.object({ set: z.literal(true) }));

export const SubscriptionCreateSchema = z
  .object({
    name: fields.name,
    description: fields.description.default(null),
    folder: fields.folder.optional(),
    url: fields.url,
    method: fields.method.default('POST'),
    events: fields.events,
    headers: fields.headers.default({}),
    params: fields.params.default({}),
    body: fields.body.default(null),
    enabled: fields.enabled.default(true),
    includeDevelopment: fields.includeDevelopment.default(false),
    ordering: fields.ordering.default('unordered'),
    retry: fields.retry.optional(),
    timeoutMs: fields.timeoutMs.default(30_000),
  })
  .strict()
  .openapi('SubscriptionCreate');

export const SubscriptionPatchSchema = z
  .object({
    name: fields.name.optional(),
    description: fields.description.optional(),
    folder: fields.folder.optional(),
    url: fields.url.optional(),
    method: fields.method.optional(),
    events: fields.events.optional(),
    headers: fields.headers.optional(),
    params: fields.params.optional(),
    body: fields.body.optional(),
    enabled: fields.enabled.optional(),
    includeDevelopment: fields.includeDevelopment.optional(),
    ordering: fields.ordering.optional(),
    retry: fields.retry.optional(),
    timeoutMs: fields.timeoutMs.optional(),
  })
  .strict()
  .openapi('SubscriptionPatch');

export const SubscriptionSchema = z
  .object({
    id: z.string().openapi({ example: 'sub_4cTMd9fQ0aZ1x8Lw2bYc' }),
    botId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    folder: z.string().nullable(),
    url: z.string().openapi({ description: 'As configured, with each query value shown as `***` (write-only)' }),
    method: fields.method,
    events: z.array(z.string()),
    headers: SetNamesSchema.openapi({ description: 'Header names; values are write-only (`{ "X-Api-Key": { "set": true } }`)' }),
    params: SetNamesSchema.openapi({ description: 'Query parameter names; values are write-only' }),
    body: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z
      .enum(['manual', 'gone', 'failing'])
      .nullable()
      .openapi({ description: '`gone`: the endpoint answered 410; `failing`: the circuit breaker' }),
    includeDevelopment: z.boolean(),
    ordering: fields.ordering,
    retry: z.object({ maxAttempts: z.number().int(), scheduleSeconds: z.array(z.number().int()) }),
    timeoutMs: z.number().int(),
    deadLettered: z
      .number()
      .int()
      .openapi({
        description:
          'Deliveries sent to the dead letter (status `dead-lettered`) because this subscription, disabled, already held ' +
          'HOOKGATE_PAUSED_DELIVERIES_LIMIT paused ones',
      }),
    secretRotation: z
      .object({ previousSecretExpiresAt: Timestamp })
      .nullable()
      .openapi({ description: 'While set, requests are signed with both the new and the previous secret' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Subscription');

const warnings = z.array(z.string()).openapi({
  description:
    'Placeholders that read nothing the matched event types carry (they render empty), each prefixed with where it is (`/body: …`)',
  example: [
    '/body: placeholder {{ contact.firstname }} is not in the data of lead.created (GET /v1/event-types): it renders empty unless the events carry it',
  ],
});

/** The subscription after a PATCH, with the warnings about its templates. */
export const SubscriptionUpdatedSchema = SubscriptionSchema.extend({ warnings }).openapi('SubscriptionUpdated');

export const SubscriptionCreatedSchema = SubscriptionSchema.extend({
  warnings,
  secret: z
    .string()
    .openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Shown once: store it to verify signatures' }),
}).openapi('SubscriptionCreated');

export const RotatedSecretSchema = z.object({ secret: z.string(), previousSecretExpiresAt: Timestamp }).openapi('RotatedSecret');

export const TestEventSchema = z
  .object({
    type: z
      .string()
      .max(100)
      .default('lead.created')
      .openapi({ description: 'A catalogue type (its sample data is sent) or any other type' }),
    data: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Overrides the sample data' }),
  })
  .strict()
  .openapi('TestEvent');

const AttemptSchema = z
  .object({
    number: z.number().int(),
    trigger: z.enum(['scheduled', 'manual', 'test']),
    at: Timestamp,
    durationMs: z.number().int(),
    request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.string().nullable() }),
    response: z
      .object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.string(), truncated: z.boolean() })
      .nullable(),
    error: z.string().nullable(),
    succeeded: z.boolean(),
    nextAttemptAt: Timestamp.nullable(),
  })
  .openapi('DeliveryAttempt');

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: 'dlv_8hQ2mD0aZ1x8Lw2bYcKe' }),
    subscriptionId: z.string(),
    event: z.object({
      id: z.string(),
      type: z.string(),
      environment: EnvironmentSchema,
      createdAt: Timestamp,
      data: z.record(z.string(), z.unknown()),
    }),
    status: z.enum(['pending', 'paused', 'succeeded', 'failed', 'discarded', 'dead-lettered']),
    attempts: z.array(AttemptSchema),
    nextAttemptAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Delivery');
