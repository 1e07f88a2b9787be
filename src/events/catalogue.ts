import type { JsonObject } from '../domain/types.ts';
import { dataJsonSchema, EVENT_DATA, type EventSource } from './event-data.ts';

const contact = { id: 'contact-123', first_name: 'Ada', last_name: 'Lovelace', phone: '+14155550123', email: 'ada@example.com' };

/**
 * The event catalogue: what the bot platform publishes, what Hookgate itself publishes, and a
 * sample of each (used by the subscription `test` route and documented in openapi.yaml). The shape
 * of each type's `data` is in event-data.ts, beside the types the code that publishes it uses.
 */
export const EVENT_CATALOGUE: Record<string, { description: string; sample: JsonObject }> = {
  'lead.created': { description: 'A contact became a lead', sample: { contact, source: 'whatsapp' } },
  'lead.updated': { description: 'A lead’s fields changed', sample: { contact, changes: { email: 'ada@example.com' } } },
  'contact.created': { description: 'A new contact wrote to the bot', sample: { contact, channel: 'whatsapp' } },
  'conversation.started': { description: 'A conversation opened', sample: { contact, conversationId: 'conv-1', channel: 'whatsapp' } },
  'conversation.ended': { description: 'A conversation closed', sample: { contact, conversationId: 'conv-1', durationSeconds: 320 } },
  'conversation.handoff': {
    description: 'The bot handed the chat to a human',
    sample: { contact, conversationId: 'conv-1', team: 'support', reason: 'asked for an agent' },
  },
  'tag.applied': { description: 'A tag was applied to the contact', sample: { contact, tag: 'vip' } },
  'tag.removed': { description: 'A tag was removed from the contact', sample: { contact, tag: 'vip' } },
  'custom_field.changed': {
    description: 'A custom field of the contact changed',
    sample: { contact, field: 'plan', from: 'free', to: 'pro' },
  },
  'sequence.subscribed': { description: 'The contact was subscribed to a sequence', sample: { contact, sequence: 'onboarding' } },
  'sequence.unsubscribed': { description: 'The contact left a sequence', sample: { contact, sequence: 'onboarding' } },
  'webhook.received': {
    description: 'Hookgate: an inbound webhook call was accepted',
    sample: {
      webhookId: 'wh_3kTMd9fQ0aZ1x8Lw2bYc',
      webhookName: 'Order shipped',
      requestId: 'req_7hQ2mD0aZ1x8Lw2bYcKe',
      contact: '+14155550123',
      variables: { customer_name: 'Ada' },
    },
  },
  'workflow.triggered': {
    description: 'Hookgate: a workflow webhook started an automation',
    sample: {
      webhookId: 'wh_3kTMd9fQ0aZ1x8Lw2bYc',
      webhookName: 'New order',
      requestId: 'req_7hQ2mD0aZ1x8Lw2bYcKe',
      contact: null,
      variables: { order_id: 'A-1001' },
    },
  },
  'message.sent': {
    description: 'Hookgate: a reply reached the channel provider',
    sample: {
      messageId: 'msg_x',
      webhookId: 'wh_x',
      requestId: 'req_x',
      contact: '+14155550123',
      channel: 'whatsapp',
      accountId: 'acc_x',
      providerMessageId: 'wamid.HBgL',
      attempts: 1,
    },
  },
  'message.failed': {
    description: 'Hookgate: a reply could not be delivered',
    sample: {
      messageId: 'msg_x',
      webhookId: 'wh_x',
      requestId: 'req_x',
      contact: '+14155550123',
      channel: 'whatsapp',
      accountId: 'acc_x',
      error: { code: 'whatsapp:131047', message: 'Re-engagement message' },
      attempts: 1,
    },
  },
  'delivery.exhausted': {
    description: 'Hookgate: an event delivery failed its last attempt',
    sample: {
      deliveryId: 'dlv_x',
      subscriptionId: 'sub_x',
      eventId: 'evt_x',
      eventType: 'lead.created',
      attempts: 4,
      lastError: 'HTTP 500',
    },
  },
  'subscription.disabled': {
    description: 'Hookgate: a subscription was disabled (410 Gone or continuous failures)',
    sample: { subscriptionId: 'sub_x', name: 'CRM', url: 'https://crm.example.com/hooks', reason: 'failing' },
  },
};

export const CATALOGUE_DESCRIPTION = Object.entries(EVENT_CATALOGUE)
  .map(([type, { description }]) => `- \`${type}\`: ${description}`)
  .join('\n');

/**
 * The namespaces of the event types Hookgate publishes itself: every type in them is Hookgate's
 * (whether emitted today or kept for later), refused on `POST …/events` so a subscriber can trust
 * it. The catalogue's own entries (described "Hookgate: …") all lie in them; a test holds it so.
 */
export const HOOKGATE_NAMESPACES: readonly string[] = ['webhook', 'workflow', 'message', 'delivery', 'subscription'];

/** True for a type in one of Hookgate's own namespaces (compared without regard to case). */
export function isHookgateEventType(type: string): boolean {
  const dot = type.indexOf('.');
  return dot > 0 && HOOKGATE_NAMESPACES.includes(type.slice(0, dot).toLowerCase());
}

/** What a published event's type must look like: dotted lower-case words. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const EVENT_TYPE_MAX_LENGTH = 100;

/** The rules for the types a bot platform publishes on its own (`POST /v1/bots/{botId}/events`). */
export function customEventRules() {
  return {
    description:
      'Any type that matches `typePattern` may be published, with any JSON object as `data`; types outside the catalogue ' +
      'carry no schema. Every type in Hookgate’s own namespaces is refused (400): a platform names its events in namespaces of its own.',
    typePattern: EVENT_TYPE_PATTERN.source,
    maxLength: EVENT_TYPE_MAX_LENGTH,
    reservedNamespaces: [...HOOKGATE_NAMESPACES],
    dataSchema: { type: 'object' },
  };
}

/** One catalogue entry with the schema of its `data`, as `GET /v1/event-types` lists it. */
export interface EventTypeEntry {
  type: string;
  source: EventSource;
  description: string;
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: Record<string, unknown>;
  sample: JsonObject;
}

/** The catalogue in its order, each type with where it comes from. */
export function eventTypes(): EventTypeEntry[] {
  return Object.entries(EVENT_CATALOGUE).map(([type, { description, sample }]) => ({
    type,
    source: EVENT_DATA[type]!.source,
    description,
    schema: dataJsonSchema(type)!,
    sample,
  }));
}
