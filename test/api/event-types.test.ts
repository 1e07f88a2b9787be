/**
 * `GET /v1/event-types`: the catalogue, each type with a JSON Schema of its `data` and a sample.
 * The schemas are held to what the service really publishes: each of Hookgate's own types is
 * produced here through the public API and every one of its events validates against its schema.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { botEvents, callHook, connectAccount, createBlock, createBot, publish, subscribe } from '../helpers/scenario.ts';

const HOOKGATE_TYPES = [
  'webhook.received',
  'workflow.triggered',
  'message.sent',
  'message.failed',
  'delivery.exhausted',
  'subscription.disabled',
];

describe('the event type catalogue', () => {
  let t: TestApp;
  let receiver: Receiver;
  let catalogue: any;
  const validators = new Map<string, ValidateFunction>();
  const ajv = new Ajv2020({ strict: true, allErrors: true });

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1' } });
    receiver = await Receiver.start((req) => {
      if (req.path === '/refuse') return { status: 400, body: 'no such recipient' };
      if (req.path === '/down') return { status: 500, body: 'down' };
      if (req.path === '/gone') return { status: 410, body: 'gone' };
      return { status: 200, body: 'ok' };
    });
    const res = await t.api.get('/v1/event-types');
    expect(res.status, res.text).toBe(200);
    catalogue = res.body;
    for (const entry of catalogue.data) validators.set(entry.type, ajv.compile(entry.schema));
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  function expectValid(type: string, data: unknown): void {
    const validate = validators.get(type);
    expect(validate, `${type} is in the catalogue`).toBeDefined();
    const valid = validate!(data);
    expect(valid, `${type}: ${ajv.errorsText(validate!.errors)}\n${JSON.stringify(data)}`).toBe(true);
  }

  it('lists every type once, with its source, a description, a JSON Schema and a sample that fits it', () => {
    const types = catalogue.data.map((e: any) => e.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining([...HOOKGATE_TYPES, 'lead.created', 'conversation.handoff', 'tag.applied']));
    for (const entry of catalogue.data) {
      expect(entry.description.length).toBeGreaterThan(5);
      expect(entry.source).toBe(HOOKGATE_TYPES.includes(entry.type) ? 'hookgate' : 'platform');
      expect(entry.schema).toMatchObject({ type: 'object' });
      expectValid(entry.type, entry.sample);
    }
  });

  it('says what the schemas refuse: Hookgate’s own data is exact, the platform’s is open to more fields', () => {
    const sent = catalogue.data.find((e: any) => e.type === 'message.sent').sample;
    expect(validators.get('message.sent')!({ ...sent, surprise: 1 })).toBe(false);
    const { providerMessageId: _, ...missing } = sent;
    expect(validators.get('message.sent')!(missing)).toBe(false);
    const lead = catalogue.data.find((e: any) => e.type === 'lead.created').sample;
    expect(validators.get('lead.created')!({ ...lead, campaign: 'spring' })).toBe(true);
    expect(validators.get('lead.created')!({ source: 'web' })).toBe(false); // no contact
    expect(validators.get('lead.created')!({ contact: { first_name: 'Ada' } })).toBe(false); // no contact id
  });

  it('states the rules for custom types, and they are the ones publishing applies', async () => {
    const { custom } = catalogue;
    expect(custom.reservedNamespaces).toEqual(['webhook', 'workflow', 'message', 'delivery', 'subscription']);
    expect(custom.allowedInReservedNamespaces).toBeUndefined();
    const pattern = new RegExp(custom.typePattern);
    const botId = await createBot(t.api);
    for (const type of ['order.shipped', 'crm.deal_won.v2', 'Lead.Created', 'lead', 'lead..created', `a.${'b'.repeat(custom.maxLength)}`]) {
      const ok = pattern.test(type) && type.length <= custom.maxLength;
      const res = await t.api.post(`/v1/bots/${botId}/events`, { type, data: { anything: [1, 2] } });
      expect(res.status, `${type}: ${res.text}`).toBe(ok ? 202 : 400);
    }
    for (const ns of custom.reservedNamespaces) expectProblem(await t.api.post(`/v1/bots/${botId}/events`, { type: `${ns}.custom` }), 400);
    expectProblem(await t.api.post(`/v1/bots/${botId}/events`, { type: 'message.received', data: { contact: { id: 'c' } } }), 400);
  });

  it('is readable with a read token, and refused without one', async () => {
    const read = t.api.withToken(await t.token('ws-read', 'read'));
    expect((await read.get('/v1/event-types')).status).toBe(200);
    expectProblem(await t.api.withToken(null).get('/v1/event-types'), 401);
  });

  it('every event the service publishes, of every one of its own types, validates against its schema', async () => {
    const botId = await createBot(t.api);
    await connectAccount(t.api, botId, 'sandbox');
    await connectAccount(t.api, botId, 'http', 'http', { config: { url: receiver.url('/refuse') } });
    const talk = await createBlock(t.api, botId, {
      name: 'Talk',
      account: 'sandbox',
      variables: [{ data: 'data.name', variable: 'name' }],
      reply: { text: 'Hi {{name}}' },
    });
    const flow = await createBlock(t.api, botId, {
      name: 'Flow',
      type: 'workflow',
      account: 'sandbox',
      variables: [{ data: 'order', variable: 'order' }],
    });
    const refused = await createBlock(t.api, botId, { name: 'Refused', account: 'http', reply: { text: 'Hello' } });
    // delivery.exhausted: one attempt only; subscription.disabled: a 410.
    await subscribe(t.api, botId, { url: receiver.url('/down'), events: ['lead.created'], retry: { maxAttempts: 1 } });
    await subscribe(t.api, botId, { url: receiver.url('/gone'), events: ['tag.applied'] });
    t.startWorkers();

    expect((await callHook(t.api, talk.id, talk.tokens.production, { contact_reference_id: 'c-1', data: { name: 'Ada' } })).status).toBe(
      202,
    );
    expect((await callHook(t.api, flow.id, flow.tokens.production, { order: { id: 7, lines: [1, 2] } })).status).toBe(202);
    expect((await callHook(t.api, refused.id, refused.tokens.production, { contact_reference_id: 'c-2' })).status).toBe(202);
    await publish(t.api, botId, 'lead.created', { contact: { id: 'c-1', first_name: 'Ada' } });
    await publish(t.api, botId, 'tag.applied', { contact: { id: 'c-1' }, tag: 'vip' });

    const events = await vi.waitFor(
      async () => {
        const all = await botEvents(t.api, botId);
        const seen = new Set(all.map((e) => e.type));
        for (const type of HOOKGATE_TYPES) expect(seen.has(type), `a ${type} event`).toBe(true);
        return all;
      },
      { ...POLL, timeout: 30_000 },
    );
    for (const event of events) if (HOOKGATE_TYPES.includes(event.type)) expectValid(event.type, event.data);
  });

  it('every platform type published with its sample reads back valid', async () => {
    const botId = await createBot(t.api);
    const platform = catalogue.data.filter((e: any) => e.source === 'platform');
    for (const entry of platform) await publish(t.api, botId, entry.type, entry.sample);
    const events = await botEvents(t.api, botId);
    expect(events).toHaveLength(platform.length);
    for (const event of events) expectValid(event.type, event.data);
  });
});
