import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { callHook, orderBody, setupInbound } from '../helpers/scenario.ts';
import { SseClient, type SseEvent } from '../helpers/sse.ts';

/** The activity messages a client received, parsed. */
function activity(client: SseClient): { id: string; entry: any }[] {
  return client.events.filter((e: SseEvent) => e.event === 'activity').map((e) => ({ id: e.id!, entry: JSON.parse(e.data!) }));
}

/** The states one call went through, as the stream told them: `accepted:queued`, `accepted:sending`, … */
function statesOf(client: SseClient, requestId: string): string[] {
  return activity(client)
    .filter((m) => m.entry.requestId === requestId)
    .map((m) => `${m.entry.outcome}:${m.entry.reply?.status ?? '-'}`);
}

describe.each(['redis', 'memory'] as const)('GET …/activity/stream (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let base: string;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ store, env: { HOOKGATE_LIVECHAT_HEARTBEAT_MS: '300' } });
    api = t.api;
    base = await t.listen();
    t.startWorkers();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  async function open(path: string, headers: Record<string, string> = {}, token?: string | null): Promise<SseClient> {
    const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token ?? (await t.token())}` };
    const client = await SseClient.open(`${base}${path}`, { ...auth, ...headers });
    clients.push(client);
    return client;
  }

  it('sends each call as it is decided, then each state of its reply, in order, each as GET …/activity shows it', async () => {
    const { botId, webhook, tokens } = await setupInbound(api);
    const path = `/v1/bots/${botId}/webhooks/${webhook.id}/activity`;
    const client = await open(`${path}/stream`);
    expect(client.status).toBe(200);
    // Over a real socket, so the entry has the caller's address and user agent.
    const call = await fetch(`${base}/hooks/${webhook.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.production}`, 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify(orderBody('c-1', 'Ada', 'A-1')),
    });
    expect(call.status).toBe(202);
    const { requestId } = (await call.json()) as { requestId: string };
    await expect.poll(() => statesOf(client, requestId), POLL).toEqual(['accepted:queued', 'accepted:sending', 'accepted:sent']);

    const messages = activity(client);
    expect(messages.every((m) => m.entry.webhookId === webhook.id)).toBe(true);
    const [decided] = messages;
    expect(decided!.entry).toMatchObject({
      requestId,
      outcome: 'accepted',
      httpStatus: 202,
      problem: null,
      sourceIp: '127.0.0.1',
      userAgent: 'curl/8.5.0',
      contact: 'c-1',
      variables: { customer_name: 'Ada', order_id: 'A-1' },
      body: orderBody('c-1', 'Ada', 'A-1'),
    });
    // The last message is the entry exactly as the list shows it now.
    const listed = (await api.get(path)).body.data;
    expect(listed).toHaveLength(1);
    expect(messages.at(-1)!.entry).toEqual(listed[0]);
    // Ids increase: they are positions in one stream.
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts with what happens from now on, and resumes after Last-Event-ID with nothing lost or repeated', async () => {
    const { botId, webhook, tokens } = await setupInbound(api);
    const stream = `/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`;
    const before = await callHook(api, webhook.id, tokens.production, orderBody('c-0'));
    await expect.poll(async () => (await api.get(`${stream.replace('/stream', '')}`)).body.data[0].reply.status, POLL).toBe('sent');

    const witness = await open(stream);
    const reader = await open(stream);
    const first = await callHook(api, webhook.id, tokens.production, orderBody('c-1'));
    await expect.poll(() => statesOf(reader, first.body.requestId), POLL).toContain('accepted:sent');
    reader.close();
    const seen = activity(reader);

    const later: string[] = [];
    for (const contact of ['c-2', 'c-3'])
      later.push((await callHook(api, webhook.id, tokens.production, orderBody(contact))).body.requestId);
    await expect.poll(() => later.map((id) => statesOf(witness, id).at(-1)), POLL).toEqual(['accepted:sent', 'accepted:sent']);

    const resumed = await open(stream, { 'last-event-id': seen.at(-1)!.id });
    const all = activity(witness);
    await expect.poll(() => activity(resumed).length, POLL).toBe(all.length - seen.length);
    // Together, the two connections saw exactly what the one that stayed saw, in the same order.
    expect([...seen, ...activity(resumed)]).toEqual(all);
    expect(all.some((m) => m.entry.requestId === before.body.requestId)).toBe(false);
  });

  it('refuses a Last-Event-ID it never sent, and keeps the stream alive with heartbeats', async () => {
    const { botId, webhook } = await setupInbound(api);
    const stream = `/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`;
    const bad = await open(stream, { 'last-event-id': 'not-an-id' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.events[0]!.data!)).toMatchObject({ status: 400, type: 'https://hookgate.dev/problems/bad-request' });
    const idle = await open(stream);
    await expect.poll(() => idle.events.filter((e) => e.comment === 'heartbeat').length, POLL).toBeGreaterThan(1);
  });

  it('needs an admin token: none is 401, read scope is enough, another workspace’s bot is 404', async () => {
    const { botId, webhook } = await setupInbound(api);
    const stream = `/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`;
    expect((await open(stream, {}, null)).status).toBe(401);
    expect((await open(stream, {}, 'not-a-jwt')).status).toBe(401);
    const read = await open(stream, {}, await t.token('ws1', 'read'));
    expect(read.status).toBe(200);
    const other = await open(stream, {}, await t.token('ws2'));
    expect(other.status).toBe(404);
    expect(JSON.parse(other.events[0]!.data!)).toMatchObject({ status: 404 });
    expect((await open(`/v1/bots/${botId}/webhooks/wh_000000000000000000000/activity/stream`)).status).toBe(404);
  });

  // Last: the service refuses to keep streams open from then on.
  it('ends open streams when the service shuts down', async () => {
    const { botId, webhook } = await setupInbound(api);
    const res = await fetch(`${base}/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`, {
      headers: { authorization: `Bearer ${await t.token()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    await reader.read(); // the opening comment
    t.services.streams.closeAll();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
