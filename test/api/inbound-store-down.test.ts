import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { TEST_REDIS_URL } from '../helpers/redis.ts';
import { callHook, type InboundSetup, orderBody, setupInbound } from '../helpers/scenario.ts';

type ProxyMode =
  /** Forward everything. */
  | 'up'
  /** Drop every connection and refuse new ones. */
  | 'down'
  /** Cut the connection that sends the next EVALSHA before Redis sees it (the write never happens). */
  | 'cut-before-write'
  /** Let the next EVALSHA run, then cut the connection before its reply arrives (the write happened). */
  | 'cut-after-write'
  /** Keep connections open but pass nothing either way: a Redis that stopped answering. */
  | 'hang';

/** A TCP proxy in front of the real Redis that the test can break on purpose. */
class RedisProxy {
  mode: ProxyMode = 'up';
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    const target = new URL(TEST_REDIS_URL);
    this.server = createServer((client) => {
      if (this.mode === 'down') return void client.destroy();
      const upstream = connect(Number(target.port || 6379), target.hostname);
      this.track(client);
      this.track(upstream);
      let cutOnReply = false;
      const cut = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        if (this.mode === 'hang') return;
        if (chunk.includes('EVALSHA') && this.mode === 'cut-before-write') {
          this.mode = 'up';
          return cut();
        }
        if (chunk.includes('EVALSHA') && this.mode === 'cut-after-write') {
          this.mode = 'up';
          cutOnReply = true;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => (this.mode === 'hang' ? undefined : cutOnReply ? cut() : client.write(chunk)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  goDown(): void {
    this.mode = 'down';
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('inbound calls while the store is unreachable', () => {
  const proxy = new RedisProxy();
  let t: TestApp;
  let api: Api;
  let s: InboundSetup;

  beforeAll(async () => {
    t = await createTestApp({ env: { REDIS_URL: await proxy.listen() } });
    api = new Api(t.app, await t.token());
    s = await setupInbound(api);
    // Loads the inbound script into Redis, so the next EVALSHA is the write itself.
    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-warm-up'))).status).toBe(202);
  });
  afterAll(async () => {
    proxy.mode = 'up';
    await t.close();
    await proxy.close();
  });

  /** Waits until the service reaches Redis again. */
  const recovered = () => expect.poll(async () => (await api.get(`/v1/bots/${s.botId}`)).status, POLL).toBe(200);
  const activity = async () =>
    (await api.get(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/activity?limit=100`)).body.data as {
      requestId: string;
      contact: string;
    }[];

  it('answers 503 with Retry-After while Redis is down, and 202 again once it is back', async () => {
    proxy.goDown();
    // A call written just as the connections drop is outcome-unknown; once the client knows it is
    // disconnected, calls are refused before anything is sent.
    const res = await vi.waitFor(async () => {
      const refused = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-down'));
      expect(refused.body.type).toMatch(/store-unavailable$/);
      return refused;
    }, POLL);
    expectProblem(res, 503, 'store-unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.text).not.toMatch(/redis|ECONN|127\.0\.0\.1/i);

    proxy.mode = 'up';
    await recovered();
    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-down'))).status).toBe(202);
  });

  it('answers 503 when Redis stops answering without closing the connection, and recovers', async () => {
    proxy.mode = 'hang';
    const started = Date.now();
    const res = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-hang'));
    // The write went out and no answer came: Redis may run it when it resumes.
    expectProblem(res, 503, 'outcome-unknown');
    expect(res.headers.get('retry-after')).toBe('1');
    // Detected by the connection's idle timeout (5 s; pings keep a healthy one busy), not by waiting forever.
    expect(Date.now() - started).toBeLessThan(15_000);
    proxy.mode = 'up';
    await recovered();
    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-after-hang'))).status).toBe(202);
  }, 40_000);

  it('says the outcome is unknown when the connection drops after the write was sent, even if it never reached Redis', async () => {
    await recovered();
    const before = await activity();
    proxy.mode = 'cut-before-write';
    const key = { 'idempotency-key': 'cut-before' };
    const res = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-cut-before', 'Ada', 'CB-1'), key);
    // The client wrote it: from here it cannot tell this from a write that Redis ran.
    expectProblem(res, 503, 'outcome-unknown');
    expect(res.body.requestId).toMatch(/^req_/);
    expect(res.headers.get('retry-after')).not.toBeNull();

    await recovered();
    expect(await activity()).toEqual(before);
    expectProblem(await api.get(`/v1/bots/${s.botId}/contacts/c-cut-before/variables`), 404);
    const events = (await api.get(`/v1/bots/${s.botId}/events?limit=100`)).body.data;
    expect(events.filter((e: any) => e.data.contact === 'c-cut-before')).toEqual([]);

    const retry = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-cut-before', 'Ada', 'CB-1'), key);
    expect(retry.status, retry.text).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect((await activity()).filter((a) => a.contact === 'c-cut-before')).toHaveLength(1);
  });

  it('replays, never doubles, a call whose 503 came after the write, when retried with its Idempotency-Key', async () => {
    await recovered();
    proxy.mode = 'cut-after-write';
    const key = { 'idempotency-key': 'cut-after' };
    const res = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-cut-after', 'Bo', 'CA-1'), key);
    expectProblem(res, 503, 'outcome-unknown');
    expect(res.headers.get('retry-after')).toBe('1');

    await recovered();
    // The write was whole: variables, activity and event are all there, once.
    const vars = await api.get(`/v1/bots/${s.botId}/contacts/c-cut-after/variables`);
    expect(vars.body.variables).toEqual({ customer_name: 'Bo', order_id: 'CA-1' });
    const written = (await activity()).filter((a) => a.contact === 'c-cut-after');
    expect(written).toHaveLength(1);
    // The problem named the request id the call was stored under.
    expect(written[0]!.requestId).toBe(res.body.requestId);

    const retry = await callHook(api, s.webhook.id, s.tokens.production, orderBody('c-cut-after', 'Bo', 'CA-1'), key);
    expect(retry.status, retry.text).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.requestId).toBe(written[0]!.requestId);
    expect((await activity()).filter((a) => a.contact === 'c-cut-after')).toHaveLength(1);
    const received = (await api.get(`/v1/bots/${s.botId}/events?limit=100`)).body.data.filter(
      (e: any) => e.type === 'webhook.received' && e.data.contact === 'c-cut-after',
    );
    expect(received).toHaveLength(1);
  });
});
