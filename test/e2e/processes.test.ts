/**
 * All cores of a host: HOOKGATE_API_PROCESSES API processes and HOOKGATE_WORKER_PROCESSES worker
 * processes under one primary (node:cluster), as real processes on real Redis and a real port.
 * Both API processes answer on the one port, replies go out through the worker processes, /metrics
 * adds every process up, a killed process is replaced, and SIGTERM during a load of calls drains
 * them all: every call answered 202 is stored and its reply delivered, and the primary exits 0.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ApiResponse, type CheckedClient, HttpApi } from '../helpers/api.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { GREETING_BLOCK, type InboundSetup, setupInbound } from '../helpers/scenario.ts';
import {
  aSecret,
  connectionError,
  freePort,
  killAllServices,
  mintAdminToken,
  type ServiceProcess,
  spawnNode,
  startService,
} from '../helpers/service-process.ts';

/** Five processes starting at once on a loaded 2-core machine take their time. */
const START_MS = 120_000;
const CONNECTION_ERROR = /^(ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_SOCKET)$/;

const prefixes: string[] = [];
afterEach(() => killAllServices());
afterAll(async () => {
  const client = await connectTestRedis();
  for (const prefix of prefixes) await deletePrefix(client, prefix);
  await client.close();
});

function redisEnv(extra: Record<string, string> = {}): Record<string, string> {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  return { REDIS_URL: TEST_REDIS_URL, HOOKGATE_SECRET: aSecret(), HOOKGATE_REDIS_PREFIX: prefix, ...extra };
}

/** The JSON lines a service has logged. */
function logLines(service: ServiceProcess): any[] {
  return service
    .stdout()
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}

/** The processes the primary has seen start, oldest first. */
function startedProcesses(service: ServiceProcess): { pid: number; role: string }[] {
  return logLines(service)
    .filter((line) => line.process === 'primary' && line.msg === 'process started')
    .map((line) => line.child);
}

/** Resolves once the primary has seen `api` and `worker` processes start, and every API process reaches Redis. */
async function waitForProcesses(service: ServiceProcess, api: number, worker: number): Promise<void> {
  const count = (role: string) => startedProcesses(service).filter((p) => p.role === role).length;
  await expect.poll(() => [count('api'), count('worker')], { timeout: START_MS, interval: 200 }).toEqual([api, worker]);
  // Each API process connects to Redis on its own: ready once a run of fresh connections all are.
  let readyInARow = 0;
  await expect
    .poll(
      async () => {
        const res = await freshRequest(service.baseUrl, 'GET', '/readyz');
        readyInARow = res.status === 200 ? readyInARow + 1 : 0;
        return readyInARow;
      },
      { timeout: START_MS, interval: 50 },
    )
    .toBeGreaterThanOrEqual(6);
}

