/**
 * Redis goes away under a running service and comes back: callers get a clean 503 they can retry,
 * nothing is half-written, and the same process recovers on its own. Each test that needs an
 * outage makes its own and leaves Redis running.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiResponse, expectProblem, HttpApi } from '../helpers/api.ts';
import { POLL } from '../helpers/clock.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { callHook, GREETING_BLOCK, type InboundSetup, setupInbound } from '../helpers/scenario.ts';
import { aSecret, killAllServices, mintAdminToken, type ServiceProcess, startService } from '../helpers/service-process.ts';

describe.skipIf(!hasRedisServer)('when Redis is unreachable', () => {
  const secret = aSecret();
  let redis: PrivateRedis;
  let service: ServiceProcess;
  let api: HttpApi;
  let block: InboundSetup;
  /** A call accepted before any outage. */
  let before: ApiResponse;

  beforeAll(async () => {
    // AOF with fsync on every write: what was stored before the outage is there after it.
    redis = await startPrivateRedis({ persistent: true });
    service = await startService({ REDIS_URL: redis.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hgoutage' });
    api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
    block = await setupInbound(api, GREETING_BLOCK);
    // Settled before any outage: a lane claimed at the very instant Redis dies waits out its lease
    // (60 s), which is crash recovery, not what this suite is about.
    before = await call('before');
    expect(before.status, before.text).toBe(202);
    await vi.waitFor(async () => expect(await sandboxTexts()).toContain('Hi before'), POLL);
  }, 60_000);

  afterAll(async () => {
    await killAllServices();
    await redis?.close();
  });

  const call = (name: string) => callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-1', data: { name } });
  const sandboxTexts = async () =>
    ((await api.get(`/v1/bots/${block.botId}/channels/${block.accountId}/messages`)).body.data as any[]).map((m) => m.text as string);
  const activity = async () =>
    (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity?limit=100`)).body.data as any[];

  /** Kills Redis and resolves with the /readyz answer once the service reports the outage. */
  const outage = async (): Promise<ApiResponse> => {
    await redis.stop('SIGKILL');
    return vi.waitFor(async () => {
      const res = await api.get('/readyz');
      expect(res.status, '/readyz reporting the outage').toBe(503);
      return res;
    }, POLL);
  };

  it('accepts calls while Redis is up', async () => {
    expect(before.status, before.text).toBe(202);
    expect((await api.get('/readyz')).body).toEqual({ status: 'ready', store: 'redis' });
    await expect.poll(sandboxTexts, POLL).toContain('Hi before');
  });

  it('answers 503 problem+json with Retry-After, on inbound calls, the admin API and /readyz', async () => {
    try {
      const ready = await outage();
      expectProblem(ready, 503, 'store-unavailable');
      expect(ready.headers.get('retry-after')).toMatch(/^\d+$/);

      const inbound = await call('during');
      expectProblem(inbound, 503, 'store-unavailable');
      expect(Number(inbound.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      expectProblem(await api.get(`/v1/bots/${block.botId}`), 503, 'store-unavailable');
      // The process is still alive and says so.
      expect((await api.get('/healthz')).status).toBe(200);
    } finally {
      await redis.start();
      await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);
    }
  }, 40_000);

  it('recovers without a restart once Redis is back, and the refused call left nothing behind', async () => {
    await outage();
    expectProblem(await call('during'), 503, 'store-unavailable');
    await redis.start();
    const accepted = await vi.waitFor(
      async () => {
        const res = await call('after');
        expect(res.status, 'an inbound call after Redis restarted').toBe(202);
        return res.body;
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(accepted.variables).toEqual({ customer_name: 'after' });
    expect((await api.get('/readyz')).status).toBe(200);

    const entries = await activity();
    expect(entries.map((a) => a.requestId)).toEqual([accepted.requestId, before.body.requestId]);
    expect(entries.map((a) => a.variables.customer_name)).not.toContain('during');
    const variables = await api.get(`/v1/bots/${block.botId}/contacts/c-1/variables`);
    expect(variables.body.variables).toEqual({ customer_name: 'after' });

    // The reply worker in the same process picked up again.
    const texts = await vi.waitFor(async () => {
      const all = await sandboxTexts();
      expect(all, 'the reply to the call after the outage').toContain('Hi after');
      return all;
    }, POLL);
    expect(texts).toEqual(['Hi after', 'Hi before']);
    expect(service.child.exitCode).toBeNull();
  }, 40_000);
});
