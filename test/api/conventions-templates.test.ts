/**
 * Subscription templates read the placeholders users bring from other builders: a name that is not
 * one of the event's own (`id`, `event`, `timestamp`, `bot_id`, `environment`, `data`) reads the
 * event's data, so `{{ contact.first_name }}` is `{{ data.contact.first_name }}`. A placeholder
 * that reads nothing the matched types carry is a warning when the subscription is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, subscribe } from '../helpers/scenario.ts';

describe('subscription template placeholders', () => {
  let t: TestApp;
  let receiver: Receiver;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    receiver = await Receiver.start();
    botId = await createBot(t.api);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('renders {{ contact.first_name }} from the event’s data, in the URL, query, headers and body', async () => {
    const sub = await subscribe(t.api, botId, {
      url: `${receiver.url('/leads')}/{{ contact.id }}`,
      events: ['lead.*'],
      headers: { 'X-Name': '{{ contact.first_name }}', 'X-Event': '{{ event }}' },
      params: { email: '{{ contact.email }}' },
      body: '{"name": "{{ contact.first_name }}", "same": "{{ data.contact.first_name }}", "source": {{ source }}, "id": "{{ id }}"}',
    });
    expect(sub.warnings).toEqual([]);
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, {
      type: 'lead.created',
      data: { contact: { id: 'c/1', first_name: 'Zoë "Z"', email: 'z@example.com' }, source: 'web' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.attempts[0].succeeded).toBe(true);
    const [request] = await receiver.waitFor(1, '/leads/c%2F1');
    expect(request!.query.get('email')).toBe('z@example.com');
    expect(request!.headers['x-name']).toBe('Zoë "Z"');
    expect(request!.headers['x-event']).toBe('lead.created');
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ name: 'Zoë "Z"', same: 'Zoë "Z"', source: 'web', id: res.body.event.id });
  });

  it('keeps the event’s own names first: {{ id }} is the event id even when the data has an id', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/own'),
      events: ['order.*'],
      body: '{"a": "{{ id }}", "b": "{{ data.id }}"}',
    });
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'order.paid', data: { id: 'ord-9' } });
    expect(res.body.attempts[0].succeeded).toBe(true);
    const [request] = await receiver.waitFor(1, '/own');
    expect(JSON.parse(request!.body)).toEqual({ a: res.body.event.id, b: 'ord-9' });
  });

  const create = (body: Record<string, unknown>) =>
    t.api.post(`/v1/bots/${botId}/subscriptions`, { name: 'W', url: 'https://crm.example.com/h', ...body });

  it('warns at create about a placeholder the matched types do not carry, naming where it is', async () => {
    const res = await create({ events: ['lead.created'], body: '{"n": "{{ contact.firstname }}", "ok": "{{ contact.first_name }}"}' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.warnings).toEqual([
      expect.stringMatching(/^\/body: placeholder \{\{ contact\.firstname \}\} is not in the data of lead\.created/),
    ]);

    const header = await create({ events: ['tag.applied'], headers: { 'X-Tag': '{{ data.tags }}' }, params: { 'a/b': '{{ tag }}' } });
    expect(header.body.warnings).toEqual([expect.stringMatching(/^\/headers\/X-Tag: placeholder \{\{ data\.tags \}\}/)]);

    const text = await create({ events: ['*'], body: '{"t": "{{ event.type }}", "x": "{{ nothing_at_all }}"}' });
    expect(text.body.warnings).toHaveLength(2);
    expect(text.body.warnings[0]).toContain('{{ event }}, which is text');
    expect(text.body.warnings[1]).toMatch(/\{\{ nothing_at_all \}\} is not in the data of any of the \d+ catalogued types/);
  });

  it('does not warn about what the matched types carry, records included, nor about custom types it cannot know', async () => {
    const cases: Record<string, unknown>[] = [
      { events: ['webhook.received'], body: '{"v": "{{ data.variables.customer_name }}", "c": "{{ contact }}", "w": "{{ webhookName }}"}' },
      { events: ['lead.updated'], body: '{"e": "{{ changes.email }}"}' },
      { events: ['custom_field.changed'], body: '{"to": "{{ to }}", "f": "{{ data }}", "t": "{{ timestamp }}", "b": "{{ bot_id }}"}' },
      { events: ['order.*', 'shop.paid'], body: '{"o": "{{ order.lines.0.sku }}"}' },
      { events: ['lead.*', 'message.sent'], body: '{"p": "{{ providerMessageId }}", "f": "{{ contact.first_name }}"}' },
    ];
    for (const body of cases) {
      const res = await create(body);
      expect(res.status, res.text).toBe(201);
      expect(res.body.warnings, JSON.stringify(body)).toEqual([]);
    }
  });

  it('warns at PATCH too, on the templates as they stand after it', async () => {
    const sub = await subscribe(t.api, botId, {
      url: 'https://crm.example.com/p',
      events: ['lead.created'],
      body: '{"n": "{{ contact.first_name }}"}',
    });
    const path = `/v1/bots/${botId}/subscriptions/${sub.id}`;
    const bad = await t.api.patch(path, { headers: { 'X-Who': '{{ contact.fist_name }}' } });
    expect(bad.status, bad.text).toBe(200);
    expect(bad.body.warnings).toEqual([expect.stringContaining('/headers/X-Who: placeholder {{ contact.fist_name }}')]);
    const moved = await t.api.patch(path, { events: ['order.created'] }); // custom only: nothing to judge against
    expect(moved.body.warnings).toEqual([]);
    const fixed = await t.api.patch(path, { events: ['lead.created'], headers: { 'X-Who': '{{ contact.first_name }}' } });
    expect(fixed.body.warnings).toEqual([]);
    expect((await t.api.get(path)).body.warnings).toBeUndefined();
  });
});
