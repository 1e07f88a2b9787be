import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import {
  callHook,
  callHookRaw,
  connectAccount,
  createBlock,
  createBot,
  type InboundSetup,
  ORDER_BLOCK,
  orderBody,
  setupInbound,
} from '../helpers/scenario.ts';

const json = { 'content-type': 'application/json' };

describe('POST /hooks/{webhookId}', () => {
  let t: TestApp;
  let api: Api;
  let order: InboundSetup;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
    order = await setupInbound(api);
  });
  afterAll(() => t.close());

  const call = (body: unknown, headers: Record<string, string> = {}) =>
    callHook(api, order.webhook.id, order.tokens.production, body, headers);
  const raw = (body: string | Uint8Array, headers: Record<string, string> = json) =>
    callHookRaw(api, order.webhook.id, body, { authorization: `Bearer ${order.tokens.production}`, ...headers });

  describe('202 Accepted', () => {
    it('accepts a conversational call: extracts variables and queues a reply to the contact', async () => {
      const res = await call(orderBody('contact-202', 'Ada', 'A-1001'));
      expect(res.status, res.text).toBe(202);
      expect(res.body).toEqual({
        requestId: expect.stringMatching(/^req_/),
        webhookId: order.webhook.id,
        type: 'conversational',
        environment: 'production',
        contact: 'contact-202',
        variables: { customer_name: 'Ada', order_id: 'A-1001' },
        reply: {
          messageId: expect.stringMatching(/^msg_/),
          status: 'queued',
          channel: 'sandbox',
          account: 'test',
          text: 'Hi Ada, order A-1001 has shipped.',
        },
      });
      expect(res.headers.get('idempotent-replayed')).toBeNull();

      const vars = await api.get(`/v1/bots/${order.botId}/contacts/contact-202/variables`);
      expect(vars.status, vars.text).toBe(200);
      expect(vars.body).toMatchObject({
        contact: 'contact-202',
        environment: 'production',
        variables: { customer_name: 'Ada', order_id: 'A-1001' },
      });

      const activity = await api.get(`/v1/bots/${order.botId}/webhooks/${order.webhook.id}/activity`);
      expect(activity.status).toBe(200);
      const entry = activity.body.data.find((a: { requestId: string }) => a.requestId === res.body.requestId);
      expect(entry).toMatchObject({
        webhookId: order.webhook.id,
        environment: 'production',
        contact: 'contact-202',
        variables: { customer_name: 'Ada', order_id: 'A-1001' },
        body: orderBody('contact-202', 'Ada', 'A-1001'),
        idempotencyKey: null,
        reply: { messageId: res.body.reply.messageId },
      });

      const events = await api.get(`/v1/bots/${order.botId}/events?limit=100`);
      const received = events.body.data.filter((e: any) => e.type === 'webhook.received' && e.data.requestId === res.body.requestId);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ environment: 'production', data: { webhookId: order.webhook.id, contact: 'contact-202' } });
    });

    it('accepts a workflow call without a reply and publishes webhook.received then workflow.triggered', async () => {
      const botId = await createBot(api);
      await connectAccount(api, botId, 'test');
      const block = await createBlock(api, botId, {
        name: 'Lead captured',
        type: 'workflow',
        variables: [{ data: 'lead.email', variable: 'email' }],
        rateLimit: { limit: 1000, periodSeconds: 1 },
      });
      const res = await callHook(api, block.id, block.tokens.production, {
        contact_reference_id: 'lead-7',
        lead: { email: 'ada@example.com' },
      });
      expect(res.status, res.text).toBe(202);
      expect(res.body).toEqual({
        requestId: expect.stringMatching(/^req_/),
        webhookId: block.id,
        type: 'workflow',
        environment: 'production',
        contact: 'lead-7',
        variables: { email: 'ada@example.com' },
      });

      const events = await api.get(`/v1/bots/${botId}/events?limit=100`);
      // Newest first: the trigger was published after the receipt.
      expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['workflow.triggered', 'webhook.received']);
      for (const e of events.body.data) {
        expect(e).toMatchObject({
          environment: 'production',
          data: { webhookId: block.id, requestId: res.body.requestId, variables: { email: 'ada@example.com' } },
        });
      }
      const vars = await api.get(`/v1/bots/${botId}/contacts/lead-7/variables`);
      expect(vars.body.variables).toEqual({ email: 'ada@example.com' });
      const activity = await api.get(`/v1/bots/${botId}/webhooks/${block.id}/activity`);
      expect(activity.body.data).toHaveLength(1);
      expect(activity.body.data[0]).toMatchObject({ requestId: res.body.requestId, reply: null });
    });

    it('accepts a workflow call that names no contact', async () => {
      const botId = await createBot(api);
      await connectAccount(api, botId, 'test');
      const block = await createBlock(api, botId, {
        name: 'Nightly sync',
        type: 'workflow',
        variables: [{ data: 'count', variable: 'count' }],
      });
      const res = await callHook(api, block.id, block.tokens.production, { count: 3 });
      expect(res.status, res.text).toBe(202);
      expect(res.body).toMatchObject({ contact: null, variables: { count: 3 } });
    });

    it('accepts JSON media types with parameters or a +json suffix', async () => {
      expect((await raw(JSON.stringify(orderBody('c-media-1')), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(202);
      expect((await raw(JSON.stringify(orderBody('c-media-2')), { 'content-type': 'Application/JSON' })).status).toBe(202);
      expect((await raw(JSON.stringify(orderBody('c-media-3')), { 'content-type': 'application/vnd.shop.event+json' })).status).toBe(202);
    });

    it('fills an absent optional variable from its default', async () => {
      const botId = await createBot(api);
      await connectAccount(api, botId, 'test');
      const block = await createBlock(api, botId, {
        ...ORDER_BLOCK,
        variables: [
          { data: 'data.name', variable: 'customer_name', default: 'there' },
          { data: '$.data.order.id', variable: 'order_id', required: true, default: 'unknown' },
        ],
      });
      const res = await callHook(api, block.id, block.tokens.production, { contact_reference_id: 'c-default' });
      expect(res.status, res.text).toBe(202);
      expect(res.body.variables).toEqual({ customer_name: 'there', order_id: 'unknown' });
      expect(res.body.reply.text).toBe('Hi there, order unknown has shipped.');
      const present = await callHook(api, block.id, block.tokens.production, orderBody('c-default', 'Bo', 7));
      expect(present.body.variables).toEqual({ customer_name: 'Bo', order_id: 7 });
    });

    it('gives every accepted call its own requestId, whatever X-Request-Id the caller sends', async () => {
      const plain = await call(orderBody('c-rid'));
      expect(plain.headers.get('x-request-id')).toBe(plain.body.requestId);
      const ids = new Set<string>();
      for (const traceId of ['req_AAAAAAAAAAAAAAAAAAAA', 'req_AAAAAAAAAAAAAAAAAAAA', 'trace-42']) {
        const res = await call(orderBody('c-rid'), { 'x-request-id': traceId });
        expect(res.status, res.text).toBe(202);
        expect(res.headers.get('x-request-id')).toBe(traceId);
        expect(res.body.requestId).toMatch(/^req_/);
        ids.add(res.body.requestId);
      }
      expect(ids.size).toBe(3);
    });

    it('logs a large body by size only', async () => {
      const setup = await setupInbound(api);
      const body = { ...orderBody('c-large'), padding: 'x'.repeat(20_000) };
      const res = await callHook(api, setup.webhook.id, setup.tokens.production, body);
      expect(res.status, res.text).toBe(202);
      const activity = await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity`);
      expect(activity.body.data[0]).toMatchObject({
        requestId: res.body.requestId,
        body: null,
        bodyBytes: Buffer.byteLength(JSON.stringify(body)),
      });
    });

    it('delivers the queued reply through the sandbox and reports it in the activity log', async () => {
      const setup = await setupInbound(api);
      const res = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-deliver', 'Cy', 'B-2'));
      expect(res.status, res.text).toBe(202);
      const worker = t.startWorkers();
      try {
        const path = `/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity`;
        await expect.poll(async () => (await api.get(path)).body.data[0]?.reply?.status, POLL).toBe('sent');
        const activity = await api.get(path);
        expect(activity.body.data[0].reply).toMatchObject({ messageId: res.body.reply.messageId, attempts: 1, error: null });
        const sent = await api.get(`/v1/bots/${setup.botId}/channels/${setup.accountId}/messages`);
        expect(sent.body.data).toEqual([
          expect.objectContaining({
            messageId: res.body.reply.messageId,
            contact: 'c-deliver',
            text: 'Hi Cy, order B-2 has shipped.',
            environment: 'production',
          }),
        ]);
      } finally {
        await worker.stop();
      }
    });
  });

  describe('400 Bad Request', () => {
    it('refuses malformed JSON', async () => {
      for (const body of ['{"contact_reference_id":', '{bad json}', '', '{"a":1}}']) {
        expectProblem(await raw(body), 400, 'malformed-json');
      }
    });

    it('refuses a JSON array body', async () => {
      const res = await raw('[{"contact_reference_id":"c1"}]');
      expectProblem(res, 400, 'bad-request');
      expect(res.body.detail).toMatch(/object/);
      expectProblem(await raw('[]'), 400, 'bad-request');
    });

    it('refuses a string, number, boolean or null body', async () => {
      for (const body of ['"hello"', '42', '-1.5e3', 'true', 'null']) {
        const res = await raw(body);
        expectProblem(res, 400, 'bad-request');
        expect(res.body.detail).toMatch(/object/);
      }
    });

    it('refuses a conversational call without a contact reference', async () => {
      for (const contact of [undefined, null, '', '   ']) {
        const res = await call({ ...orderBody(), contact_reference_id: contact });
        expectProblem(res, 400, 'validation');
        expect(res.body.errors).toEqual([{ path: '$.contact_reference_id', message: expect.stringMatching(/missing contact reference/) }]);
      }
    });

    it('refuses a contact reference that is not a string or a whole number', async () => {
      for (const contact of [{ id: 1 }, [1], 1.5, true]) {
        const res = await call({ ...orderBody(), contact_reference_id: contact });
        expectProblem(res, 400, 'validation');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['$.contact_reference_id']);
      }
    });

    it('refuses a missing required variable and names its path', async () => {
      const res = await call({ contact_reference_id: 'c-missing', data: { name: 'Ada' } });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors).toEqual([{ path: '$.data.order.id', message: expect.stringContaining('required') }]);
    });

    it('lists every problem of a body at once', async () => {
      const res = await call({ data: { name: 'Ada' } });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['$.contact_reference_id', '$.data.order.id']);
    });

    it('refuses a body nested thousands of levels deep, and stays up', async () => {
      const deepObject = `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`;
      const deepArray = '['.repeat(7000) + ']'.repeat(7000); // under 16 KiB: small enough to be logged whole
      for (const body of [
        `{"contact_reference_id":"c-deep","data":{"name":${deepObject},"order":{"id":1}}}`,
        `{"contact_reference_id":"c-deep","data":{"name":"Ada","order":{"id":1}},"x":${deepArray}}`,
      ]) {
        const res = await raw(body);
        expectProblem(res, 400, 'validation');
        expect(res.body.errors).toEqual([{ path: '$', message: expect.stringMatching(/nested/) }]);
      }
      expectProblem(await api.get(`/v1/bots/${order.botId}/contacts/c-deep/variables`), 404);
      const ordinary = `${'['.repeat(100)}1${']'.repeat(100)}`;
      const res = await raw(`{"contact_reference_id":"c-deep","data":{"name":${ordinary},"order":{"id":1}}}`);
      expect(res.status, res.text).toBe(202);
      expect(JSON.stringify(res.body.variables.customer_name)).toBe(ordinary);
    });

    it('refuses an Idempotency-Key that is not visible ASCII', async () => {
      expectProblem(await call(orderBody(), { 'idempotency-key': 'a b' }), 400, 'bad-request');
      expectProblem(await call(orderBody(), { 'idempotency-key': 'k'.repeat(256) }), 400, 'bad-request');
    });

    it('stores nothing for a refused call', async () => {
      const setup = await setupInbound(api);
      expectProblem(
        await callHook(api, setup.webhook.id, setup.tokens.production, { contact_reference_id: 'c-refused', data: { name: 'X' } }),
        400,
      );
      expectProblem(await api.get(`/v1/bots/${setup.botId}/contacts/c-refused/variables`), 404);
      // Recorded as rejected only (test/api/activity-rejections.test.ts): nothing accepted.
      expect((await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity?status=accepted`)).body.data).toEqual([]);
      expect((await api.get(`/v1/bots/${setup.botId}/events`)).body.data).toEqual([]);
    });
  });

  describe('WhatsApp contact references', () => {
    let wa: { botId: string; id: string; token: string };

    beforeAll(async () => {
      const botId = await createBot(api, 'WhatsApp bot');
      await connectAccount(api, botId, 'support-line', 'whatsapp', {
        credentials: { accessToken: 'EAAG-test-token', phoneNumberId: '106540352242922' },
      });
      const block = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'whatsapp', account: 'support-line' });
      wa = { botId, id: block.id, token: block.tokens.production };
    });

    it('refuses a number that is not E.164', async () => {
      for (const contact of ['not-a-phone', '0044 20 7946 0958', '12345', '+1234567890123456', '+1 415 555 01x3']) {
        const res = await callHook(api, wa.id, wa.token, orderBody(contact));
        expectProblem(res, 400, 'validation');
        expect(res.body.errors).toEqual([{ path: '$.contact_reference_id', message: expect.stringMatching(/E\.164/) }]);
      }
    });

    it('normalises a decorated phone number to E.164 for the contact', async () => {
      const res = await callHook(api, wa.id, wa.token, orderBody('+1 (415) 555-0123'));
      expect(res.status, res.text).toBe(202);
      expect(res.body.contact).toBe('+14155550123');
      expect(res.body.reply).toMatchObject({ channel: 'whatsapp', account: 'support-line' });
      const vars = await api.get(`/v1/bots/${wa.botId}/contacts/${encodeURIComponent('+14155550123')}/variables`);
      expect(vars.body.variables).toEqual({ customer_name: 'Ada', order_id: 'A-1001' });
    });
  });

  describe('403 Forbidden', () => {
    it('refuses a call to a disabled block, and accepts it again once enabled', async () => {
      const setup = await setupInbound(api);
      const path = `/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}`;
      expect((await api.patch(path, { enabled: false })).body.enabled).toBe(false);
      const res = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-disabled'));
      expectProblem(res, 403, 'webhook-disabled');
      expect((await api.get(`${path}/activity?status=accepted`)).body.data).toEqual([]);

      await api.patch(path, { enabled: true });
      expect((await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-disabled'))).status).toBe(202);
    });

    it('still refuses a bad token on a disabled block with 401, revealing nothing', async () => {
      const setup = await setupInbound(api, { ...ORDER_BLOCK, enabled: false });
      expectProblem(await callHook(api, setup.webhook.id, 'garbage', orderBody()), 401, 'unauthorized');
    });
  });

  describe('404 Not Found', () => {
    it('refuses an unknown, well-formed webhook id', async () => {
      const res = await callHook(api, 'wh_AAAAAAAAAAAAAAAAAAAA', order.tokens.production, orderBody());
      expectProblem(res, 404, 'not-found');
    });

    it('refuses malformed webhook ids', async () => {
      for (const id of [
        'wh_short',
        'bot_AAAAAAAAAAAAAAAAAAAA',
        'nothing',
        `wh_${'A'.repeat(500)}`,
        encodeURIComponent('wh_AAAAAAAAAAAAAAAAAAA!'),
        '%00',
      ]) {
        expectProblem(await callHook(api, id, order.tokens.production, orderBody()), 404, 'not-found');
      }
    });

    it('refuses a deleted block', async () => {
      const setup = await setupInbound(api);
      expect((await api.delete(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}`)).status).toBe(204);
      expectProblem(await callHook(api, setup.webhook.id, setup.tokens.production, orderBody()), 404, 'not-found');
    });
  });

  describe('415 Unsupported Media Type', () => {
    it('refuses text/plain and other types that are neither JSON nor a form', async () => {
      const body = JSON.stringify(orderBody());
      for (const type of ['text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
        expectProblem(await raw(body, { 'content-type': type }), 415, 'unsupported-media-type');
      }
    });

    it('refuses a body without a content type', async () => {
      // A Uint8Array body gets no default Content-Type (a string would get text/plain).
      const res = await raw(new TextEncoder().encode(JSON.stringify(orderBody())), {});
      expectProblem(res, 415, 'unsupported-media-type');
    });
  });

  describe('409 and replays with Idempotency-Key', () => {
    it('replays the first response for the same key and body, and does the work once', async () => {
      const setup = await setupInbound(api);
      const body = orderBody('c-idem', 'Ada', 'I-1');
      const first = await callHook(api, setup.webhook.id, setup.tokens.production, body, { 'idempotency-key': 'order-I-1' });
      expect(first.status, first.text).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      const second = await callHook(api, setup.webhook.id, setup.tokens.production, body, { 'idempotency-key': 'order-I-1' });
      expect(second.status, second.text).toBe(202);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(second.body.requestId).toBe(first.body.requestId);

      const worker = t.startWorkers();
      try {
        const path = `/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity`;
        await expect.poll(async () => (await api.get(path)).body.data[0]?.reply?.status, POLL).toBe('sent');
        // A replay after delivery is still a replay.
        const third = await callHook(api, setup.webhook.id, setup.tokens.production, body, { 'idempotency-key': 'order-I-1' });
        expect(third.headers.get('idempotent-replayed')).toBe('true');
        expect(third.body.requestId).toBe(first.body.requestId);
      } finally {
        await worker.stop();
      }
      const activity = await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity`);
      expect(activity.body.data).toHaveLength(1);
      expect(activity.body.data[0]).toMatchObject({ requestId: first.body.requestId, idempotencyKey: 'order-I-1' });
      const sent = await api.get(`/v1/bots/${setup.botId}/channels/${setup.accountId}/messages`);
      expect(sent.body.data).toHaveLength(1);
      expect(sent.body.data[0].messageId).toBe(first.body.reply.messageId);
      const received = (await api.get(`/v1/bots/${setup.botId}/events?limit=100`)).body.data.filter(
        (e: any) => e.type === 'webhook.received',
      );
      expect(received).toHaveLength(1);
    });

    it('refuses the same key with another body with 409 and changes nothing', async () => {
      const setup = await setupInbound(api);
      const first = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-409', 'Ada', 'X-1'), {
        'idempotency-key': 'k-409',
      });
      expect(first.status).toBe(202);
      const res = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-409', 'Eve', 'X-2'), {
        'idempotency-key': 'k-409',
      });
      expectProblem(res, 409, 'idempotency-key-reused');
      expect(res.headers.get('idempotent-replayed')).toBeNull();
      const vars = await api.get(`/v1/bots/${setup.botId}/contacts/c-409/variables`);
      expect(vars.body.variables).toEqual({ customer_name: 'Ada', order_id: 'X-1' });
      expect((await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity?status=accepted`)).body.data).toHaveLength(1);
    });

    it('treats a body that differs only in bytes (whitespace) as another body', async () => {
      const setup = await setupInbound(api);
      const headers = {
        authorization: `Bearer ${setup.tokens.production}`,
        'content-type': 'application/json',
        'idempotency-key': 'k-bytes',
      };
      const body = JSON.stringify(orderBody('c-bytes'));
      expect((await callHookRaw(api, setup.webhook.id, body, headers)).status).toBe(202);
      expectProblem(await callHookRaw(api, setup.webhook.id, ` ${body}`, headers), 409, 'idempotency-key-reused');
    });

    it('keeps keys apart per webhook and per environment', async () => {
      const a = await setupInbound(api);
      const b = await createBlock(api, a.botId);
      const key = { 'idempotency-key': 'shared-key' };
      const prod = await callHook(api, a.webhook.id, a.tokens.production, orderBody('c-keys'), key);
      const dev = await callHook(api, a.webhook.id, a.tokens.development, orderBody('c-keys'), key);
      const other = await callHook(api, b.id, b.tokens.production, orderBody('c-keys'), key);
      for (const res of [prod, dev, other]) {
        expect(res.status, res.text).toBe(202);
        expect(res.headers.get('idempotent-replayed')).toBeNull();
      }
      expect(new Set([prod.body.requestId, dev.body.requestId, other.body.requestId]).size).toBe(3);
    });

    it('answers concurrent calls with one key as one call', async () => {
      const setup = await setupInbound(api);
      const body = orderBody('c-race', 'Ada', 'R-1');
      const results = await Promise.all(
        Array.from({ length: 8 }, () => callHook(api, setup.webhook.id, setup.tokens.production, body, { 'idempotency-key': 'race' })),
      );
      for (const res of results) expect(res.status, res.text).toBe(202);
      expect(new Set(results.map((r) => r.body.requestId)).size).toBe(1);
      expect(results.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect((await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity`)).body.data).toHaveLength(1);
    });
  });

  describe('429 Too Many Requests', () => {
    it('refuses calls over the block’s rate limit with Retry-After', async () => {
      const setup = await setupInbound(api, { ...ORDER_BLOCK, rateLimit: { limit: 2, periodSeconds: 60 } });
      for (const n of [1, 2]) {
        const res = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody(`c-rate-${n}`));
        expect(res.status, res.text).toBe(202);
      }
      const res = await callHook(api, setup.webhook.id, setup.tokens.production, orderBody('c-rate-3'));
      expectProblem(res, 429, 'rate-limited');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The refused call stored nothing.
      expectProblem(await api.get(`/v1/bots/${setup.botId}/contacts/c-rate-3/variables`), 404);
      expect((await api.get(`/v1/bots/${setup.botId}/webhooks/${setup.webhook.id}/activity?status=accepted`)).body.data).toHaveLength(2);
    });

    it('limits each block on its own', async () => {
      const a = await setupInbound(api, { ...ORDER_BLOCK, rateLimit: { limit: 1, periodSeconds: 60 } });
      const b = await createBlock(api, a.botId, { ...ORDER_BLOCK, rateLimit: { limit: 1, periodSeconds: 60 } });
      expect((await callHook(api, a.webhook.id, a.tokens.production, orderBody())).status).toBe(202);
      expectProblem(await callHook(api, a.webhook.id, a.tokens.production, orderBody()), 429, 'rate-limited');
      expect((await callHook(api, b.id, b.tokens.production, orderBody())).status).toBe(202);
    });
  });
});
