import type { ActivityEntry, Bot, BotEvent, Reply, WebhookBlock } from '../../src/domain/types.ts';
import { newId } from '../../src/lib/ids.ts';
import type { InboundWrite } from '../../src/store/store.ts';

export function aBot(overrides: Partial<Bot> = {}): Bot {
  const now = new Date().toISOString();
  return { id: newId('bot'), workspaceId: 'ws1', name: 'Support bot', description: null, createdAt: now, updatedAt: now, ...overrides };
}

export function aWebhook(botId: string, overrides: Partial<WebhookBlock> = {}): WebhookBlock {
  const now = new Date().toISOString();
  return {
    id: newId('wh'),
    botId,
    workspaceId: 'ws1',
    name: 'Order shipped',
    type: 'conversational',
    channel: 'sandbox',
    account: 'test',
    accountId: newId('acc'),
    contactReference: '$.contact_reference_id',
    variables: [{ data: 'data.name', variable: 'customer_name' }],
    reply: { text: 'Hi {{customer_name}}' },
    folder: null,
    enabled: true,
    rateLimit: { limit: 100, periodSeconds: 1 },
    tokens: { production: { jti: 'p1', issuedAt: Date.now() }, development: { jti: 'd1', issuedAt: Date.now() } },
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function anActivity(webhookId: string, overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    requestId: newId('req'),
    webhookId,
    environment: 'production',
    receivedAt: new Date().toISOString(),
    contact: '+14155550123',
    variables: {},
    body: {},
    bodyBytes: 2,
    messageId: null,
    idempotencyKey: null,
    ...overrides,
  };
}

export function anEvent(botId: string, type = 'webhook.received', data: BotEvent['data'] = {}): BotEvent {
  return { id: newId('evt'), botId, type, environment: 'production', createdAt: new Date().toISOString(), data };
}

export function aMessage(botId: string, overrides: Partial<Reply> = {}): Reply {
  const now = new Date().toISOString();
  return {
    id: newId('msg'),
    botId,
    webhookId: newId('wh'),
    requestId: newId('req'),
    accountId: 'acc_1',
    channel: 'sandbox',
    contact: '+14155550123',
    environment: 'production',
    text: 'hello',
    status: 'queued',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: null,
    providerMessageId: null,
    error: null,
    ...overrides,
  };
}

/** An accepted inbound call's write, as the inbound route hands it to the store: no reply, no event, unless overridden. */
export function anInboundWrite(botId: string, webhookId: string, overrides: Partial<InboundWrite> = {}): InboundWrite {
  return {
    botId,
    webhookId,
    environment: 'production',
    now: Date.now(),
    rateLimit: { limit: 1000, periodSeconds: 1 },
    idempotency: null,
    contact: '+14155550123',
    channel: 'whatsapp',
    variables: { customer_name: 'Ada' },
    activity: anActivity(webhookId),
    events: [],
    message: null,
    ...overrides,
  };
}
