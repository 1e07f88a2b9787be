/**
 * Redis hangs (SIGSTOP) while calls keep arriving. A connection that goes quiet is dropped after
 * 5 s without an answer — but a socket's idle timeout counts writes as activity, so with calls
 * still being written the quiet is never noticed by the timeout alone: every caller then waits for
 * as long as the hang lasts. Calls made during a hang must be answered 503 within seconds, while
 * Redis is still hung, however steady the traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, HttpApi } from '../helpers/api.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { callHook, GREETING_BLOCK, type InboundSetup, setupInbound } from '../helpers/scenario.ts';
import { aSecret, killAllServices, mintAdminToken, type ServiceProcess, startService } from '../helpers/service-process.ts';

const HANG_MS = 20_000;
const EVERY_MS = 100;

describe.skipIf(!hasRedisServer)('when Redis hangs while calls keep arriving', () => {
  const secret = aSecret();
  let redis: PrivateRedis;
  let service: ServiceProcess;
  let api: HttpApi;
  let block: InboundSetup;
  let resumed = true;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    service = await startService({ REDIS_URL: redis.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hghangload' });
    api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
    block = await setupInbound(api, GREETING_BLOCK);
    const warm = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-warm', data: { name: 'warm' } });
    expect(warm.status, warm.text).toBe(202);
  }, 60_000);

  afterAll(async () => {
    if (redis && !resumed) redis.signal('SIGCONT');
    await killAllServices();
    await redis?.close();
  });

  it('answers calls made during the hang 503 within seconds, before Redis resumes', async () => {
    // A call with no answer within the client's 20 s is kept with `res: null`.
    const answers: { startedAt: number; endedAt: number; res: Awaited<ReturnType<typeof callHook>> | null }[] = [];
    const inFlight: Promise<void>[] = [];
    let stop = false;
    const traffic = (async () => {
      for (let n = 0; !stop; n++) {
        const startedAt = Date.now();
        inFlight.push(
          callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: `c-${n % 10}`, data: { name: `n${n}` } }).then(
            (res) => {
              answers.push({ startedAt, endedAt: Date.now(), res });
            },
            () => {
              answers.push({ startedAt, endedAt: Date.now(), res: null });
            },
          ),
        );
        await sleep(EVERY_MS);
      }
    })();
    await sleep(1000);
    redis.signal('SIGSTOP');
    resumed = false;
    const hungAt = Date.now();
    await sleep(HANG_MS);
    const resumedAt = Date.now();
    redis.signal('SIGCONT');
    resumed = true;
    stop = true;
    await traffic;
    await Promise.all(inFlight);

    // Calls made in the hang's first two seconds: each answered 503 before Redis resumed (18 s later).
    const early = answers.filter((a) => a.startedAt >= hungAt && a.startedAt < hungAt + 2000);
    expect(early.length).toBeGreaterThan(5);
    const late = early.filter((a) => a.res === null || a.endedAt >= resumedAt);
    expect(late.map((a) => `${a.res?.status ?? 'no answer'} after ${a.endedAt - a.startedAt} ms`)).toEqual([]);
    for (const { res } of early) {
      if (res === null) continue;
      expectProblem(res, 503);
      expect(['outcome-unknown', 'store-unavailable']).toContain(String(res.body.type).replace(/.*\//, ''));
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);
    const after = await callHook(api, block.webhook.id, block.tokens.production, {
      contact_reference_id: 'c-after',
      data: { name: 'after' },
    });
    expect(after.status, after.text).toBe(202);
    expect(service.child.exitCode).toBeNull();
  }, 90_000);
});
