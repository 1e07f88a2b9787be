/**
 * Redis hangs (SIGSTOP) under a running service: writes already sent cannot be answered, and Redis
 * may still run them when it resumes. Those calls are answered `outcome-unknown` with the request
 * id they may be stored under; calls refused while the client knows it is disconnected are
 * `store-unavailable` (nothing sent). Retrying an unknown call with its Idempotency-Key after the
 * hang never stores it twice.
 *
 * A keyed call reads its key before it writes; to hang Redis with the write itself in flight (not
 * that read), writes are paused first (`CLIENT PAUSE … WRITE`: reads still answer), then Redis is
 * stopped so that nothing answers at all.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiResponse, expectProblem, HttpApi } from '../helpers/api.ts';
import { POLL } from '../helpers/clock.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { callHook, GREETING_BLOCK, type InboundSetup, setupInbound } from '../helpers/scenario.ts';
import { aSecret, killAllServices, mintAdminToken, type ServiceProcess, startService } from '../helpers/service-process.ts';

const IN_FLIGHT = 6;

describe.skipIf(!hasRedisServer)('when Redis hangs with writes in flight', () => {
  const secret = aSecret();
  let redis: PrivateRedis;
  let service: ServiceProcess;
  let api: HttpApi;
  let block: InboundSetup;
  let resumed = false;

  beforeAll(async () => {
    redis = await startPrivateRedis({ persistent: true });
    // The API alone: a worker's polls write on the same connection, and one landing between the pause
    // and the calls' writes would hold their reads back (every call then store-unavailable).
    service = await startService({ REDIS_URL: redis.url, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: 'hghang', HOOKGATE_ROLE: 'api' });
    api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
    block = await setupInbound(api, GREETING_BLOCK);
    const warm = await call('warm', 'key-warm');
    expect(warm.status, warm.text).toBe(202);
  }, 60_000);

  afterAll(async () => {
    if (redis && !resumed) redis.signal('SIGCONT');
    await killAllServices();
    await redis?.close();
  });

  const call = (name: string, key: string) =>
    callHook(
      api,
      block.webhook.id,
      block.tokens.production,
      { contact_reference_id: `c-${name}`, data: { name } },
      { 'idempotency-key': key },
    );
  const cli = (...args: string[]) => {
    const out = spawnSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8', timeout: 5000 });
    expect(out.stdout.trim(), out.stderr).toBe('OK');
  };
  const activity = async () =>
    (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity?limit=100`)).body.data as any[];

  it('answers in-flight writes outcome-unknown, refused ones store-unavailable, and a keyed retry stores each once', async () => {
    cli('CLIENT', 'PAUSE', '60000', 'WRITE');
    const names = Array.from({ length: IN_FLIGHT }, (_, i) => `hung-${i}`);
    const answers = Promise.all(names.map((name) => call(name, `key-${name}`)));
    // Give the calls time to read their keys and send their writes, then let nothing answer.
    await new Promise((resolve) => setTimeout(resolve, 500));
    redis.signal('SIGSTOP');
    const inFlight = await answers;
    const types = inFlight.map((res) => String(res.body.type).replace(/.*\//, ''));
    // Every write sent is unknown; a call whose read queued behind a paused write sent nothing.
    expect(types).toContain('outcome-unknown');
    for (const res of inFlight) {
      expectProblem(res, 503);
      expect(['outcome-unknown', 'store-unavailable']).toContain(String(res.body.type).replace(/.*\//, ''));
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      if (res.body.type.endsWith('outcome-unknown')) expect(res.body.requestId).toMatch(/^req_/);
    }

    // The connection is gone and the reconnect cannot finish: refused at once, nothing sent.
    const started = performance.now();
    const refused: ApiResponse = await call('refused', 'key-refused');
    expectProblem(refused, 503, 'store-unavailable');
    expect(refused.body.requestId).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);

    redis.signal('SIGCONT');
    resumed = true;
    cli('CLIENT', 'UNPAUSE');
    await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);

    // Each unknown call retried with its key: a replay of the stored call, or stored now, never twice.
    const retried = await Promise.all(
      names.map((name) =>
        vi.waitFor(async () => {
          const res = await call(name, `key-${name}`);
          expect(res.status, res.text).toBe(202);
          return res;
        }, POLL),
      ),
    );
    retried.forEach((res, i) => {
      if (res.headers.get('idempotent-replayed') === 'true') {
        expect(types[i], 'only a call whose write was sent can have been stored').toBe('outcome-unknown');
        expect(res.body.requestId).toBe(inFlight[i]!.body.requestId);
      }
    });
    const entries = await activity();
    for (const name of names) {
      expect(
        entries.filter((a) => a.variables.customer_name === name),
        name,
      ).toHaveLength(1);
    }
    expect(entries.map((a) => a.variables.customer_name)).not.toContain('refused');
    const stored = entries.map((a) => a.requestId);
    for (const res of retried) expect(stored).toContain(res.body.requestId);
    const replayed = retried.filter((res) => res.headers.get('idempotent-replayed') === 'true').length;
    console.info(`redis hang: ${types.filter((t) => t === 'outcome-unknown').length} outcome-unknown, ${replayed} of them stored`);
    expect(service.child.exitCode).toBeNull();
  }, 60_000);

  it('a plain hang: what Redis runs after it resumes was answered outcome-unknown, under the request id given', async () => {
    await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);
    resumed = false;
    redis.signal('SIGSTOP');
    const names = Array.from({ length: IN_FLIGHT }, (_, i) => `plain-${i}`);
    // No Idempotency-Key: no read first, the write itself is what hangs.
    const answers = await Promise.all(
      names.map((name) => callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: `c-${name}`, data: { name } })),
    );
    redis.signal('SIGCONT');
    resumed = true;
    await expect.poll(async () => (await api.get('/readyz')).status, POLL).toBe(200);

    const unknown = new Map<string, string>();
    answers.forEach((res, i) => {
      expectProblem(res, 503);
      if (String(res.body.type).endsWith('outcome-unknown')) unknown.set(names[i]!, res.body.requestId);
    });
    expect(unknown.size).toBeGreaterThan(0);
    // Any of them Redis ran late is in the activity under the id its 503 named, and only those.
    const stored = (await activity()).filter((a) => String(a.variables.customer_name).startsWith('plain-'));
    for (const entry of stored) expect(entry.requestId).toBe(unknown.get(entry.variables.customer_name));
    console.info(`plain redis hang: ${unknown.size} outcome-unknown, ${stored.length} of them stored`);
  }, 60_000);
});