/** One request on a connection of its own, so the primary hands each to the next API process. */
function freshRequest(
  baseUrl: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, {
      method,
      agent: false,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
      },
      timeout: 30_000,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function callBlock(baseUrl: string, block: InboundSetup, contact: string, name: string) {
  return freshRequest(baseUrl, 'POST', `/hooks/${block.webhook.id}`, JSON.stringify({ contact_reference_id: contact, data: { name } }), {
    authorization: `Bearer ${block.tokens.production}`,
  });
}

/** Every item of a paged list. */
async function allPages(api: CheckedClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await api.get(
      `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.data);
    cursor = res.body.nextCursor ?? null;
  } while (cursor);
  return items;
}

/** Whether a process runs (a zombie waiting for its parent to read its exit status does not). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** The sum of a metric's samples whose labels include `labels`. */
function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('several processes on Redis', () => {
  it('serves from both API processes, delivers through the worker processes and reports all of them on /metrics', async () => {
    const opsPort = await freePort();
    const env = redisEnv({
      HOOKGATE_API_PROCESSES: '2',
      HOOKGATE_WORKER_PROCESSES: '2',
      HOOKGATE_ACCESS_LOG: 'all',
      HOOKGATE_OPS_PORT: String(opsPort),
    });
    const service = await startService(env, { timeoutMs: START_MS });
    await waitForProcesses(service, 2, 2);
    const processes = startedProcesses(service);
    const apiPids = processes.filter((p) => p.role === 'api').map((p) => p.pid);
    expect(new Set(processes.map((p) => p.pid)).size).toBe(4);
    expect(processes.map((p) => p.pid)).not.toContain(service.child.pid);

    // Each on a connection of its own: both API processes answer, and each line says which wrote it.
    for (let i = 0; i < 20; i++) expect((await freshRequest(service.baseUrl, 'GET', '/healthz')).status).toBe(200);
    const answeredBy = new Set(
      logLines(service)
        .filter((line) => line.route === '/healthz')
        .map((line) => line.pid),
    );
    expect([...answeredBy].sort()).toEqual([...apiPids].sort());
    for (const line of logLines(service))
      expect(line).toMatchObject({ pid: expect.any(Number), process: expect.stringMatching(/^(primary|api|worker)$/) });

    const api = await HttpApi.connect(service.baseUrl, await mintAdminToken(env.HOOKGATE_SECRET!));
    const block = await setupInbound(api, GREETING_BLOCK);
    const accepted = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await callBlock(service.baseUrl, block, `contact-${i}`, `Name ${i}`);
        expect(res.status, res.body).toBe(202);
        return JSON.parse(res.body);
      }),
    );
    const activityPath = `/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`;
    await expect
      .poll(async () => (await allPages(api, activityPath)).map((a) => a.reply?.status), { timeout: 60_000, interval: 250 })
      .toEqual(accepted.map(() => 'sent'));
    const messages = await allPages(api, `/v1/bots/${block.botId}/channels/${block.accountId}/messages`);
    expect(messages.map((m) => m.messageId).sort()).toEqual(accepted.map((a) => a.reply.messageId).sort());
    const hookLines = logLines(service).filter((line) => String(line.route).startsWith('/hooks/'));
    expect(new Set(hookLines.map((line) => line.pid)).size, 'calls are spread over both API processes').toBe(2);

    // A scrape reaches one API process and reports all four: the calls both API processes
    // accepted, the replies the worker processes sent, each process's own runtime figures.
    const metrics = await freshRequest(service.baseUrl, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metricSum(metrics.body, 'hookgate_inbound_calls_total', { outcome: 'accepted' })).toBe(20);
    expect(metricSum(metrics.body, 'hookgate_replies_total', { result: 'sent' })).toBe(20);
    const healthzLines = logLines(service).filter((line) => line.route === '/healthz');
    expect(metricSum(metrics.body, 'hookgate_http_requests_total', { route: '/healthz' })).toBe(healthzLines.length);
    expect(metrics.body).toContain('nodejs_version_info{');
    // The operations port, shared by all four processes, gives the same view whichever answers.
    for (let i = 0; i < 4; i++) {
      const ops = await freshRequest(`http://127.0.0.1:${opsPort}`, 'GET', '/metrics');
      expect(ops.status).toBe(200);
      expect(metricSum(ops.body, 'hookgate_inbound_calls_total', { outcome: 'accepted' })).toBe(20);
      expect(metricSum(ops.body, 'hookgate_replies_total', { result: 'sent' })).toBe(20);
    }

    expect(await service.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(service.stderr()).toBe('');
  }, 240_000);

  it('replaces a process that dies, while the others keep serving', async () => {
    const env = redisEnv({ HOOKGATE_API_PROCESSES: '2', HOOKGATE_WORKER_PROCESSES: '2', HOOKGATE_ACCESS_LOG: 'all' });
    const service = await startService(env, { timeoutMs: START_MS });
    await waitForProcesses(service, 2, 2);
    const [apiVictim, workerVictim] = [
      startedProcesses(service).find((p) => p.role === 'api')!,
      startedProcesses(service).find((p) => p.role === 'worker')!,
    ];

    process.kill(apiVictim.pid, 'SIGKILL');
    process.kill(workerVictim.pid, 'SIGKILL');
    // A connection the primary hands to a process at the moment it dies is lost with it (as with a
    // single process): once the primary has seen the deaths, the other API process takes them all.
    const crashes = () => logLines(service).filter((line) => line.msg === 'process exited unexpectedly; starting another');
    await expect.poll(() => crashes().length, { timeout: 60_000, interval: 100 }).toBe(2);
    expect((await freshRequest(service.baseUrl, 'GET', '/healthz')).status).toBe(200);
    expect(
      crashes()
        .map((line) => [line.child.pid, line.signal])
        .sort(),
    ).toEqual(
      [
        [apiVictim.pid, 'SIGKILL'],
        [workerVictim.pid, 'SIGKILL'],
      ].sort(),
    );
    await waitForProcesses(service, 3, 3);
    // The first crash of each: replaced after the shortest backoff.
    for (const crash of crashes()) expect(crash).toMatchObject({ crashesInARow: 1, restartInMs: 1000 });

    // The replacement serves: calls are accepted and their replies sent.
    const api = await HttpApi.connect(service.baseUrl, await mintAdminToken(env.HOOKGATE_SECRET!));
    const block = await setupInbound(api, GREETING_BLOCK);
    const accepted = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const res = await callBlock(service.baseUrl, block, `contact-${i}`, `Name ${i}`);
        expect(res.status, res.body).toBe(202);
        return JSON.parse(res.body);
      }),
    );
    await expect
      .poll(
        async () => (await allPages(api, `/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`)).map((a) => a.reply?.status),
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toEqual(accepted.map(() => 'sent'));
    const replacement = startedProcesses(service).filter((p) => p.role === 'api')[2]!;
    const answeredBy = new Set(
      logLines(service)
        .filter((line) => String(line.route).startsWith('/hooks/'))
        .map((line) => line.pid),
    );
    expect(answeredBy.has(replacement.pid), 'the replacement API process takes calls').toBe(true);
    expect(answeredBy.has(apiVictim.pid)).toBe(false);

    expect(await service.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('drains every process on SIGTERM during a load of calls: every 202 is stored and delivered, and the primary exits 0', async () => {
    const env = redisEnv({ HOOKGATE_API_PROCESSES: '2', HOOKGATE_WORKER_PROCESSES: '2', HOOKGATE_ACCESS_LOG: 'off' });
    const service = await startService(env, { timeoutMs: START_MS });
    await waitForProcesses(service, 2, 2);
    const api = await HttpApi.connect(service.baseUrl, await mintAdminToken(env.HOOKGATE_SECRET!));
    const block = await setupInbound(api, GREETING_BLOCK);

    const accepted: { requestId: string; reply: { messageId: string; text: string } }[] = [];
    const answers: number[] = [];
    const errors: string[] = [];
    let signalled = false;
    // Clients calling one after another, each call on a new connection, until the port refuses them.
    const client = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        try {
          const res = await callBlock(service.baseUrl, block, `contact-${n}`, `call ${n}.${i}`);
          answers.push(res.status);
          if (res.status === 202) accepted.push(JSON.parse(res.body));
        } catch (err) {
          const code = (err as { code?: string }).code ?? String(err);
          errors.push(code);
          if (signalled) return;
          throw err;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, n) => client(n)));
    await expect.poll(() => accepted.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(30);
    signalled = true;
    service.child.kill('SIGTERM');
    await load;
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.stderr()).toBe('');
    const lines = logLines(service);
    expect(
      lines
        .filter((line) => line.msg === 'drained; bye')
        .map((line) => line.process)
        .sort(),
    ).toEqual(['api', 'api', 'worker', 'worker']);
    expect(lines.at(-1)).toMatchObject({ process: 'primary', failed: false, msg: 'all processes exited; bye' });
    // Every answer was an acceptance; the calls that got none were refused a connection, not dropped after one.
    expect(answers.filter((status) => status !== 202)).toEqual([]);
    for (const code of errors) expect(code).toMatch(CONNECTION_ERROR);
    expect(await connectionError(service.baseUrl)).toMatch(CONNECTION_ERROR);

    // A new service on the same Redis finds every accepted call and sends each reply once.
    const after = await startService({ ...env, HOOKGATE_API_PROCESSES: '1', HOOKGATE_WORKER_PROCESSES: '1' });
    const reader = await HttpApi.connect(after.baseUrl, await mintAdminToken(env.HOOKGATE_SECRET!));
    const activityPath = `/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`;
    const stored = await allPages(reader, activityPath);
    expect(stored.map((a) => a.requestId).sort()).toEqual(accepted.map((a) => a.requestId).sort());
    await expect
      .poll(async () => (await allPages(reader, activityPath)).map((a) => a.reply?.status), { timeout: 60_000, interval: 250 })
      .toEqual(accepted.map(() => 'sent'));
    const messages = await allPages(reader, `/v1/bots/${block.botId}/channels/${block.accountId}/messages`);
    expect(messages.map((m) => m.messageId).sort()).toEqual(accepted.map((a) => a.reply.messageId).sort());
    expect(await after.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 300_000);
});

