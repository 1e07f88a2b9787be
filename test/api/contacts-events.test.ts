import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, createBlock, createBot, createBotWithSandbox, publish } from '../helpers/scenario.ts';

const pathsOf = (res: ApiResponse): string[] => (res.body.errors ?? []).map((e: { path: string }) => e.path);
const PROFILE = {
  name: 'Profile',
  type: 'workflow',
  variables: [
    { data: 'data.name', variable: 'name' },
    { data: 'data.plan', variable: 'plan' },
  ],
};

describe('contact variables', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  it('keeps production and development variables apart', async () => {
    const { botId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId, PROFILE);
    expect(
      (await callHook(api, block.id, block.tokens.production, { contact_reference_id: 'c1', data: { name: 'Ada', plan: 'pro' } })).status,
    ).toBe(202);
    expect(
      (await callHook(api, block.id, block.tokens.development, { contact_reference_id: 'c1', data: { name: 'Test Ada' } })).status,
    ).toBe(202);

    const production = await api.get(`/v1/bots/${botId}/contacts/c1/variables`);
    expect(production.status).toBe(200);
    expect(production.body).toEqual({
      channel: 'sandbox',
      contact: 'c1',
      environment: 'production',
      variables: { name: 'Ada', plan: 'pro' },
      updatedAt: expect.any(String),
    });
    expect((await api.get(`/v1/bots/${botId}/contacts/c1/variables?environment=production`)).body).toEqual(production.body);

    const development = await api.get(`/v1/bots/${botId}/contacts/c1/variables?environment=development`);
    expect(development.body).toMatchObject({ contact: 'c1', environment: 'development', variables: { name: 'Test Ada' } });
    expect(development.body.variables).not.toHaveProperty('plan');
  });

  it('merges later calls into the contact’s variables', async () => {
    const { botId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId, PROFILE);
    await callHook(api, block.id, block.tokens.production, { contact_reference_id: 'c2', data: { name: 'Bob', plan: 'free' } });
    const first = (await api.get(`/v1/bots/${botId}/contacts/c2/variables`)).body;
    await callHook(api, block.id, block.tokens.production, { contact_reference_id: 'c2', data: { plan: 'pro' } });
    const second = (await api.get(`/v1/bots/${botId}/contacts/c2/variables`)).body;
    expect(second.variables).toEqual({ name: 'Bob', plan: 'pro' });
    expect(Date.parse(second.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
  });

  it('finds a phone contact however the number is written', async () => {
    const { botId } = await createBotWithSandbox(api);
    await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: { accessToken: 'EAAGx', phoneNumberId: '1065' },
    });
    const block = await createBlock(api, botId, { ...PROFILE, channel: 'whatsapp' });
    const accepted = await callHook(api, block.id, block.tokens.production, {
      contact_reference_id: '+1 (415) 555-0123',
      data: { name: 'Ada' },
    });
    expect(accepted.body.contact).toBe('+14155550123');

    for (const written of ['+1 415-555-0123', '+14155550123', '14155550123', '+1.415.555.0123']) {
      const res = await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent(written)}/variables`);
      expect(res.status, written).toBe(200);
      expect(res.body).toMatchObject({ contact: '+14155550123', variables: { name: 'Ada' } });
    }
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent('+1 415-555-0124')}/variables`), 404, 'not-found');
  });

  it('answers 404 for an unknown contact, environment-wise too', async () => {
    const { botId } = await createBotWithSandbox(api);
    const block = await createBlock(api, botId, PROFILE);
    await callHook(api, block.id, block.tokens.production, { contact_reference_id: 'prod-only', data: { name: 'Ada' } });
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/nobody/variables`), 404, 'not-found');
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/prod-only/variables?environment=development`), 404, 'not-found');
    expectProblem(await api.get('/v1/bots/bot_doesnotexist00000000/contacts/prod-only/variables'), 404, 'not-found');
  });

  it('rejects an unknown environment', async () => {
    const { botId } = await createBotWithSandbox(api);
    const res = await api.get(`/v1/bots/${botId}/contacts/c1/variables?environment=staging`);
    expectProblem(res, 400, 'validation');
    expect(pathsOf(res)).toEqual(['environment']);
  });
});

