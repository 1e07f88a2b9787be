import { describe, expect, it } from 'vitest';
import type { ChannelAccount, JsonObject, WebhookBlock } from '../../src/domain/types.ts';
import {
  ACTIVITY_BODY_BYTES,
  admitCall,
  type CallRefusal,
  type InboundCall,
  type InboundRequest,
  type PreparedCall,
  prepareCall,
  replayKey,
} from '../../src/inbound/prepare-call.ts';
import type { WebhookTokenClaims } from '../../src/lib/tokens.ts';
import type { HookConfig } from '../../src/store/store.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const AT = '2026-03-01T12:00:00.000Z';
const REQUEST_ID = 'req_AAAAAAAAAAAAAAAAAAAA';

function account(overrides: Partial<ChannelAccount> = {}): ChannelAccount {
  return {
    id: 'acc_AAAAAAAAAAAAAAAAAAAA',
    botId: 'bot_AAAAAAAAAAAAAAAAAAAA',
    channel: 'sandbox',
    alias: 'test',
    credentialsEncrypted: null,
    credentialFields: [],
    config: {},
    active: true,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function block(overrides: Partial<WebhookBlock> = {}): WebhookBlock {
  return {
    id: 'wh_AAAAAAAAAAAAAAAAAAAA',
    botId: 'bot_AAAAAAAAAAAAAAAAAAAA',
    workspaceId: 'ws1',
    name: 'Order shipped',
    type: 'conversational',
    channel: 'sandbox',
    account: 'test',
    accountId: 'acc_AAAAAAAAAAAAAAAAAAAA',
    contactReference: 'contact_reference_id',
    variables: [
      { data: 'data.name', variable: 'customer_name' },
      { data: '$.data.order.id', variable: 'order_id', required: true },
    ],
    reply: { text: 'Hi {{customer_name}}, order {{order_id}} has shipped ({{sys_request_id}}).' },
    folder: null,
    enabled: true,
    rateLimit: { limit: 100, periodSeconds: 1 },
    tokens: { production: { jti: 'jti-prod', issuedAt: NOW - 1000 }, development: { jti: 'jti-dev', issuedAt: NOW - 1000 } },
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function config(b: WebhookBlock = block(), own: ChannelAccount | null = account()): HookConfig {
  return { block: b, account: own, version: '7', subscribed: true };
}

const orderBody = (contact = 'contact-1'): JsonObject => ({
  contact_reference_id: contact,
  data: { name: 'Ada', order: { id: 'A-1001' } },
});

function request(body: JsonObject = orderBody(), overrides: Partial<InboundRequest> = {}): InboundRequest {
  return { requestId: REQUEST_ID, body, bodyBytes: JSON.stringify(body).length, idempotency: null, ...overrides };
}

function call(overrides: Partial<InboundCall> = {}): InboundCall {
  return { environment: 'production', request: request(), accounts: null, replayKey: null, now: NOW, ...overrides };
}

function prepared(result: PreparedCall | CallRefusal): PreparedCall {
  if ('problem' in result) throw new Error(`refused: ${result.problem}: ${result.detail}`);
  return result;
}

function refusal(result: PreparedCall | CallRefusal): CallRefusal {
  if (!('problem' in result)) throw new Error('prepared, not refused');
  return result;
}

describe('admitCall', () => {
  const claims = (overrides: Partial<WebhookTokenClaims> = {}): WebhookTokenClaims => ({
    webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
    environment: 'production',
    jti: 'jti-prod',
    ...overrides,
  });

  it('admits a live token with its environment', () => {
    expect(admitCall(config(), claims(), NOW)).toBe('production');
    expect(admitCall(config(), claims({ environment: 'development', jti: 'jti-dev' }), NOW)).toBe('development');
  });

  it('refuses a request without a bearer token', () => {
    expect(admitCall(config(), undefined, NOW)).toEqual({ problem: 'unauthorized', detail: 'Missing or invalid bearer token.' });
  });

  it('refuses every bad token alike: unverified, foreign, revoked, or of the other environment', () => {
    const answers = [
      admitCall(config(), null, NOW),
      admitCall(config(), claims({ webhookId: 'wh_BBBBBBBBBBBBBBBBBBBB' }), NOW),
      admitCall(config(), claims({ jti: 'jti-old' }), NOW),
      admitCall(config(), claims({ jti: 'jti-dev' }), NOW),
    ];
    for (const answer of answers) expect(answer).toEqual({ problem: 'unauthorized', detail: 'Invalid, revoked or foreign webhook token.' });
  });

  it('accepts a rotated token during its grace period only', () => {
    const production = { jti: 'jti-new', issuedAt: NOW, previous: { jti: 'jti-prod', expiresAt: NOW + 1 } };
    const rotated = block({ tokens: { ...block().tokens, production } });
    expect(admitCall(config(rotated), claims(), NOW)).toBe('production');
    expect(admitCall(config(rotated), claims(), NOW + 1)).toMatchObject({ problem: 'unauthorized' });
  });

  it('refuses a disabled block with 403, but a bad token on it still with 401', () => {
    const disabled = config(block({ enabled: false }));
    expect(admitCall(disabled, claims(), NOW)).toEqual({ problem: 'webhook-disabled', detail: 'This webhook is disabled.' });
    expect(admitCall(disabled, null, NOW)).toMatchObject({ problem: 'unauthorized' });
  });
});

describe('prepareCall', () => {
  it('writes a conversational call: variables, activity, webhook.received, and the reply queued for the contact', () => {
    const { write, response } = prepared(prepareCall(config(), call()));
    const variables = { customer_name: 'Ada', order_id: 'A-1001' };
    const text = `Hi Ada, order A-1001 has shipped (${REQUEST_ID}).`;
    const messageId = write.message!.id;
    expect(messageId).toMatch(/^msg_[0-9A-Za-z]{20}$/);
    expect(response).toEqual({
      requestId: REQUEST_ID,
      webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
      type: 'conversational',
      environment: 'production',
      contact: 'contact-1',
      variables,
      reply: { messageId, status: 'queued', channel: 'sandbox', account: 'test', text },
    });
    expect(write).toEqual({
      botId: 'bot_AAAAAAAAAAAAAAAAAAAA',
      webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
      environment: 'production',
      now: NOW,
      rateLimit: { limit: 100, periodSeconds: 1 },
      idempotency: null,
      contact: 'contact-1',
      channel: 'sandbox',
      variables,
      activity: {
        requestId: REQUEST_ID,
        webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
        environment: 'production',
        receivedAt: AT,
        contact: 'contact-1',
        variables,
        body: orderBody(),
        bodyBytes: JSON.stringify(orderBody()).length,
        messageId,
        idempotencyKey: null,
      },
      events: [
        {
          id: expect.stringMatching(/^evt_/),
          botId: 'bot_AAAAAAAAAAAAAAAAAAAA',
          type: 'webhook.received',
          environment: 'production',
          createdAt: AT,
          data: {
            webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
            webhookName: 'Order shipped',
            requestId: REQUEST_ID,
            contact: 'contact-1',
            variables,
          },
        },
      ],
      message: {
        id: messageId,
        botId: 'bot_AAAAAAAAAAAAAAAAAAAA',
        webhookId: 'wh_AAAAAAAAAAAAAAAAAAAA',
        requestId: REQUEST_ID,
        accountId: 'acc_AAAAAAAAAAAAAAAAAAAA',
        channel: 'sandbox',
        contact: 'contact-1',
        environment: 'production',
        text,
        status: 'queued',
        attempts: 0,
        createdAt: AT,
        updatedAt: AT,
        nextAttemptAt: AT,
        providerMessageId: null,
        error: null,
      },
      configVersion: '7',
      dispatch: true,
    });
    expect(write.message).not.toHaveProperty('buttons');
  });

  it('asks for the dispatcher only when the bot has a subscription', () => {
    expect(prepared(prepareCall(config(), call())).write.dispatch).toBe(true);
    expect(prepared(prepareCall({ ...config(), subscribed: false }, call())).write.dispatch).toBe(false);
  });

  it('queues reply buttons with their rendered titles', () => {
    const withButtons = block({ reply: { text: 'Hi {{customer_name}}', buttons: [{ id: 'track', title: 'Track {{order_id}}' }] } });
    const { write } = prepared(prepareCall(config(withButtons), call()));
    expect(write.message).toMatchObject({ text: 'Hi Ada', buttons: [{ id: 'track', title: 'Track A-1001' }] });
  });

  it('writes a workflow call with webhook.received then workflow.triggered, and no reply', () => {
    const workflow = block({ type: 'workflow', reply: null, variables: [{ data: 'data.name', variable: 'name' }] });
    const { write, response } = prepared(prepareCall(config(workflow), call()));
    expect(write.message).toBeNull();
    expect(write.activity.messageId).toBeNull();
    expect(response).toEqual({
      requestId: REQUEST_ID,
      webhookId: workflow.id,
      type: 'workflow',
      environment: 'production',
      contact: 'contact-1',
      variables: { name: 'Ada' },
    });
    expect(write.events.map((e) => e.type)).toEqual(['webhook.received', 'workflow.triggered']);
    expect(write.events[1]).toMatchObject({ createdAt: AT, data: write.events[0]!.data });
    expect(write.events[0]!.id).not.toBe(write.events[1]!.id);
  });

  it('accepts a workflow call that names no contact, even when its own account is gone', () => {
    const workflow = block({ type: 'workflow', reply: null, variables: [] });
    const { write, response } = prepared(prepareCall(config(workflow, null), call({ request: request({ data: {} }) })));
    expect(response.contact).toBeNull();
    expect(write.contact).toBeNull();
    expect(write.variables).toEqual({});
  });

  it('keeps the body in the activity entry up to its limit, and its size only beyond', () => {
    const at = prepared(prepareCall(config(), call({ request: request(orderBody(), { bodyBytes: ACTIVITY_BODY_BYTES }) })));
    expect(at.write.activity).toMatchObject({ body: orderBody(), bodyBytes: ACTIVITY_BODY_BYTES });
    const over = prepared(prepareCall(config(), call({ request: request(orderBody(), { bodyBytes: ACTIVITY_BODY_BYTES + 1 }) })));
    expect(over.write.activity).toMatchObject({ body: null, bodyBytes: ACTIVITY_BODY_BYTES + 1 });
  });

  it('stores the 202 body under the replay key with the body hash when the call has an Idempotency-Key', () => {
    const idempotency = { key: 'order-1001', bodyHash: 'ab'.repeat(32) };
    const key = replayKey(block(), 'production', 'order-1001');
    const { write, response } = prepared(prepareCall(config(), call({ request: request(orderBody(), { idempotency }), replayKey: key })));
    expect(write.idempotency).toEqual({ key, record: { bodyHash: idempotency.bodyHash, status: 202, response } });
    expect(write.activity.idempotencyKey).toBe('order-1001');
  });

  it('keeps replay keys apart per webhook and per environment', () => {
    const keys = [
      replayKey(block(), 'production', 'k'),
      replayKey(block(), 'development', 'k'),
      replayKey(block({ id: 'wh_BBBBBBBBBBBBBBBBBBBB' }), 'production', 'k'),
    ];
    expect(new Set(keys).size).toBe(3);
  });

  it('refuses a body that does not fit the block, listing every problem, counted as invalid', () => {
    const answer = refusal(prepareCall(config(), call({ request: request({ data: { name: 'Ada' } }) })));
    expect(answer).toEqual({
      problem: 'validation',
      detail: 'The body does not fit this webhook.',
      errors: [
        { path: '$.data.order.id', message: expect.any(String) },
        { path: 'contact_reference_id', message: expect.any(String) },
      ],
      outcome: 'invalid',
    });
  });

  it('refuses a conversational call whose own account was deactivated or deleted (422)', () => {
    for (const own of [account({ active: false }), null]) {
      const answer = refusal(prepareCall(config(block(), own), call()));
      expect(answer).toMatchObject({
        problem: 'unprocessable',
        errors: [{ path: '/account', message: "the channel account 'test' is not active" }],
      });
      expect(answer.outcome).toBeUndefined();
    }
  });

  describe('a development call that chooses its account', () => {
    const accounts = [
      account(),
      account({ id: 'acc_BBBBBBBBBBBBBBBBBBBB', alias: 'support' }),
      account({ id: 'acc_CCCCCCCCCCCCCCCCCCCC', channel: 'telegram', alias: 'support' }),
    ];
    const chosen = (choice: JsonObject, overrides: Partial<InboundCall> = {}) =>
      prepareCall(config(), call({ environment: 'development', request: request({ ...orderBody(), ...choice }), accounts, ...overrides }));

    it('replies through the account that channel_alias and account_alias name', () => {
      const { write, response } = prepared(chosen({ channel_alias: 'telegram', account_alias: 'support' }));
      expect(write.message).toMatchObject({ accountId: 'acc_CCCCCCCCCCCCCCCCCCCC', channel: 'telegram', environment: 'development' });
      expect(response.reply).toMatchObject({ channel: 'telegram', account: 'support' });
      expect(write.events[0]!.environment).toBe('development');
    });

    it('refuses a choice naming no active account, or more than one, without counting it as invalid', () => {
      for (const choice of [{ account_alias: 'nobody' }, { account_alias: 'support' }]) {
        const answer = refusal(chosen(choice));
        expect(answer).toMatchObject({ problem: 'validation', errors: [{ path: '/account_alias' }] });
        expect(answer.outcome).toBeUndefined();
      }
    });

    it('refuses a choice that is not a string', () => {
      expect(refusal(chosen({ channel_alias: 7 }))).toMatchObject({
        problem: 'validation',
        errors: [{ path: '/channel_alias', message: 'must be a string' }],
      });
    });

    it('checks the contact reference against the chosen account’s channel', () => {
      const withPhone = [...accounts, account({ id: 'acc_DDDDDDDDDDDDDDDDDDDD', channel: 'whatsapp', alias: 'wa' })];
      // WhatsApp contact references are E.164 numbers; 'contact-1' is not one.
      const answer = refusal(chosen({ channel_alias: 'whatsapp' }, { accounts: withPhone }));
      expect(answer).toMatchObject({ problem: 'validation', outcome: 'invalid', errors: [{ path: 'contact_reference_id' }] });
    });
  });

  it('replies through the block’s own account when the route passes no account list', () => {
    const { write } = prepared(prepareCall(config(), call({ request: request({ ...orderBody(), account_alias: 'support' }) })));
    expect(write.message!.accountId).toBe('acc_AAAAAAAAAAAAAAAAAAAA');
  });
});