describe('a primary that dies', () => {
  it(
    'takes its processes with it: none is left holding work or the port',
    async () => {
      const env = redisEnv({ HOOKGATE_API_PROCESSES: '2', HOOKGATE_WORKER_PROCESSES: '1' });
      const service = await startService(env, { timeoutMs: START_MS });
      await waitForProcesses(service, 2, 1);
      const pids = startedProcesses(service).map((p) => p.pid);
      expect(pids).toHaveLength(3);

      expect(await service.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
      await expect.poll(() => pids.filter(running), { timeout: 30_000, interval: 100 }).toEqual([]);
      expect(await connectionError(service.baseUrl)).toMatch(CONNECTION_ERROR);
    },
    START_MS + 60_000,
  );
});

describe('several processes that cannot start', () => {
  it(
    'stop at once, with exit 1 and the reason, rather than being started again and again',
    async () => {
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '0.0.0.0', resolve));
      try {
        const { port } = squatter.address() as AddressInfo;
        const service = spawnNode('src/main.ts', [], {
          ...redisEnv({ HOOKGATE_API_PROCESSES: '2', HOOKGATE_WORKER_PROCESSES: '1' }),
          PORT: String(port),
        });
        expect(await service.exited).toEqual({ code: 1, signal: null });
        expect(service.stderr()).toContain(`cannot listen on PORT ${port}`);
        expect(service.stderr()).toContain('EADDRINUSE');
        const lines = logLines(service);
        expect(lines.filter((line) => line.msg === 'process failed to start; stopping the others')).toHaveLength(1);
        expect(lines.filter((line) => line.msg === 'process exited unexpectedly; starting another')).toEqual([]);
        expect(lines.at(-1)).toMatchObject({ process: 'primary', failed: true, msg: 'all processes exited; bye' });
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    },
    START_MS,
  );
});

describe('several processes on the in-memory store', () => {
  it.each([
    ['HOOKGATE_API_PROCESSES', { HOOKGATE_API_PROCESSES: '2' }],
    ['HOOKGATE_WORKER_PROCESSES', { HOOKGATE_WORKER_PROCESSES: '3' }],
    ['HOOKGATE_WORKER_PROCESSES', { HOOKGATE_ROLE: 'worker', HOOKGATE_WORKER_PROCESSES: '2' }],
  ])(
    'are refused with one line naming %s',
    async (variable, env) => {
      const service = spawnNode('src/main.ts', [], { PORT: String(await freePort()), ...env });
      const exit = await service.exited;
      expect(exit.code).toBe(2);
      const lines = service
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines, lines.join('\n')).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(lines[0]).toContain('REDIS_URL');
      expect(service.stdout()).not.toMatch(/listening|starting processes/);
    },
    30_000,
  );
});