describe('events', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  const newBot = () => createBot(api, 'Events bot');
  /** Publishes the body exactly as given (no `data` unless it has one) and returns the event id. */
  async function publishAs(botId: string, body: Record<string, unknown>): Promise<string> {
    const res = await api.post(`/v1/bots/${botId}/events`, body);
    expect(res.status, res.text).toBe(202);
    return res.body.id;
  }

  it('accepts a published event and lists it', async () => {
    const botId = await newBot();
    const res = await api.post(`/v1/bots/${botId}/events`, { type: 'lead.created', data: { contact: { first_name: 'Ada' } } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^evt_/), type: 'lead.created' });

    const list = await api.get(`/v1/bots/${botId}/events`);
    expect(list.body).toEqual({
      data: [
        {
          id: res.body.id,
          botId,
          type: 'lead.created',
          environment: 'production',
          createdAt: expect.any(String),
          data: { contact: { first_name: 'Ada' } },
        },
      ],
      nextCursor: null,
    });
  });

  it('lists events newest first, one page at a time', async () => {
    const botId = await newBot();
    const ids: string[] = [];
    for (const type of ['lead.created', 'tag.applied', 'conversation.handoff']) {
      ids.push(await publishAs(botId, { type }));
    }
    const first = await api.get(`/v1/bots/${botId}/events?limit=2`);
    expect(first.body.data.map((e: { id: string }) => e.id)).toEqual([ids[2], ids[1]]);
    const second = await api.get(`/v1/bots/${botId}/events?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((e: { id: string }) => e.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.data[0]).toMatchObject({ type: 'lead.created', data: {} });
    expectProblem(await api.get(`/v1/bots/${botId}/events?cursor=bogus`), 400);
  });

  it('marks development events', async () => {
    const botId = await newBot();
    const id = await publishAs(botId, { type: 'lead.created', environment: 'development' });
    const [event] = (await api.get(`/v1/bots/${botId}/events`)).body.data;
    expect(event.id).toBe(id);
    expect(event.environment).toBe('development');
  });

  it('keeps each bot’s events to itself', async () => {
    const one = await newBot();
    const two = await newBot();
    const published = await publish(api, one, 'lead.created');
    // The event is there for the bot it was published to, and only there.
    expect((await api.get(`/v1/bots/${one}/events`)).body.data.map((e: { id: string }) => e.id)).toEqual([published]);
    expect((await api.get(`/v1/bots/${two}/events`)).body.data).toEqual([]);
  });

  const invalid: [string, unknown, string][] = [
    ['an upper-case type', { type: 'Lead.Created' }, '/type'],
    ['a type without a dot', { type: 'lead' }, '/type'],
    ['a type with an empty part', { type: 'lead..created' }, '/type'],
    ['a missing type', { data: {} }, '/type'],
    ['data that is not an object', { type: 'lead.created', data: [1] }, '/data'],
    ['an unknown environment', { type: 'lead.created', environment: 'staging' }, '/environment'],
  ];
  it.each(invalid)('rejects %s', async (_name, body, path) => {
    const botId = await newBot();
    const res = await api.post(`/v1/bots/${botId}/events`, body);
    expectProblem(res, 400, 'validation');
    expect(pathsOf(res)).toContain(path);
    expect((await api.get(`/v1/bots/${botId}/events`)).body.data).toEqual([]);
  });

  it('rejects unknown fields and unknown bots', async () => {
    const botId = await newBot();
    expectProblem(await api.post(`/v1/bots/${botId}/events`, { type: 'lead.created', payload: {} }), 400, 'validation');
    expectProblem(await api.post('/v1/bots/bot_doesnotexist00000000/events', { type: 'lead.created' }), 404, 'not-found');
    expectProblem(await api.get('/v1/bots/bot_doesnotexist00000000/events'), 404, 'not-found');
  });

  it('refuses event data nested too deeply to store, and webhook defaults alike', async () => {
    const botId = await newBot();
    // Sent as text: the client's own JSON.stringify could not serialise it either.
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const raw = (json: string) => ({ rawBody: json, headers: { 'content-type': 'application/json' } });
    const res = await api.request('POST', `/v1/bots/${botId}/events`, raw(`{"type":"lead.created","data":${deep}}`));
    expectProblem(res, 400, 'validation');
    expect(res.body.errors[0].path).toBe('/data');
    const hook = await api.request(
      'POST',
      `/v1/bots/${botId}/webhooks`,
      raw(`{"name":"Deep","type":"workflow","variables":[{"data":"x","variable":"x","default":${deep}}]}`),
    );
    expectProblem(hook, 400, 'validation');
    expect(hook.body.errors[0].path).toBe('/variables/0/default');
    expect((await api.post(`/v1/bots/${botId}/events`, { type: 'lead.created', data: { a: { b: { c: 1 } } } })).status).toBe(202);
  });
});
