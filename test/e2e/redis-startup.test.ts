/**
 * The service starts before its Redis: it listens at once, says it is alive but not ready, answers
 * every store-bound route 503 with Retry-After, and connects on its own once Redis comes, with its
 * workers waiting instead of crashing. (A REDIS_URL it cannot use at all stops start-up: shutdown.test.ts.)
 * With Redis there, a start logs no warning or error.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectProblem, HttpApi } from '../helpers/api.ts';
import { POLL } from '../helpers/clock.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { callHook, GREETING_BLOCK, setupInbound } from '../helpers/scenario.ts';
import {
  aSecret,
  killAllServices,
  mintAdminToken,
  type ServiceProcess,
  startService,
  startWorkerProcess,
} from '../helpers/service-process.ts';

describe.skipIf(!hasRedisServer)('when Redis is not there at start-up', () => {
  const secret = aSecret();
  let redis: PrivateRedis;
  let service: ServiceProcess;
  let api: HttpApi;

  beforeAll(async () => {
    // A port of our own that nothing listens on until the test starts Redis there.
    redis = await startPrivateRedis();
    await redis.stop('SIGKILL');
    service = await startService({ REDIS_URL: redis.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hgstartup' });
    api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
  }, 60_000);

  afterAll(async () => {
    await killAllServices();
    await redis?.close();
  });

  it('listens, answers 503 with Retry-After until Redis comes, then connects and serves', async () => {
    expect((await api.get('/healthz')).status).toBe(200);
    const ready = await api.get('/readyz');
    expectProblem(ready, 503, 'store-unavailable');
    expect(Number(ready.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const listed = await api.get('/v1/bots');
    expectProblem(listed, 503, 'store-unavailable');
    expect(listed.headers.get('retry-after')).toMatch(/^\d+$/);
    expectProblem(await api.post('/v1/bots', { name: 'too early' }), 503, 'store-unavailable');
    const inbound = await fetch(`${service.baseUrl}/hooks/wh_unknown`, {
      method: 'POST',
      headers: { authorization: 'Bearer whatever', 'content-type': 'application/json' },
      body: JSON.stringify({ contact_reference_id: 'c-1' }),
    });
    expect(inbound.status).not.toBe(202);
    expect(inbound.status).toBeLessThan(504);

    await redis.start();
    await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);
    const block = await setupInbound(api, GREETING_BLOCK);
    const accepted = await callHook(api, block.webhook.id, block.tokens.production, {
      contact_reference_id: 'c-1',
      data: { name: 'late' },
    });
    expect(accepted.status, accepted.text).toBe(202);
    // The worker in the same process waited for the store and now delivers the reply.
    await vi.waitFor(async () => {
      const messages = await api.get(`/v1/bots/${block.botId}/channels/${block.accountId}/messages`);
      expect((messages.body.data as any[]).map((m) => m.text)).toContain('Hi late');
    }, POLL);
    expect(service.child.exitCode).toBeNull();
    expect(service.stderr()).not.toMatch(/unhandled|TypeError/i);
  }, 60_000);

  it('a worker-only process started before Redis waits for it, then delivers', async () => {
    const late = await startPrivateRedis();
    await late.stop('SIGKILL');
    try {
      const env = { REDIS_URL: late.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hgstartupw' };
      const worker = await startWorkerProcess(env);
      const front = await startService({ ...env, HOOKGATE_ROLE: 'api' });
      const frontApi = await HttpApi.connect(front.baseUrl, await mintAdminToken(secret));
      expectProblem(await frontApi.get('/readyz'), 503, 'store-unavailable');

      await late.start();
      await expect.poll(async () => (await frontApi.get('/readyz')).status, POLL).toBe(200);
      const block = await setupInbound(frontApi, GREETING_BLOCK);
      const body = { contact_reference_id: 'c-2', data: { name: 'worker' } };
      expect((await callHook(frontApi, block.webhook.id, block.tokens.production, body)).status).toBe(202);
      await vi.waitFor(async () => {
        const messages = await frontApi.get(`/v1/bots/${block.botId}/channels/${block.accountId}/messages`);
        expect((messages.body.data as any[]).map((m) => m.text)).toContain('Hi worker');
      }, POLL);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await late.close();
    }
  }, 60_000);
});

describe('when Redis is there at start-up', () => {
  const prefix = uniquePrefix();
  afterAll(async () => {
    await killAllServices();
    const redis = await connectTestRedis();
    await deletePrefix(redis, prefix);
    await redis.close();
  });

  it('starts the API and its workers without a warning or an error in the log', async () => {
    const service = await startService({
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: aSecret(),
      HOOKGATE_REDIS_PREFIX: prefix,
      LOG_LEVEL: 'info',
    });
    await service.waitForOutput(/hookgate listening/);
    // The workers' first claims, reconciles and sweep run within this.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lines = service
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.map((l) => l.msg)).toContain('hookgate listening');
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  }, 60_000);
});
