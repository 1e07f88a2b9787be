/**
 * Every sender scheme, called as that sender calls: a valid call (202, variables stored), a
 * tampered body, a wrong secret, a missing header, an expired timestamp where the scheme has one,
 * and a sender's retry of the same delivery (a replay, stored once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHookRaw, createBlock, createBotWithSandbox, ORDER_BLOCK } from '../helpers/scenario.ts';
import { FORM_BLOCK, SENDERS, type SenderCase } from '../helpers/senders.ts';

let t: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app, await t.token());
  ({ botId } = await createBotWithSandbox(api, 'test'));
});
afterAll(() => t.close());

const now = () => Math.floor(Date.now() / 1000);
let counter = 0;

describe.each(SENDERS)('scheme $scheme', (sender: SenderCase) => {
  let hookId: string;
  let url: string;

  beforeAll(async () => {
    const block = sender.contentType.startsWith('application/x-www-form-urlencoded') ? FORM_BLOCK : ORDER_BLOCK;
    const created = await createBlock(api, botId, {
      ...block,
      name: `${sender.scheme} sender`,
      verification: sender.verification(sender.secret),
    });
    expect(created.verification).toMatchObject({ scheme: sender.scheme, secretSet: true });
    expect(JSON.stringify(created)).not.toContain(sender.secret);
    hookId = created.id;
    url = created.url;
  });

  async function call(
    options: {
      secret?: string;
      tamper?: boolean;
      drop?: string;
      timestamp?: number;
      deliveryId?: string;
      query?: string;
      orderId?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    counter++;
    const orderId = options.orderId ?? `O-${counter}`;
    const body = sender.body(`contact-${sender.scheme}`, orderId);
    const query = options.query ?? '';
    const signed = await sender.sign({
      body,
      secret: options.secret ?? sender.secret,
      url: `${url}${query}`,
      timestamp: options.timestamp ?? now(),
      deliveryId: options.deliveryId ?? `delivery-${counter}`,
    });
    const headers: Record<string, string> = { 'content-type': sender.contentType, ...signed.headers, ...options.headers };
    if (options.drop) delete headers[options.drop];
    const sent = options.tamper ? body.replace(orderId, `${orderId}X`) : body;
    return callHookRaw(api, `${hookId}${query}`, new TextEncoder().encode(sent), headers);
  }

  it('accepts a valid call and stores its variables', async () => {
    const res = await call({ orderId: 'V-1' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ environment: 'production', contact: `contact-${sender.scheme}`, variables: { order_id: 'V-1' } });
    if (sender.contentType.startsWith('application/x-www-form-urlencoded')) {
      expect(res.body.variables).toEqual({ customer_name: 'Ada', order_id: 'V-1', tags: ['b', 'a'] });
    }
    const vars = await api.get(`/v1/bots/${botId}/contacts/contact-${sender.scheme}/variables`);
    expect(vars.body.variables).toMatchObject({ order_id: 'V-1' });
  });

  it('takes ?env=development as a development call, verified with the same secret', async () => {
    const res = await call({ query: '?env=development' });
    expect(res.status, res.text).toBe(202);
    expect(res.body.environment).toBe('development');
  });

  it.runIf(sender.signsBody)('refuses a tampered body', async () => {
    expectProblem(await call({ tamper: true }), 401, 'unauthorized');
  });

  it('refuses a call signed with another secret', async () => {
    expectProblem(await call({ secret: sender.otherSecret }), 401, 'unauthorized');
  });

  it('refuses a call without its signature header, saying which', async () => {
    const res = await call({ drop: sender.signatureHeader });
    expectProblem(res, 401, 'unauthorized');
    expect(res.body.detail.toLowerCase()).toContain(sender.signatureHeader === 'authorization' ? 'authorization' : sender.signatureHeader);
  });

  it.runIf(sender.timestamped)('refuses an expired timestamp and says so', async () => {
    const res = await call({ timestamp: now() - 3600 });
    expectProblem(res, 401, 'unauthorized');
    expect(res.body.detail).toContain('expired');
  });

  it.runIf(!sender.delivery)('answers a retry with the same Idempotency-Key as a replay (the sender sends no delivery id)', async () => {
    const headers = { 'idempotency-key': `idem-${sender.scheme}` };
    const first = await call({ orderId: 'I-1', headers });
    expect(first.status, first.text).toBe(202);
    const again = await call({ orderId: 'I-1', headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.requestId).toBe(first.body.requestId);
  });

  it.runIf(sender.delivery)('answers a retry of the same delivery as a replay and stores it once', async () => {
    const first = await call({ deliveryId: 'retry-1', orderId: 'R-1' });
    expect(first.status, first.text).toBe(202);
    const before = (await api.get(`/v1/bots/${botId}/webhooks/${hookId}/activity`)).body.data.length;
    const again = await call({ deliveryId: 'retry-1', orderId: 'R-1' });
    expect(again.status, again.text).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.requestId).toBe(first.body.requestId);
    expect((await api.get(`/v1/bots/${botId}/webhooks/${hookId}/activity`)).body.data).toHaveLength(before);
  });
});
