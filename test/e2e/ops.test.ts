/**
 * Operations as an orchestrator and a scraper see them: a worker process serves /healthz, /readyz
 * and /metrics on HOOKGATE_OPS_PORT (it has no API listener), Node's default metrics keep their
 * standard names, /metrics may ask for a bearer token, and SIGTERM ends open live chat streams so
 * the drain exits 0 at once.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HttpApi } from '../helpers/api.ts';
import { createTestApp } from '../helpers/app.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { connectAccount, createBot } from '../helpers/scenario.ts';
import {
  aSecret,
  connectionError,
  freePort,
  killAllServices,
  mintAdminToken,
  spawnNode,
  startService,
  startWorkerProcess,
} from '../helpers/service-process.ts';
import { SseClient } from '../helpers/sse.ts';

afterEach(() => killAllServices());

const prefix = uniquePrefix();
afterAll(async () => {
  const client = await connectTestRedis();
  await deletePrefix(client, prefix);
  await client.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('a worker process (HOOKGATE_ROLE=worker)', () => {
  it('serves /healthz, /readyz and /metrics (behind HOOKGATE_METRICS_TOKEN) on HOOKGATE_OPS_PORT, and nothing on PORT', async () => {
    const opsPort = await freePort();
    const token = `scrape-${crypto.randomUUID()}`;
    const worker = await startWorkerProcess({
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: aSecret(),
      HOOKGATE_REDIS_PREFIX: prefix,
      HOOKGATE_OPS_PORT: String(opsPort),
      HOOKGATE_METRICS_TOKEN: token,
    });
    const ops = `http://127.0.0.1:${opsPort}`;
    expect(await get(`${ops}/healthz`)).toMatchObject({ status: 200, text: JSON.stringify({ status: 'ok' }) });
    const ready = await get(`${ops}/readyz`);
    expect(ready.status, ready.text).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', store: 'redis' });

    const refused = await get(`${ops}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get(`${ops}/metrics`, { authorization: 'Bearer not-the-token-0123' })).status).toBe(401);

    const metrics = await get(`${ops}/metrics`, { authorization: `Bearer ${token}` });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    // Node's defaults under the names stock dashboards query…
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(metrics.text).toMatch(new RegExp(`^${name} `, 'm'));
    }
    expect(metrics.text).not.toMatch(/hookgate_process_|hookgate_nodejs_/);
    // …beside Hookgate's own, the worker's queues included.
    expect(metrics.text).toMatch(/^hookgate_reply_queue_bots\{state="scheduled"\} \d+/m);
    expect(metrics.text).toContain('hookgate_store_up 1');

    // Only the operations endpoints: the API is not served there.
    const api = await get(`${ops}/v1/bots`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await connectionError(worker.baseUrl)).toBe('ECONNREFUSED');
    expect(worker.stdout()).not.toMatch(/hookgate listening/);
    expect(worker.stdout() + worker.stderr()).not.toContain(token);

    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(worker.stdout()).toContain('drained');
    expect(await connectionError(ops)).toMatch(/^(ECONNREFUSED|ECONNRESET)$/);
  }, 90_000);

  it('takes 9090 when HOOKGATE_OPS_PORT is not set, and stops with one line naming it when that port is taken', async () => {
    // Taken here, unless something on this machine holds it already: taken either way.
    const squatter = createServer();
    await new Promise<void>((resolve) => {
      squatter.once('error', () => resolve());
      squatter.listen(9090, '0.0.0.0', () => resolve());
    });
    try {
      const worker = spawnNode('src/main.ts', [], {
        PORT: String(await freePort()),
        HOOKGATE_ROLE: 'worker',
        REDIS_URL: TEST_REDIS_URL,
        HOOKGATE_SECRET: aSecret(),
        HOOKGATE_REDIS_PREFIX: prefix,
      });
      const exit = await worker.exited;
      expect(exit.code).toBe(1);
      const lines = worker.stderr().trim().split('\n');
      expect(lines, worker.stderr()).toHaveLength(1);
      expect(lines[0]).toContain('HOOKGATE_OPS_PORT 9090');
      expect(lines[0]).toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 90_000);
});

describe('an API process', () => {
  it('serves the operations port when set, logs each request, and on SIGTERM ends an open live chat stream and exits 0 at once', async () => {
    const opsPort = await freePort();
    const secret = aSecret();
    const service = await startService(
      { HOOKGATE_SECRET: secret, HOOKGATE_OPS_PORT: String(opsPort), HOOKGATE_LIVECHAT_HEARTBEAT_MS: '60000' },
      { timeoutMs: 60_000 },
    );
    const ops = `http://127.0.0.1:${opsPort}`;
    expect((await get(`${ops}/healthz`)).status).toBe(200);
    expect(JSON.parse((await get(`${ops}/readyz`)).text)).toEqual({ status: 'ready', store: 'memory' });
    expect((await get(`${ops}/metrics`)).text).toMatch(/^process_cpu_user_seconds_total /m);
    expect((await get(`${service.baseUrl}/metrics`)).text).toMatch(/^process_cpu_user_seconds_total /m);

    // A request with a secret in its query: logged by its route alone.
    const forged = `not-a-real-token-${crypto.randomUUID()}`;
    const refused = await fetch(`${service.baseUrl}/livechat/stream?token=${forged}`, { headers: { 'x-request-id': 'ops-log-1' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('ops-log-1');
    await refused.text();

    const api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
    const botId = await createBot(api);
    const accountId = await connectAccount(api, botId, 'site', 'livechat');
    const widget = await api.post(`/v1/bots/${botId}/channels/${accountId}/livechat-tokens`, { contact: 'visitor-1' });
    expect(widget.status, widget.text).toBe(201);
    const stream = await SseClient.open(`${service.baseUrl}/livechat/stream?token=${widget.body.token}`);
    expect(stream.status).toBe(200);
    await expect.poll(() => stream.events.some((e) => e.event === 'ready'), { timeout: 10_000 }).toBe(true);

    const signalled = Date.now();
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // The default drain timeout is 8 s; a stream held open would have run into it (and exit 1).
    expect(Date.now() - signalled).toBeLessThan(7000);
    expect(service.stdout()).toContain('drained');
    expect(service.stdout() + service.stderr()).not.toContain('drain timed out');
    stream.close();

    const lines = service
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const line = lines.find((l) => l.msg === 'request' && l.callerRequestId === 'ops-log-1');
    expect(line).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/livechat/stream',
      status: 401,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(typeof line.ms).toBe('number');
    expect(lines.filter((l) => l.msg === 'request' && l.route === '/v1/bots' && l.method === 'POST')).toHaveLength(1);
    expect(service.stdout()).not.toContain(forged);
    expect(service.stdout()).not.toContain(widget.body.token);
  }, 120_000);
});

describe('configuration', () => {
  it('defaults HOOKGATE_OPS_PORT to 9090 for a worker only, and refuses it equal to PORT on an API process', () => {
    expect(loadConfig({ HOOKGATE_ROLE: 'worker' }).opsPort).toBe(9090);
    expect(loadConfig({ HOOKGATE_ROLE: 'worker', HOOKGATE_OPS_PORT: '9400' }).opsPort).toBe(9400);
    expect(loadConfig({}).opsPort).toBeNull();
    expect(loadConfig({ HOOKGATE_ROLE: 'api', HOOKGATE_OPS_PORT: '9400' }).opsPort).toBe(9400);
    expect(() => loadConfig({ PORT: '9400', HOOKGATE_OPS_PORT: '9400' })).toThrow(/^invalid HOOKGATE_OPS_PORT/);
    expect(() => loadConfig({ HOOKGATE_OPS_PORT: '0' })).toThrow(/HOOKGATE_OPS_PORT/);
  });

  it('refuses a metrics token shorter than 16 characters, without echoing it', () => {
    expect(() => loadConfig({ HOOKGATE_METRICS_TOKEN: 'short-secret' })).toThrow(/^invalid HOOKGATE_METRICS_TOKEN/);
    try {
      loadConfig({ HOOKGATE_METRICS_TOKEN: 'short-secret' });
    } catch (err) {
      expect(String(err)).not.toContain('short-secret');
    }
  });

  it('drains within docker stop’s 10 s by default', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(8000);
  });
});

describe('/metrics with HOOKGATE_METRICS_TOKEN on the API port', () => {
  it('asks for the bearer token (401 problem+json) and answers it; the probes stay open', async () => {
    const token = `scrape-${crypto.randomUUID()}`;
    const t = await createTestApp({ store: 'memory', env: { HOOKGATE_METRICS_TOKEN: token } });
    try {
      const scrape = (headers: Record<string, string>) => t.app.request('/metrics', { headers });
      const wrong: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong-token-0123456789' },
        { authorization: `Bearer ${token}x` },
        { authorization: `Bearer ${token.slice(0, -1)}` },
        { authorization: token },
        { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` },
      ];
      for (const headers of wrong) {
        const res = await scrape(headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        const body = await res.text();
        expect(JSON.parse(body)).toMatchObject({ status: 401 });
        expect(body).not.toContain(token);
      }
      const ok = await scrape({ authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('hookgate_http_requests_total');
      // An orchestrator's probes carry no token.
      expect((await t.app.request('/healthz')).status).toBe(200);
      expect((await t.app.request('/readyz')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('serves /metrics to anyone without it', async () => {
    const t = await createTestApp({ store: 'memory' });
    try {
      expect((await t.app.request('/metrics')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
