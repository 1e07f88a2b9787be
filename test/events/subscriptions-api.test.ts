/**
 * The subscription API as a user drives it: create (secret once), read, list by folder, update,
 * delete; validation errors with JSON pointers; the test route; the delivery log with paging and
 * a status filter; manual retries; other workspaces see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../src/events/catalogue.ts';
import { type Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { sleep } from '../helpers/clock.ts';
import { Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import { botEvents, createBot, deliveries, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

describe('subscriptions API', () => {
  let t: TestApp;
  let api: Api;
  let receiver: Receiver;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,2,3' } });
    t.startWorkers();
    api = t.api;
    receiver = await Receiver.start();
    botId = await createBot(api);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  describe('create, read, update, delete', () => {
    it('creates a subscription with defaults and shows its secret only in the create response', async () => {
      const res = await api.post(`/v1/bots/${botId}/subscriptions`, {
        name: 'CRM leads',
        url: 'https://crm.example.com/hooks',
        events: ['lead.*', 'conversation.handoff'],
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^sub_/),
        botId,
        name: 'CRM leads',
        folder: null,
        url: 'https://crm.example.com/hooks',
        method: 'POST',
        events: ['lead.*', 'conversation.handoff'],
        headers: {},
        params: {},
        body: null,
        enabled: true,
        disabledReason: null,
        includeDevelopment: false,
        retry: { maxAttempts: 4, scheduleSeconds: [1, 2, 3] },
        timeoutMs: 30_000,
        secretRotation: null,
        secret: expect.stringMatching(/^whsec_/),
      });
      const got = await api.get(`/v1/bots/${botId}/subscriptions/${res.body.id}`);
      expect(got.status).toBe(200);
      const { secret: _secret, warnings: _warnings, ...view } = res.body;
      expect(got.body).toEqual(view);
    });

    it('derives the schedule from maxAttempts, and maxAttempts from the schedule', async () => {
      const fewer = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['*'], retry: { maxAttempts: 2 } });
      expect(fewer.retry).toEqual({ maxAttempts: 2, scheduleSeconds: [1] });
      const more = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['*'], retry: { maxAttempts: 6 } });
      expect(more.retry).toEqual({ maxAttempts: 6, scheduleSeconds: [1, 2, 3, 3, 3] });
      const own = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['*'], retry: { scheduleSeconds: [10, 20] } });
      expect(own.retry).toEqual({ maxAttempts: 3, scheduleSeconds: [10, 20] });
      const once = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['*'], retry: { maxAttempts: 1 } });
      expect(once.retry).toEqual({ maxAttempts: 1, scheduleSeconds: [] });
    });

    it('lists subscriptions oldest first and filters them by folder', async () => {
      const bot = await createBot(api);
      const a = await subscribe(api, bot, { name: 'A', url: 'https://a.example.com/', events: ['*'], folder: 'crm' });
      const b = await subscribe(api, bot, { name: 'B', url: 'https://b.example.com/', events: ['*'] });
      const c = await subscribe(api, bot, { name: 'C', url: 'https://c.example.com/', events: ['*'], folder: 'crm' });
      const d = await subscribe(api, bot, { name: 'D', url: 'https://d.example.com/', events: ['*'], folder: 'helpdesk' });
      const all = await api.get(`/v1/bots/${bot}/subscriptions`);
      expect(all.body.data.map((s: { id: string }) => s.id)).toEqual([a.id, b.id, c.id, d.id]);
      expect(all.text).not.toContain('whsec_');
      const crm = await api.get(`/v1/bots/${bot}/subscriptions?folder=crm`);
      expect(crm.body.data.map((s: { name: string }) => s.name)).toEqual(['A', 'C']);
      expect((await api.get(`/v1/bots/${bot}/subscriptions?folder=nothing`)).body.data).toEqual([]);
      // Moving one out of the folder.
      expect((await api.patch(`/v1/bots/${bot}/subscriptions/${a.id}`, { folder: null })).body.folder).toBeNull();
      expect((await api.get(`/v1/bots/${bot}/subscriptions?folder=crm`)).body.data.map((s: { name: string }) => s.name)).toEqual(['C']);
    });

    it('updates only the fields given, toggles with a reason, and deletes', async () => {
      const sub = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['lead.*'], headers: { 'X-Api-Key': 'k1' } });
      const patched = await api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { name: 'Renamed', method: 'PUT', timeoutMs: 5000 });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({
        name: 'Renamed',
        method: 'PUT',
        timeoutMs: 5000,
        url: 'https://a.example.com/',
        events: ['lead.*'],
        headers: { 'X-Api-Key': { set: true } },
      });
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(sub.updatedAt));

      const off = await api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: false });
      expect(off.body).toMatchObject({ enabled: false, disabledReason: 'manual' });
      const on = await api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: true });
      expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
      const createdOff = await subscribe(api, botId, { url: 'https://a.example.com/', events: ['*'], enabled: false });
      expect(createdOff).toMatchObject({ enabled: false, disabledReason: 'manual' });

      expect((await api.delete(`/v1/bots/${botId}/subscriptions/${sub.id}`)).status).toBe(204);
      expectProblem(await api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`), 404, 'not-found');
      expectProblem(await api.delete(`/v1/bots/${botId}/subscriptions/${sub.id}`), 404, 'not-found');
    });

    it('accepts a body template longer than 4 KiB (the schema allows 64 KiB)', async () => {
      const fields = Array.from({ length: 200 }, (_, i) => `"field_${i}": "{{ data.contact.first_name }} {{ data.contact.last_name }}"`);
      const body = `{${fields.join(', ')}}`;
      expect(body.length).toBeGreaterThan(4096);
      const res = await api.post(`/v1/bots/${botId}/subscriptions`, { name: 'Big', url: 'https://a.example.com/', events: ['*'], body });
      expect(res.status, res.text).toBe(201);
      expect(res.body.body).toBe(body);
      // Still checked: a broken placeholder or an unclosed one far into it is refused.
      for (const broken of [body.replace(/\}$/, ', "x": "{{ data..x }}"}'), body.replace(/\}$/, ', "x": "{{ data.x"}')]) {
        const refused = await api.post(`/v1/bots/${botId}/subscriptions`, {
          name: 'Big',
          url: 'https://a.example.com/',
          events: ['*'],
          body: broken,
        });
        expectProblem(refused, 400, 'validation');
        expect(refused.body.errors).toEqual([{ path: '/body', message: expect.stringMatching(/placeholder|unclosed/) }]);
      }
    });
  });

  describe('validation', () => {
    const valid = { name: 'CRM', url: 'https://crm.example.com/hooks', events: ['lead.*'] };
    const create = (body: Record<string, unknown>) => api.post(`/v1/bots/${botId}/subscriptions`, body);
    const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort();

    it.each([
      ['an upper-case pattern', { events: ['Lead.*'] }, ['/events/0']],
      ['a pattern with an empty segment', { events: ['lead..created'] }, ['/events/0']],
      ['a pattern with a partial wildcard', { events: ['lead.crea*'] }, ['/events/0']],
      ['a second bad pattern', { events: ['lead.*', 'no spaces'] }, ['/events/1']],
      ['no patterns', { events: [] }, ['/events']],
      ['the reserved header webhook-id', { headers: { 'webhook-id': 'mine' } }, ['/headers/webhook-id']],
      ['the reserved header X-Hookgate-Signature', { headers: { 'X-Hookgate-Signature': 'sha256=00' } }, ['/headers/X-Hookgate-Signature']],
      ['the Host header', { headers: { Host: 'internal.example' } }, ['/headers/Host']],
      ['a header name with a space', { headers: { 'X Name': 'v' } }, ['/headers/X Name']],
      ['a header value with characters a header cannot carry', { headers: { 'X-Emoji': 'hi 😀 {{ data.name }}' } }, ['/headers/X-Emoji']],
      ['a body template that is not JSON', { body: '{"name": "{{ data.name }}", }' }, ['/body']],
      ['a body template with an unclosed placeholder', { body: '{"name": "{{ data.name"}' }, ['/body']],
      ['a timeout under a second', { timeoutMs: 500 }, ['/timeoutMs']],
      ['a timeout over a minute', { timeoutMs: 60_001 }, ['/timeoutMs']],
      ['an unknown method', { method: 'HEAD' }, ['/method']],
      ['a URL that is not http', { url: 'ftp://files.example.com/' }, ['/url']],
      ['a URL that is not a URL', { url: 'crm dot example' }, ['/url']],
      ['credentials in the URL', { url: 'https://user:pass@crm.example.com/' }, ['/url']],
      ['more attempts than the schedule lists', { retry: { maxAttempts: 5, scheduleSeconds: [1, 2] } }, ['/retry/maxAttempts']],
      ['an unknown field', { secret: 'whsec_mine' }, ['/secret']],
      ['an empty name', { name: '  ' }, ['/name']],
    ])('refuses %s, pointing at the field', async (_what, change, expected) => {
      const res = await create({ ...valid, ...change });
      expectProblem(res, 400, 'validation');
      expect(paths(res)).toEqual(expected);
    });

    it('reports every invalid field at once', async () => {
      const res = await create({ ...valid, events: ['BAD'], timeoutMs: 1, headers: { 'webhook-signature': 'x' } });
      expectProblem(res, 400, 'validation');
      expect(paths(res)).toEqual(['/events/0', '/headers/webhook-signature', '/timeoutMs']);
    });

    it('validates an update the same way and leaves the subscription as it was', async () => {
      const sub = await subscribe(api, botId, valid);
      const res = await api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { timeoutMs: 999_999, events: ['*', 'A'] });
      expectProblem(res, 400, 'validation');
      expect(paths(res)).toEqual(['/events/1', '/timeoutMs']);
      const json = await api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { body: '{"broken": {{ data.x }}' });
      expectProblem(json, 400, 'validation');
      expect(paths(json)).toEqual(['/body']);
      const got = await api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`);
      expect(got.body).toMatchObject({ body: null, timeoutMs: 30_000 });
    });
  });

  describe('test events', () => {
    it('sends the catalogue sample of the chosen type now and returns the attempt', async () => {
      const sub = await subscribe(api, botId, { url: receiver.url('/test-sample'), events: ['lead.*'] });
      const res = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'conversation.handoff' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        subscriptionId: sub.id,
        status: 'succeeded',
        nextAttemptAt: null,
        event: { type: 'conversation.handoff', environment: 'production' },
      });
      expect(res.body.event.data).toEqual(EVENT_CATALOGUE['conversation.handoff']!.sample);
      expect(res.body.attempts).toHaveLength(1);
      expect(res.body.attempts[0]).toMatchObject({
        number: 1,
        trigger: 'test',
        succeeded: true,
        error: null,
        response: { status: 200, body: 'ok' },
      });

      const [request] = receiver.at('/test-sample');
      expect(request!.headers['webhook-id']).toBe(res.body.event.id);
      expect(verifyDelivery(sub.secret, request!)).toMatchObject({
        event: 'conversation.handoff',
        data: EVENT_CATALOGUE['conversation.handoff']!.sample,
      });
      // Logged with the subscription's deliveries; not published to the bot's event stream.
      expect((await deliveries(api, botId, sub.id)).map((d) => d.id)).toEqual([res.body.id]);
      expect((await botEvents(api, botId)).map((e) => e.id)).not.toContain(res.body.event.id);
    });

    it('sends lead.created by default, the caller’s data when given, and {} for a type outside the catalogue', async () => {
      const sub = await subscribe(api, botId, { url: receiver.url('/test-kinds'), events: ['*'] });
      const byDefault = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, {});
      expect(byDefault.body.event).toMatchObject({ type: 'lead.created', data: EVENT_CATALOGUE['lead.created']!.sample });
      const own = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'tag.applied', data: { tag: 'mine' } });
      expect(own.body.event).toMatchObject({ type: 'tag.applied', data: { tag: 'mine' } });
      const custom = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'invoice.paid' });
      expect(custom.body.event).toMatchObject({ type: 'invoice.paid', data: {} });
      const bodies = receiver.at('/test-kinds').map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => [b.event, b.data])).toEqual([
        ['lead.created', EVENT_CATALOGUE['lead.created']!.sample],
        ['tag.applied', { tag: 'mine' }],
        ['invoice.paid', {}],
      ]);
    });

    it('returns a failed attempt, not an error, when the endpoint fails; and does not retry it', async () => {
      receiver.answerNext({ status: 502, body: 'bad gateway', path: '/test-fail' });
      const sub = await subscribe(api, botId, { url: receiver.url('/test-fail'), events: ['*'] });
      const res = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'lead.created' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(res.body.attempts[0]).toMatchObject({
        trigger: 'test',
        succeeded: false,
        error: 'HTTP 502',
        response: { status: 502, body: 'bad gateway' },
        nextAttemptAt: null,
      });
      await sleep(1500);
      expect(receiver.at('/test-fail')).toHaveLength(1);
    });
  });

  describe('delivery log and manual retries', () => {
    it('pages deliveries newest first and filters them by status', async () => {
      const sub = await subscribe(api, botId, { url: receiver.url('/paged'), events: ['*'] });
      receiver.answerWith((r) => (r.path === '/paged' && JSON.parse(r.body).data.n % 2 === 1 ? { status: 500 } : { status: 200 }));
      const ids: string[] = [];
      try {
        for (let n = 0; n < 5; n++) {
          const res = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'lead.created', data: { n } });
          ids.push(res.body.id);
          await sleep(5);
        }
      } finally {
        receiver.answerWith({ status: 200, body: 'ok' });
      }
      const newestFirst = [...ids].reverse();
      const base = `/v1/bots/${botId}/subscriptions/${sub.id}/deliveries`;
      const first = await api.get(`${base}?limit=2`);
      expect(first.body.data.map((d: { id: string }) => d.id)).toEqual(newestFirst.slice(0, 2));
      const second = await api.get(`${base}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.data.map((d: { id: string }) => d.id)).toEqual(newestFirst.slice(2, 4));
      const third = await api.get(`${base}?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`);
      expect(third.body.data.map((d: { id: string }) => d.id)).toEqual(newestFirst.slice(4));
      expect(third.body.nextCursor).toBeNull();

      expect((await deliveries(api, botId, sub.id, '?status=failed')).map((d) => d.event.data.n)).toEqual([3, 1]);
      expect((await deliveries(api, botId, sub.id, '?status=succeeded')).map((d) => d.event.data.n)).toEqual([4, 2, 0]);
      expect(await deliveries(api, botId, sub.id, '?status=pending')).toEqual([]);
      const filteredPage = await api.get(`${base}?status=succeeded&limit=2`);
      const rest = await api.get(`${base}?status=succeeded&limit=2&cursor=${encodeURIComponent(filteredPage.body.nextCursor)}`);
      expect(rest.body.data.map((d: { event: { data: { n: number } } }) => d.event.data.n)).toEqual([0]);

      expectProblem(await api.get(`${base}?status=lost`), 400, 'validation');
      expectProblem(await api.get(`${base}?cursor=not-a-cursor`), 400);
      const one = await api.get(`${base}/${ids[0]}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: ids[0], subscriptionId: sub.id, event: { data: { n: 0 } } });
    });

    it('retries a failed delivery by hand: a manual attempt with the same webhook-id', async () => {
      receiver.answerNext({ status: 500, path: '/manual' });
      const botId = await createBot(api);
      const sub = await subscribe(api, botId, { url: receiver.url('/manual'), events: ['lead.created'], retry: { maxAttempts: 1 } });
      const eventId = await publish(api, botId, 'lead.created', { contact: { id: 'm1' } });
      const failed = await finishedDelivery(api, botId, sub.id, eventId);
      expect(failed).toMatchObject({ status: 'failed', attempts: [{ trigger: 'scheduled', succeeded: false }] });

      const retried = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${failed.id}/retry`);
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body.status).toBe('succeeded');
      expect(retried.body.attempts.map((a: any) => [a.number, a.trigger, a.succeeded])).toEqual([
        [1, 'scheduled', false],
        [2, 'manual', true],
      ]);
      const requests = receiver.at('/manual');
      expect(requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
      expect(verifyDelivery(sub.secret, requests[1]!)).toMatchObject({ data: { contact: { id: 'm1' } } });

      // A succeeded delivery can be sent again too.
      const again = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${failed.id}/retry`);
      expect(again.body.status).toBe('succeeded');
      expect(again.body.attempts.map((a: any) => a.trigger)).toEqual(['scheduled', 'manual', 'manual']);
      expect(receiver.at('/manual')).toHaveLength(3);
      const logged = await api.get(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${failed.id}`);
      expect(logged.body.attempts).toHaveLength(3);
      // Manual attempts are not exhaustion: no delivery.exhausted beyond the scheduled one.
      const exhausted = (await botEvents(api, botId)).filter((e) => e.type === 'delivery.exhausted' && e.data.deliveryId === failed.id);
      expect(exhausted).toHaveLength(1);
    });

    it('retries a succeeded delivery by hand and records a manual failure as such', async () => {
      const botId = await createBot(api);
      const sub = await subscribe(api, botId, { url: receiver.url('/manual-ok'), events: ['tag.removed'] });
      const eventId = await publish(api, botId, 'tag.removed', { tag: 'vip' });
      const ok = await finishedDelivery(api, botId, sub.id, eventId);
      expect(ok.status).toBe('succeeded');
      receiver.answerNext({ status: 503, path: '/manual-ok' });
      const res = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${ok.id}/retry`);
      expect(res.status).toBe(200);
      expect(res.body.attempts.at(-1)).toMatchObject({
        number: 2,
        trigger: 'manual',
        succeeded: false,
        error: 'HTTP 503',
        nextAttemptAt: null,
      });
      // The delivery reads as its latest attempt, and a failed manual attempt schedules nothing.
      expect(res.body).toMatchObject({ status: 'failed', nextAttemptAt: null });
      await sleep(1500);
      expect(receiver.at('/manual-ok')).toHaveLength(2);
    });
  });

  describe('other workspaces, other subscriptions', () => {
    it('answers 404 for another workspace’s subscriptions and deliveries, as for missing ones', async () => {
      const sub = await subscribe(api, botId, { url: receiver.url('/mine'), events: ['*'] });
      const test = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, {});
      const other = api.withToken(await t.token('ws-other'));
      const base = `/v1/bots/${botId}/subscriptions`;
      for (const res of [
        await other.get(base),
        await other.post(base, { name: 'x', url: 'https://a.example.com/', events: ['*'] }),
        await other.get(`${base}/${sub.id}`),
        await other.patch(`${base}/${sub.id}`, { enabled: false }),
        await other.post(`${base}/${sub.id}/rotate-secret`),
        await other.post(`${base}/${sub.id}/test`, {}),
        await other.get(`${base}/${sub.id}/deliveries`),
        await other.get(`${base}/${sub.id}/deliveries/${test.body.id}`),
        await other.post(`${base}/${sub.id}/deliveries/${test.body.id}/retry`),
        await other.delete(`${base}/${sub.id}`),
      ]) {
        expectProblem(res, 404, 'not-found');
      }
      expectProblem(await api.get(`${base}/sub_doesnotexist0000000000`), 404, 'not-found');
      expectProblem(await api.get(`${base}/${sub.id}/deliveries/dlv_doesnotexist000000000`), 404, 'not-found');
      // Nothing changed, nothing was sent for the other workspace.
      expect((await api.get(`${base}/${sub.id}`)).body).toMatchObject({ enabled: true, secretRotation: null });
      expect(receiver.at('/mine')).toHaveLength(1);
    });

    it('answers 404 for a delivery asked for under another subscription of the same bot', async () => {
      const a = await subscribe(api, botId, { url: receiver.url('/a'), events: ['*'] });
      const b = await subscribe(api, botId, { url: receiver.url('/b'), events: ['*'] });
      const test = await api.post(`/v1/bots/${botId}/subscriptions/${a.id}/test`, {});
      expectProblem(await api.get(`/v1/bots/${botId}/subscriptions/${b.id}/deliveries/${test.body.id}`), 404, 'not-found');
      expectProblem(await api.post(`/v1/bots/${botId}/subscriptions/${b.id}/deliveries/${test.body.id}/retry`), 404, 'not-found');
      expect(receiver.at('/b')).toHaveLength(0);
    });

    it('lets a read token look but not change, send or rotate', async () => {
      const sub = await subscribe(api, botId, { url: receiver.url('/read'), events: ['*'] });
      const reader = api.withToken(await t.token('ws1', 'read'));
      expect((await reader.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).status).toBe(200);
      expect((await reader.get(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries`)).status).toBe(200);
      expectProblem(await reader.post(`/v1/bots/${botId}/subscriptions/${sub.id}/rotate-secret`), 403, 'forbidden');
      expectProblem(await reader.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, {}), 403, 'forbidden');
      expectProblem(await reader.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: false }), 403, 'forbidden');
      expect(receiver.at('/read')).toHaveLength(0);
    });
  });
});
