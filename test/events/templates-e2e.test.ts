/**
 * Request templates end to end: the method, URL, query parameters, headers and body a subscriber
 * receives are rendered from the event, each value escaped for where it lands. A hostile value
 * (quotes, newlines, `&`, CRLF, unicode) arrives intact and can neither add a header nor break
 * the JSON; a value that would inject a header line fails the delivery for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import { botEvents, createBot, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

const HOSTILE = 'Ada "the Countess" Lovelace\nline two & more\r\nX-Injected: yes\t— ünïcødé 😀 日本語 %2F %s {{ data.secret }}';

describe('subscription templates, delivered', () => {
  let t: TestApp;
  let receiver: Receiver;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,2,3' } });
    t.startWorkers();
    receiver = await Receiver.start();
    botId = await createBot(t.api);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const data = {
    contact: { id: 'c 1/2?x', first_name: HOSTILE, tags: ['vip', 'new'], score: 42 },
    note: HOSTILE,
    secret: 'not-for-templates',
  };

  it('renders a PUT with path, query parameters, headers and a JSON body from the event', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/contacts/{{ data.contact.id }}'),
      method: 'PUT',
      events: ['lead.created'],
      params: { source: '{{ event }}', name: '{{ data.contact.first_name }}', fixed: 'a&b=c' },
      headers: {
        'X-Contact-Id': '{{ data.contact.id }}',
        'X-Event': '{{ event }}/{{ id }}',
        'Content-Type': 'application/json; charset=utf-8',
      },
      body:
        '{"name": "{{ data.contact.first_name }}", "greeting": "Hello {{ data.note }}!", "tags": {{ data.contact.tags }}, ' +
        '"score": {{ data.contact.score }}, "missing": {{ data.nope }}, "contact": {{ data.contact }}}',
    });
    const eventId = await publish(t.api, botId, 'lead.created', data);
    const [request] = await receiver.waitFor(1, '/contacts/c%201%2F2%3Fx');

    expect(request!.method).toBe('PUT');
    expect(request!.query.get('source')).toBe('lead.created');
    expect(request!.query.get('name')).toBe(HOSTILE);
    expect(request!.query.get('fixed')).toBe('a&b=c');
    expect([...request!.query.keys()].sort()).toEqual(['fixed', 'name', 'source']);
    expect(request!.headers['x-contact-id']).toBe('c 1/2?x');
    expect(request!.headers['x-event']).toBe(`lead.created/${eventId}`);
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request!.headers).not.toHaveProperty('x-injected');

    const body = JSON.parse(request!.body);
    expect(body).toEqual({
      name: HOSTILE,
      greeting: `Hello ${HOSTILE}!`,
      tags: ['vip', 'new'],
      score: 42,
      missing: null,
      contact: data.contact,
    });
    // Placeholders are not evaluated twice: the literal text inside the value stays text.
    expect(request!.body).not.toContain('not-for-templates');
    expect(verifyDelivery(sub.secret, request!)).toEqual(body);
    expect((await finishedDelivery(t.api, botId, sub.id, eventId)).status).toBe('succeeded');
  });

  it('sends a GET with the values in its query string and no body', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/lookup'),
      method: 'GET',
      events: ['conversation.handoff'],
      params: { who: '{{ data.note }}', bot: '{{ bot_id }}', env: '{{ environment }}' },
    });
    const eventId = await publish(t.api, botId, 'conversation.handoff', data);
    const [request] = await receiver.waitFor(1, '/lookup');
    expect(request!.method).toBe('GET');
    expect(request!.body).toBe('');
    expect(request!.headers).not.toHaveProperty('content-type');
    expect(request!.query.get('who')).toBe(HOSTILE);
    expect(request!.query.get('bot')).toBe(botId);
    expect(request!.query.get('env')).toBe('production');
    expect(request!.headers['webhook-id']).toBe(eventId);
    // Signed over the empty body.
    expect(verifyDelivery(sub.secret, request!)).toBeUndefined();
  });

  it('form-encodes values in a form body', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/form'),
      method: 'POST',
      events: ['tag.applied'],
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name={{ data.note }}&tag={{ data.tag }}',
    });
    await publish(t.api, botId, 'tag.applied', { note: HOSTILE, tag: 'a&admin=1' });
    const [request] = await receiver.waitFor(1, '/form');
    const form = new URLSearchParams(request!.body);
    expect(form.get('name')).toBe(HOSTILE);
    expect(form.get('tag')).toBe('a&admin=1');
    expect(form.has('admin')).toBe(false);
    expect(() => verifyDelivery(sub.secret, request!)).not.toThrow();
  });

  it('keeps a value that tries to close the JSON string inside it', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/json-escape'),
      events: ['lead.updated'],
      body: '{"name": "{{ data.name }}", "role": "user"}',
    });
    const attack = 'x", "role": "admin", "y": "\\';
    await publish(t.api, botId, 'lead.updated', { name: attack });
    const [request] = await receiver.waitFor(1, '/json-escape');
    expect(JSON.parse(request!.body)).toEqual({ name: attack, role: 'user' });
    expect(() => verifyDelivery(sub.secret, request!)).not.toThrow();
  });

  it('fails for good, without sending, when a value would inject a header line', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/header-injection'),
      events: ['lead.deleted'],
      headers: { 'X-Name': '{{ data.note }}' },
    });
    const eventId = await publish(t.api, botId, 'lead.deleted', { note: HOSTILE });
    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, response: null, nextAttemptAt: null });
    expect(delivery.attempts[0].error).toMatch(/^template_error: header X-Name/);
    const exhaustedIds = async () =>
      (await botEvents(t.api, botId)).filter((e) => e.type === 'delivery.exhausted').map((e) => e.data.deliveryId);
    await expect.poll(exhaustedIds, POLL).toContain(delivery.id);
    const exhausted = await botEvents(t.api, botId);
    expect(exhausted.find((e) => e.data.deliveryId === delivery.id).data.attempts).toBe(1);
    // Not retried: past the first two slots of the schedule there is still one attempt.
    await sleep(3500);
    expect((await finishedDelivery(t.api, botId, sub.id, eventId)).attempts).toHaveLength(1);
    expect(receiver.at('/header-injection')).toHaveLength(0);
  });

  it('fails for good when a header value has characters a header cannot carry', async () => {
    const sub = await subscribe(t.api, botId, {
      url: receiver.url('/header-unicode'),
      events: ['contact.created'],
      headers: { 'X-Name': '{{ data.name }}' },
    });
    const eventId = await publish(t.api, botId, 'contact.created', { name: 'Zoë 😀' });
    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0].error).toMatch(/^template_error: header X-Name/);
    expect(receiver.at('/header-unicode')).toHaveLength(0);
  });
});
