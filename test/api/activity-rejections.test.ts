import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ManualClock, POLL } from '../helpers/clock.ts';
import { callHook, callHookRaw, ORDER_BLOCK, orderBody, setupInbound } from '../helpers/scenario.ts';
import { SseClient, type SseEvent } from '../helpers/sse.ts';

const MAX_BODY = 2048;

async function rejected(api: Api, botId: string, webhookId: string): Promise<any[]> {
  return (await api.get(`/v1/bots/${botId}/webhooks/${webhookId}/activity?status=rejected&limit=100`)).body.data;
}

/** Waits until the refusal answered as `res` is in the activity (recording runs behind the answer), and returns its entry. */
async function entryFor(api: Api, botId: string, webhookId: string, res: ApiResponse): Promise<any> {
  let found: any;
  await expect
    .poll(async () => {
      found = (await rejected(api, botId, webhookId)).find((e) => e.httpStatus === res.status && e.problem?.detail === res.body.detail);
      return found !== undefined;
    }, POLL)
    .toBe(true);
  // The problem kept is the problem answered, field errors and all.
  expect(found.problem).toEqual(res.body);
  expect(found).toMatchObject({ outcome: 'rejected', webhookId, reply: null });
  return found;
}

async function rejectionCounts(t: TestApp): Promise<Record<string, number>> {
  const metric = await t.services.metrics.registry.getSingleMetric('hookgate_activity_rejections_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.result), v.value]));
}

async function suppressedCount(t: TestApp): Promise<number> {
  return (await rejectionCounts(t)).suppressed ?? 0;
}

describe.each(['redis', 'memory'] as const)('refused calls in the activity (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let base: string;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    t = await createTestApp({ store, clock, env: { HOOKGATE_MAX_BODY_BYTES: String(MAX_BODY) } });
    api = t.api;
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('records each refusal after authentication with its status, its problem (field errors too) and the body', async () => {
    const { botId, webhook, tokens } = await setupInbound(api, { ...ORDER_BLOCK, rateLimit: { limit: 3, periodSeconds: 3600 } });
    const token = tokens.production;

    const missing = await callHook(api, webhook.id, token, { contact_reference_id: 'c-1', data: { name: 'Ada' } });
    expectProblem(missing, 400, 'validation');
    const e400 = await entryFor(api, botId, webhook.id, missing);
    expect(e400.problem.errors).toEqual([{ path: '$.data.order.id', message: expect.any(String) }]);
    expect(e400).toMatchObject({
      httpStatus: 400,
      environment: 'production',
      body: { contact_reference_id: 'c-1', data: { name: 'Ada' } },
      bodyBytes: JSON.stringify({ contact_reference_id: 'c-1', data: { name: 'Ada' } }).length,
    });

    const malformed = await callHookRaw(api, webhook.id, '{"data":', {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    expectProblem(malformed, 400, 'malformed-json');
    expect(await entryFor(api, botId, webhook.id, malformed)).toMatchObject({ body: null, bodyBytes: 8 });

    const media = await callHookRaw(api, webhook.id, 'hello', { authorization: `Bearer ${token}`, 'content-type': 'text/plain' });
    expectProblem(media, 415, 'unsupported-media-type');
    expect(await entryFor(api, botId, webhook.id, media)).toMatchObject({ httpStatus: 415, body: null });

    const big = JSON.stringify({ ...orderBody('c-big'), pad: 'x'.repeat(MAX_BODY) });
    // Over a socket: refused from its Content-Length, which the entry keeps as its size.
    const refused = await fetch(`${base}/hooks/${webhook.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: big,
    });
    const tooLarge = { status: refused.status, body: await refused.json() } as ApiResponse;
    expect(tooLarge.status).toBe(413);
    expect(await entryFor(api, botId, webhook.id, tooLarge)).toMatchObject({ httpStatus: 413, body: null, bodyBytes: big.length });

    expect((await callHook(api, webhook.id, token, orderBody('c-2', 'Ada', 'K-1'), { 'idempotency-key': 'k-1' })).status).toBe(202);
    const reused = await callHook(api, webhook.id, token, orderBody('c-2', 'Eve', 'K-2'), { 'idempotency-key': 'k-1' });
    expectProblem(reused, 409, 'idempotency-key-reused');
    expect(await entryFor(api, botId, webhook.id, reused)).toMatchObject({
      httpStatus: 409,
      idempotencyKey: 'k-1',
      body: orderBody('c-2', 'Eve', 'K-2'),
    });

    for (const n of [3, 4]) expect((await callHook(api, webhook.id, token, orderBody(`c-${n}`))).status).toBe(202);
    const limited = await callHook(api, webhook.id, token, orderBody('c-5', 'Bo', 'R-5'));
    expectProblem(limited, 429, 'rate-limited');
    // Refused at the write: what evaluation found is kept, and nothing was queued.
    expect(await entryFor(api, botId, webhook.id, limited)).toMatchObject({
      httpStatus: 429,
      contact: 'c-5',
      variables: { customer_name: 'Bo', order_id: 'R-5' },
      body: orderBody('c-5', 'Bo', 'R-5'),
    });
    expectProblem(await api.get(`/v1/bots/${botId}/contacts/c-5/variables`), 404);

    const all = (await api.get(`/v1/bots/${botId}/webhooks/${webhook.id}/activity?limit=100`)).body.data;
    expect(all.filter((e: any) => e.outcome === 'accepted')).toHaveLength(3);
    expect(all.filter((e: any) => e.outcome === 'rejected').map((e: any) => e.httpStatus)).toEqual([429, 409, 413, 415, 400, 400]);
    // Each has an id of its own.
    expect(new Set(all.map((e: any) => e.requestId)).size).toBe(all.length);
  });

  it('records each refused call of a batch on its own, with its body', async () => {
    const { botId, webhook, tokens } = await setupInbound(api, { ...ORDER_BLOCK, batch: true });
    const bad = { contact_reference_id: 'c-b2', data: { name: 'Eve' } };
    const res = await callHook(api, webhook.id, tokens.production, [orderBody('c-b1'), bad]);
    expect(res.status, res.text).toBe(207);
    const [, refused] = res.body.results;
    expect(refused.status).toBe(400);
    await expect.poll(async () => (await rejected(api, botId, webhook.id)).length, POLL).toBe(1);
    const [entry] = await rejected(api, botId, webhook.id);
    expect(entry).toMatchObject({ httpStatus: 400, problem: refused.problem, body: bad, bodyBytes: JSON.stringify(bad).length });
    const accepted = (await api.get(`/v1/bots/${botId}/webhooks/${webhook.id}/activity?status=accepted`)).body.data;
    expect(accepted.map((e: any) => e.contact)).toEqual(['c-b1']);
    expect(entry.requestId).not.toBe(accepted[0].requestId);
  });

  it('records 422 (the block’s account deactivated) with the body', async () => {
    const { botId, webhook, tokens, accountId } = await setupInbound(api);
    await api.patch(`/v1/bots/${botId}/channels/${accountId}`, { active: false });
    const res = await callHook(api, webhook.id, tokens.production, orderBody('c-422'));
    expectProblem(res, 422, 'unprocessable');
    expect(await entryFor(api, botId, webhook.id, res)).toMatchObject({ httpStatus: 422, body: orderBody('c-422') });
  });

  it('records authentication failures (401, 403) as summaries: time, reason, address and user agent, no body or variables', async () => {
    const { botId, webhook, tokens } = await setupInbound(api);
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/hooks/${webhook.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'scanner/1.0', 'idempotency-key': 'k-x', ...headers },
        body: JSON.stringify(orderBody('c-secret', 'Secret name')),
      });
    const none = await post({});
    expect(none.status).toBe(401);
    const forged = await post({ authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' });
    expect(forged.status).toBe(401);
    await api.patch(`/v1/bots/${botId}/webhooks/${webhook.id}`, { enabled: false });
    const disabled = await post({ authorization: `Bearer ${tokens.production}` });
    expect(disabled.status).toBe(403);
    const answered = await Promise.all([none, forged, disabled].map(async (r) => (await r.json()) as Record<string, unknown>));

    await expect.poll(async () => (await rejected(api, botId, webhook.id)).length, POLL).toBe(3);
    const entries = (await rejected(api, botId, webhook.id)).reverse();
    expect(entries.map((e) => e.problem)).toEqual(answered);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        outcome: 'rejected',
        sourceIp: '127.0.0.1',
        userAgent: 'scanner/1.0',
        body: null,
        variables: {},
        contact: null,
        idempotencyKey: null,
        reply: null,
      });
      expect(Date.parse(entry.receivedAt)).not.toBeNaN();
      expect(JSON.stringify(entry)).not.toContain('Secret name');
    }
    expect(entries.map((e) => e.httpStatus)).toEqual([401, 401, 403]);
  });

  it('keeps only a summary of a call refused before its signature was checked, even a 413', async () => {
    const { botId, webhook } = await setupInbound(api, { ...ORDER_BLOCK, verification: { scheme: 'github', secret: 'a-secret-value' } });
    const big = JSON.stringify({ ...orderBody('c-big'), pad: 'x'.repeat(MAX_BODY) });
    const res = await callHookRaw(api, webhook.id, big, { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' });
    expectProblem(res, 413, 'payload-too-large');
    const unsigned = await callHookRaw(api, webhook.id, JSON.stringify(orderBody('c-secret', 'Secret name')), {
      'content-type': 'application/json',
      'x-hub-signature-256': 'sha256=00',
    });
    expectProblem(unsigned, 401, 'unauthorized');
    await expect.poll(async () => (await rejected(api, botId, webhook.id)).map((e) => e.httpStatus), POLL).toEqual([401, 413]);
    for (const entry of await rejected(api, botId, webhook.id)) {
      expect(entry).toMatchObject({ body: null, variables: {}, contact: null });
      expect(JSON.stringify(entry)).not.toContain('Secret name');
    }
  });

  it('records at most 20 authentication failures per webhook per minute, and says how many it left out', async () => {
    const { botId, webhook, tokens } = await setupInbound(api);
    const before = await suppressedCount(t);
    for (let n = 0; n < 26; n++) expectProblem(await callHook(api, webhook.id, 'forged', orderBody()), 401, 'unauthorized');
    await expect.poll(() => suppressedCount(t), POLL).toBe(before + 6);
    expect(await rejected(api, botId, webhook.id)).toHaveLength(20);
    // A refusal after authentication is not capped.
    const invalid = await callHook(api, webhook.id, tokens.production, { contact_reference_id: 'c-1' });
    expectProblem(invalid, 400, 'validation');
    await entryFor(api, botId, webhook.id, invalid);

    clock.advance(61_000);
    expectProblem(await callHook(api, webhook.id, 'forged', orderBody()), 401, 'unauthorized');
    await expect.poll(async () => (await rejected(api, botId, webhook.id)).length, POLL).toBe(22);
    const [newest] = await rejected(api, botId, webhook.id);
    expect(newest).toMatchObject({ httpStatus: 401, suppressed: 6 });
  });

  it('does not record calls to an unknown webhook', async () => {
    const before = await rejectionCounts(t);
    expectProblem(await callHook(api, 'wh_000000000000000000000', 'forged', orderBody()), 404, 'not-found');
    expectProblem(await callHook(api, 'not-an-id', 'forged', orderBody()), 404, 'not-found');
    // Nothing was even attempted: no webhook to attach it to.
    expect(await rejectionCounts(t)).toEqual(before);
  });

  it('shows a refused call live on the stream, with its field errors', async () => {
    const { botId, webhook, tokens } = await setupInbound(api);
    const client = await SseClient.open(`${base}/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`, {
      authorization: `Bearer ${await t.token()}`,
    });
    try {
      const res = await callHook(api, webhook.id, tokens.production, { contact_reference_id: 'c-live', data: {} });
      expectProblem(res, 400, 'validation');
      await expect.poll(() => client.events.filter((e: SseEvent) => e.event === 'activity').length, POLL).toBe(1);
      const entry = JSON.parse(client.events.find((e) => e.event === 'activity')!.data!);
      expect(entry).toMatchObject({
        outcome: 'rejected',
        httpStatus: 400,
        problem: res.body,
        body: { contact_reference_id: 'c-live', data: {} },
      });
      expect(entry).toEqual((await rejected(api, botId, webhook.id))[0]);
    } finally {
      client.close();
    }
  });
});
