/**
 * Resource limits: the admin API's body limit (HOOKGATE_ADMIN_MAX_BODY_BYTES), enforced while
 * reading; the Node server's header and request timeouts; and problem+json for requests Node's
 * parser refuses (duplicate Content-Length, oversized headers, malformed), on a real socket.
 */
import { once } from 'node:events';
import { type AddressInfo, connect } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors, serverOptions } from '../../src/http/node-server.ts';
import { Api, expectProblem, requestApp } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const MIB = 1024 * 1024;

/** A stream of `total` bytes in 64 KiB chunks, counting how many were pulled. */
function counted(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (state.pulled >= total) return controller.close();
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('admin API body limit (1 MiB by default)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    expect(t.config.adminMaxBodyBytes).toBe(MIB);
    token = await t.token();
  });
  afterAll(() => t.close());

  const post = (body: RequestInit['body'], headers: Record<string, string> = {}) =>
    requestApp(t, '/v1/bots', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    });

  it('refuses a 2 MiB body declared by Content-Length with 413 problem+json', async () => {
    const body = JSON.stringify({ name: 'x', description: 'y'.repeat(2 * MIB) });
    const res = await post(body);
    expectProblem(res, 413, 'payload-too-large');
    expect(res.headers.get('connection')).toBe('close');
  });

  it('refuses a streamed 2 MiB body without Content-Length soon after the limit, without reading the rest', async () => {
    const { stream, state } = counted(2 * MIB);
    const res = await post(stream);
    expectProblem(res, 413, 'payload-too-large');
    expect(state.pulled).toBeLessThan(MIB + 256 * 1024);
  });

  it('refuses it on PATCH and unauthenticated too, and accepts a body under the limit', async () => {
    const big = JSON.stringify({ description: 'y'.repeat(2 * MIB) });
    const bot = await new Api(t.app, token).post('/v1/bots', { name: 'Limits' });
    expect(bot.status).toBe(201);
    expectProblem(
      await requestApp(t, `/v1/bots/${bot.body.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: big,
      }),
      413,
    );
    expectProblem(await requestApp(t, '/v1/bots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }), 413);
  });

  it('takes its limit from HOOKGATE_ADMIN_MAX_BODY_BYTES', async () => {
    const small = await createTestApp({ store: 'memory', env: { HOOKGATE_ADMIN_MAX_BODY_BYTES: '2048' } });
    try {
      const api = new Api(small.app, await small.token());
      expect((await api.post('/v1/bots', { name: 'ok', description: 'y'.repeat(1500) })).status).toBe(201);
      expectProblem(await api.post('/v1/bots', { name: 'no', description: 'y'.repeat(2100) }), 413, 'payload-too-large');
    } finally {
      await small.close();
    }
  });
});

/** Sends raw bytes on a new connection; resolves with what came back once the server closes it. */
function rawExchange(port: number, bytes: string, options: { endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(20_000, () => reject(new Error('no answer within 20 s')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve(received));
    socket.write(bytes, () => {
      if (options.endAfterWrite) socket.end();
    });
  });
}

function parse(raw: string): { status: number; headers: string; body: any } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  return { status: Number(head!.split(' ')[1]), headers: head!.toLowerCase(), body: JSON.parse(rest.join('\r\n\r\n')) };
}

describe('the Node server as main.ts builds it', () => {
  let t: TestApp;
  let server: ServerType;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory', env: { HOOKGATE_REQUEST_TIMEOUT_MS: '1500', HOOKGATE_HEADERS_TIMEOUT_MS: '1000' } });
    const options = serverOptions({ requestTimeoutMs: t.config.requestTimeoutMs, headersTimeoutMs: t.config.headersTimeoutMs });
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: options });
    answerClientErrors(server);
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    await t.close();
  });

  it.each([
    ['a duplicate Content-Length', 'POST /v1/bots HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}'],
    [
      'Content-Length with Transfer-Encoding: chunked',
      'POST /v1/bots HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['a malformed request line', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n'],
    ['a bad chunk size', 'POST /v1/bots HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ])('answers %s with 400 problem+json and closes', async (_, request) => {
    const res = parse(await rawExchange(port, request));
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/problem+json');
    expect(res.headers).toContain('connection: close');
    expect(res.body).toMatchObject({ type: 'https://hookgate.dev/problems/bad-request', status: 400, title: 'Bad request' });
  });

  it('answers oversized headers with 431 problem+json', async () => {
    const res = parse(await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.body).toMatchObject({ type: 'https://hookgate.dev/problems/headers-too-large', status: 431 });
  });

  it('answers a body that does not arrive in time with 408 problem+json and closes', async () => {
    const started = Date.now();
    const head = `POST /v1/bots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await t.token()}\r\nContent-Type: application/json`;
    const raw = await rawExchange(port, `${head}\r\nContent-Length: 100\r\n\r\n{"na`);
    expect(Date.now() - started).toBeLessThan(8000);
    const res = parse(raw);
    expect(res.status, raw).toBe(408);
    expect(res.body).toMatchObject({ type: 'https://hookgate.dev/problems/request-timeout', status: 408 });
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const started = Date.now();
    const raw = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(Date.now() - started).toBeLessThan(8000);
    if (raw !== '') expect(parse(raw).status).toBe(408);
  });

  it('still answers a well-formed request', async () => {
    const raw = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw.split(' ')[1]).toBe('200');
  });
});
