/**
 * Process lifecycle as an orchestrator sees it: SIGTERM drains and exits 0, and a bad
 * configuration stops start-up with one line that names the variable.
 */
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpApi } from '../helpers/api.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { GREETING_BLOCK, setupInbound } from '../helpers/scenario.ts';
import {
  aSecret,
  connectionError,
  freePort,
  killAllServices,
  mintAdminToken,
  spawnNode,
  startService,
} from '../helpers/service-process.ts';

const CONNECTION_ERROR = /^(ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_SOCKET)$/;

afterEach(() => killAllServices());

describe('SIGTERM', () => {
  it('finishes a request that is in flight, refuses new connections meanwhile, then exits 0', async () => {
    const secret = aSecret();
    const service = await startService({ HOOKGATE_SECRET: secret });
    const api = await HttpApi.connect(service.baseUrl, await mintAdminToken(secret));
    const block = await setupInbound(api, GREETING_BLOCK);
    const body = JSON.stringify({ contact_reference_id: 'c-1', data: { name: 'Ada' } });

    // `Expect: 100-continue` makes the server confirm it has accepted the request and is waiting
    // for the body: the request is provably in flight when the signal arrives.
    const req = request(`${service.baseUrl}/hooks/${block.webhook.id}`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${block.tokens.production}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => {
      req.once('continue', resolve);
      req.flushHeaders();
    });

    service.child.kill('SIGTERM');
    await service.waitForOutput(/draining/);
    expect(await connectionError(service.baseUrl)).toMatch(CONNECTION_ERROR);
    expect(service.child.exitCode, 'the process must wait for the request in flight').toBeNull();

    req.end(body);
    const res = await response;
    expect(res.status, res.body).toBe(202);
    expect(JSON.parse(res.body)).toMatchObject({ webhookId: block.webhook.id, variables: { customer_name: 'Ada' } });

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.stdout()).toContain('drained');
    expect(await connectionError(service.baseUrl)).toMatch(CONNECTION_ERROR);
  }, 60_000);

  describe('on Redis', () => {
    const prefix = uniquePrefix();
    afterAll(async () => {
      const client = await connectTestRedis();
      await deletePrefix(client, prefix);
      await client.close();
    });

    it('closes the workers and the Redis connections and exits 0 when idle', async () => {
      const service = await startService({ REDIS_URL: TEST_REDIS_URL, HOOKGATE_SECRET: aSecret(), HOOKGATE_REDIS_PREFIX: prefix });
      service.child.kill('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      expect(service.stdout()).toContain('drained');
      expect(service.stderr()).toBe('');
      expect(await connectionError(service.baseUrl)).toMatch(CONNECTION_ERROR);
    }, 60_000);
  });
});

describe('start-up with a bad configuration', () => {
  /** Runs the service with `env` and returns how it exited and what it said on stderr. */
  async function startWith(env: Record<string, string>) {
    const service = spawnNode('src/main.ts', [], { PORT: String(await freePort()), ...env });
    const exit = await service.exited;
    return {
      exit,
      stderrLines: service
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== ''),
      stdout: service.stdout(),
    };
  }

  it.each([
    ['PORT', 'is not a number', { PORT: 'abc' }],
    ['PORT', 'is out of range', { PORT: '70000' }],
    ['REDIS_URL', 'is not a redis:// URL', { REDIS_URL: 'http://127.0.0.1:6379' }],
    ['HOOKGATE_SECRET', 'is missing while REDIS_URL is set', { REDIS_URL: TEST_REDIS_URL }],
    ['HOOKGATE_SECRET', 'is too short', { HOOKGATE_SECRET: 'too-short-but-still-secret' }],
    ['HOOKGATE_ROLE', 'is not a role', { HOOKGATE_ROLE: 'everything' }],
    ['PUBLIC_BASE_URL', 'is not a URL', { PUBLIC_BASE_URL: 'not a url' }],
  ])(
    'exits non-zero with one line naming %s when it %s',
    async (variable, _why, env) => {
      const { exit, stderrLines, stdout } = await startWith(env);
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(stderrLines, stderrLines.join('\n')).toHaveLength(1);
      expect(stderrLines[0]).toContain(variable);
      expect(stderrLines[0]).not.toMatch(/\bat .*:\d+/);
      // A bad value is named, never echoed: it may be a secret.
      for (const value of Object.values(env)) if (value.length > 8) expect(stderrLines[0]).not.toContain(value);
      expect(stdout).not.toMatch(/hookgate listening/);
    },
    30_000,
  );

  it('exits non-zero with one line naming PORT when the port is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '0.0.0.0', resolve));
    try {
      const { port } = squatter.address() as AddressInfo;
      const { exit, stderrLines } = await startWith({ PORT: String(port) });
      expect(exit.code).toBe(1);
      expect(stderrLines, stderrLines.join('\n')).toHaveLength(1);
      expect(stderrLines[0]).toContain(`PORT ${port}`);
      expect(stderrLines[0]).toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 30_000);

  it('exits non-zero with one line naming REDIS_URL when it cannot be used at all', async () => {
    // An unreachable Redis is waited for while the service listens (redis-startup.test.ts); a URL
    // that is not one is a configuration mistake that stops start-up.
    const { exit, stderrLines, stdout } = await startWith({ REDIS_URL: 'redis://[bad', HOOKGATE_SECRET: aSecret() });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderrLines, stderrLines.join('\n')).toHaveLength(1);
    expect(stderrLines[0]).toContain('REDIS_URL');
    expect(stdout).not.toMatch(/hookgate listening/);
  }, 60_000);
});
