/**
 * The shape of each catalogued event type's `data`. Hookgate's own types are exact: the code that
 * publishes them (inbound calls, the reply worker, the event worker) builds `data` as
 * {@link EventData} of its type, and `GET /v1/event-types` publishes these schemas as JSON Schema,
 * so the two cannot drift apart unnoticed. The platform's types are what a bot platform is expected
 * to send (a `contact` and a few fields); they are open to fields of its own.
 */
import { z } from 'zod';

export type EventSource = 'platform' | 'hookgate';

const Contact = z
  .looseObject({
    id: z.string().describe('The contact’s id on the platform'),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    phone: z.string().optional().describe('E.164'),
    email: z.string().optional(),
  })
  .describe('The contact the event is about; templates read it as `{{ contact.first_name }}`');

const platform = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ contact: Contact, ...shape });

const Variables = z.record(z.string(), z.unknown()).describe('Bot variables extracted from the call');

const inboundCall = z.strictObject({
  webhookId: z.string(),
  webhookName: z.string(),
  requestId: z.string().describe('The inbound call’s request id (as in the activity log)'),
  contact: z.string().nullable().describe('The contact reference (E.164 for phone channels); null when the call names none'),
  variables: Variables,
});

const reply = {
  messageId: z.string(),
  webhookId: z.string(),
  requestId: z.string(),
  contact: z.string(),
  channel: z.string(),
  accountId: z.string(),
  attempts: z.number().int().min(1),
};

/** Hookgate's own event types: exactly what it publishes. */
export const HOOKGATE_EVENT_DATA = {
  'webhook.received': inboundCall,
  'workflow.triggered': inboundCall,
  'message.sent': z.strictObject({ ...reply, providerMessageId: z.string().describe('The provider’s id for the message') }),
  'message.failed': z.strictObject({
    ...reply,
    error: z.strictObject({ code: z.string().describe('`<channel>:<provider code>`'), message: z.string().max(500) }),
  }),
  'delivery.exhausted': z.strictObject({
    deliveryId: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    attempts: z.number().int().min(1),
    lastError: z.string().nullable(),
  }),
  'subscription.disabled': z.strictObject({
    subscriptionId: z.string(),
    name: z.string(),
    url: z.string().describe('As shown by the API: query values masked'),
    reason: z.enum(['gone', 'failing']).describe('`gone`: the endpoint answered 410; `failing`: the circuit breaker'),
  }),
} as const;

export type HookgateEventType = keyof typeof HOOKGATE_EVENT_DATA;

/** The `data` of one of Hookgate's own event types, as its publisher must build it. */
export type EventData<T extends HookgateEventType> = z.input<(typeof HOOKGATE_EVENT_DATA)[T]>;

/** The platform's event types: the fields Hookgate documents (and samples), open to more. */
const PLATFORM_EVENT_DATA = {
  'lead.created': platform({ source: z.string().optional().describe('Where the lead came from') }),
  'lead.updated': platform({ changes: z.record(z.string(), z.unknown()).optional() }),
  'contact.created': platform({ channel: z.string().optional() }),
  'conversation.started': platform({ conversationId: z.string().optional(), channel: z.string().optional() }),
  'conversation.ended': platform({ conversationId: z.string().optional(), durationSeconds: z.number().optional() }),
  'conversation.handoff': platform({
    conversationId: z.string().optional(),
    team: z.string().optional(),
    reason: z.string().optional(),
  }),
  'tag.applied': platform({ tag: z.string() }),
  'tag.removed': platform({ tag: z.string() }),
  'custom_field.changed': platform({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() }),
  'sequence.subscribed': platform({ sequence: z.string() }),
  'sequence.unsubscribed': platform({ sequence: z.string() }),
};

/** Every catalogued type's `data` schema and source. */
export const EVENT_DATA: Record<string, { source: EventSource; schema: z.ZodType }> = Object.fromEntries([
  ...Object.entries(PLATFORM_EVENT_DATA).map(([type, schema]) => [type, { source: 'platform' as const, schema }]),
  ...Object.entries(HOOKGATE_EVENT_DATA).map(([type, schema]) => [type, { source: 'hookgate' as const, schema }]),
]);

/** A type's `data` schema as JSON Schema (draft 2020-12), or null for a type the catalogue does not list. */
export function dataJsonSchema(type: string): Record<string, unknown> | null {
  const entry = Object.hasOwn(EVENT_DATA, type) ? EVENT_DATA[type] : undefined;
  if (!entry) return null;
  const { $schema: _drop, ...schema } = z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}

/**
 * The paths under `data` a type's schema names (`contact.first_name`, `tag`…), and the paths below
 * which any name may exist (a record such as `variables`, or a value of any type), for template checks.
 */
export function dataPaths(type: string): { paths: Set<string>; open: Set<string> } | null {
  const schema = dataJsonSchema(type);
  if (!schema) return null;
  const paths = new Set<string>();
  const open = new Set<string>();
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const branch of (node.anyOf as Record<string, unknown>[] | undefined) ?? []) walk(branch, prefix);
    const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
    const untyped = node.type === undefined && node.anyOf === undefined && node.enum === undefined && node.const === undefined;
    if (untyped || (node.type === 'object' && !properties && node.additionalProperties !== false)) open.add(prefix);
    for (const [name, child] of Object.entries(properties ?? {})) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      paths.add(path);
      walk(child, path);
    }
  };
  walk(schema, '');
  return { paths, open };
}
