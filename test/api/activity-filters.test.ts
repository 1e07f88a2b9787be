import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { type FakeProvider, type ProviderGate, startFakeReceiver, startProviderGate } from '../helpers/fakes/index.ts';
import { callHook, connectAccount, createBlock, createBot, ORDER_BLOCK, orderBody } from '../helpers/scenario.ts';

/**
 * One webhook whose calls end in every state: replies sent, failed, held while being sent,
 * retrying, queued behind a retrying one; and refused calls. Its replies go to an `http` account
 * whose endpoint (a fake behind a gate) the test scripts.
 */
describe.each(['redis', 'memory'] as const)('GET …/activity?status= (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let fake: FakeProvider;
  let gate: ProviderGate;
  let path: string;
  let webhookId: string;
  let token: string;
  const ids: Record<string, string> = {};

  const list = async (query: string): Promise<any[]> => {
    const res = await api.get(`${path}?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };
  const requestIds = async (query: string) => (await list(query)).map((e) => e.requestId);
  /** Waits (in a hook, where expect.poll cannot) until `read()` gives `value`. */
  const until = (read: () => unknown, value: unknown) =>
    vi.waitFor(async () => {
      expect(await read()).toEqual(value);
    }, POLL);
  const replyState = async (requestId: string) => (await list('limit=100')).find((e) => e.requestId === requestId)?.reply?.status;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = t.api;
    fake = await startFakeReceiver();
    gate = await startProviderGate(fake);
    const botId = await createBot(api);
    await connectAccount(api, botId, 'crm', 'http', { config: { url: `${gate.origin}/replies` } });
    const block = await createBlock(api, botId, { ...ORDER_BLOCK, channel: 'http', account: 'crm' });
    path = `/v1/bots/${botId}/webhooks/${block.id}/activity`;
    webhookId = block.id;
    token = block.tokens.production;
    const call = async (name: string, contact: string) => {
      const res = await callHook(api, block.id, token, orderBody(contact, name));
      expect(res.status, res.text).toBe(202);
      ids[name] = res.body.requestId;
    };
    t.startWorkers();

    await call('sent', 'c-sent');
    await until(() => replyState(ids.sent!), 'sent');
    fake.respondWith([{ status: 400, body: { error: 'no such recipient' } }]);
    await call('failed', 'c-failed');
    await until(() => replyState(ids.failed!), 'failed');
    // Held, then answered 503 (and so are its retries): `sending`, then `retrying`.
    fake.respondWith(Array.from({ length: 20 }, () => ({ status: 503 })));
    gate.holdNext(1);
    await call('sending', 'c-sending');
    await until(() => gate.pending(), 1);
    expect(await replyState(ids.sending!)).toBe('sending');

    const refused = await callHook(api, block.id, token, { contact_reference_id: 'c-refused', data: {} });
    expectProblem(refused, 400, 'validation');
    await until(async () => (await list('status=rejected')).length, 1);
    ids.rejected = (await list('status=rejected'))[0].requestId;
  });
  afterAll(async () => {
    gate.release();
    await t.close();
    await gate.close();
    await fake.close();
  });

  it('filters by outcome and by each reply state, alone or comma-separated, newest first', async () => {
    // A held send is `sending`; once answered with 503s the reply is `retrying`, and a second call to the
    // same contact waits `queued` behind it.
    expect(await requestIds('status=sending')).toEqual([ids.sending]);
    gate.release();
    await expect.poll(() => replyState(ids.sending!), POLL).toBe('retrying');

    expect(await requestIds('status=accepted')).toEqual([ids.sending, ids.failed, ids.sent]);
    expect(await requestIds('status=rejected')).toEqual([ids.rejected]);
    expect(await requestIds('status=sent')).toEqual([ids.sent]);
    expect(await requestIds('status=failed')).toEqual([ids.failed]);
    await expect.poll(() => requestIds('status=retrying'), POLL).toEqual([ids.sending]);
    expect(await requestIds('status=failed,rejected')).toEqual([ids.rejected, ids.failed]);
    expect(await requestIds('status=sent,failed,retrying')).toEqual([ids.sending, ids.failed, ids.sent]);
    // Each entry is shown whole, as without a filter.
    const [failed] = await list('status=failed');
    expect(failed).toMatchObject({
      outcome: 'accepted',
      httpStatus: 202,
      problem: null,
      reply: { status: 'failed', error: expect.any(Object) },
    });
  });

  it('finds a reply queued behind a retrying one', async () => {
    await expect.poll(() => replyState(ids.sending!), POLL).toBe('retrying');
    const res = await callHook(api, webhookId, token, orderBody('c-sending', 'Next'));
    expect(res.status).toBe(202);
    // Its lane's head is retrying: it waits, queued.
    await expect.poll(() => requestIds('status=queued'), POLL).toEqual([res.body.requestId]);
    expect(await requestIds('status=queued,retrying')).toEqual([res.body.requestId, ids.sending]);
  });

  it('refuses a status it does not know with 400 and the field error, never ignoring it', async () => {
    for (const bad of ['bogus', 'accepted,bogus', '', 'SENT', 'sent,', 'delivered']) {
      const res = await api.get(`${path}?status=${encodeURIComponent(bad)}`);
      expectProblem(res, 400, 'validation');
      expect(res.body.errors).toEqual([{ path: 'status', message: expect.stringContaining('accepted, rejected, queued') }]);
    }
  });

  it('pages through a filtered list with its cursor', async () => {
    const all = await requestIds('status=accepted&limit=100');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: any[]; nextCursor: string | null } } = await api.get(
        `${path}?status=accepted&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.body.data.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.data.map((e: any) => e.requestId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(seen).not.toContain(ids.rejected);
    expectProblem(await api.get(`${path}?status=accepted&cursor=not-a-cursor`), 400);
  });
});
